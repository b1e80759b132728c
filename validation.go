package chimesdkmessaging

import (
	"strconv"
	"unicode/utf8"

	smithy "github.com/aws/smithy-go"

	"github.com/chimekit/chimesdkmessaging/filterrule"
	"github.com/chimekit/chimesdkmessaging/internal/chimearn"
	"github.com/chimekit/chimesdkmessaging/types"
)

// ConstraintError is one violated rule of one input member. It satisfies
// smithy.InvalidParamError, so it travels in the same *smithy.InvalidParamsError
// as the required-member errors. Its text names the member path and the rule;
// it quotes a value only when the member is not sensitive.
type ConstraintError struct {
	context string
	nested  string
	field   string
	rule    string
}

func newConstraintError(field, rule string) *ConstraintError {
	return &ConstraintError{field: field, rule: rule}
}

// Error returns "<rule>, <member path>.", in the style of smithy's own
// required-member errors.
func (e *ConstraintError) Error() string { return e.rule + ", " + e.Field() + "." }

// Rule describes the violated rule.
func (e *ConstraintError) Rule() string { return e.rule }

// Field returns the member path, e.g.
// PutChannelMembershipPreferencesInput.Preferences.PushNotifications.FilterRule.
func (e *ConstraintError) Field() string {
	s := e.context
	if e.nested != "" {
		if s != "" {
			s += "."
		}
		s += e.nested
	}
	if s != "" {
		s += "."
	}
	return s + e.field
}

// SetContext sets the base context (the input shape's name).
func (e *ConstraintError) SetContext(ctx string) { e.context = ctx }

// AddNestedContext prepends ctx to the member path.
func (e *ConstraintError) AddNestedContext(ctx string) {
	if e.nested == "" {
		e.nested = ctx
		return
	}
	e.nested = ctx + "." + e.nested
}

// validateChimeArn reports the first rule a ChimeArn value breaks, or "":
// the model's length bounds and pattern, as package chimearn reads them. A
// value sent as a header (ChimeBearer) must also be free of control
// characters, which no HTTP header can carry.
func validateChimeArn(v string, inHeader bool) string {
	if !chimearn.InBounds(v) {
		return "must be between " + strconv.Itoa(chimearn.MinLength) + " and " + strconv.Itoa(chimearn.MaxLength) +
			" characters long (got " + strconv.Itoa(chimearn.Length(v)) + ")"
	}
	if !utf8.ValidString(v) {
		return "must be valid UTF-8"
	}
	if inHeader && hasControl(v) {
		return "must not contain control characters (it travels in the x-amz-chime-bearer header)"
	}
	if !chimearn.MatchPattern(v) {
		return "must be an ARN matching arn:<partition>:<service>:<region>:<account>:<resource> (got " + quoteShort(v) + ")"
	}
	return ""
}

// hasControl reports whether s holds an ASCII control character other than
// a tab, which HTTP header values cannot carry.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return true
		}
	}
	return false
}

// validateFilterRule reports the first rule a FilterRule breaks, or "": the
// filter-rule language and limits of the Amazon Chime SDK developer guide,
// as package filterrule checks them. Its message names the place in the
// rule and the rule broken, never a value of the rule (it is sensitive).
func validateFilterRule(v string) string {
	if _, err := filterrule.Parse(v); err != nil {
		return err.Error()
	}
	return ""
}

func quoteShort(s string) string {
	const max = 80
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "..."
	}
	return strconv.Quote(s)
}

// validatePreferences checks the Preferences member and adds what it finds
// under the member path Preferences.PushNotifications.
func validatePreferences(p *types.ChannelMembershipPreferences, constraints bool, errs *smithy.InvalidParamsError) {
	pn := p.PushNotifications
	if pn == nil {
		return
	}
	var nested smithy.InvalidParamsError
	if pn.AllowNotifications == "" {
		nested.Add(smithy.NewErrParamRequired("AllowNotifications"))
	}
	if constraints && pn.FilterRule != nil {
		if rule := validateFilterRule(*pn.FilterRule); rule != "" {
			nested.Add(newConstraintError("FilterRule", rule))
		}
	}
	if nested.Len() > 0 {
		errs.AddNested("Preferences.PushNotifications", nested)
	}
}

// validateArnMember checks one required ChimeArn member; inHeader says it
// travels as a header value.
func validateArnMember(name string, v *string, inHeader, constraints bool, errs *smithy.InvalidParamsError) {
	switch {
	case v == nil:
		errs.Add(smithy.NewErrParamRequired(name))
	case *v == "":
		errs.Add(newConstraintError(name, "must not be empty"))
	case constraints:
		if rule := validateChimeArn(*v, inHeader); rule != "" {
			errs.Add(newConstraintError(name, rule))
		}
	}
}
