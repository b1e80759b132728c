package chimesdkmessaging

import (
	"strconv"
	"strings"
	"unicode/utf8"

	smithy "github.com/aws/smithy-go"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Limits from the service model and documentation, checked before any I/O.
const (
	arnMinLength        = 5
	arnMaxLength        = 1600
	filterRuleMaxBytes  = 2048
	filterRuleMinLength = 1
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

// validateChimeArn reports the first rule a ChimeArn value breaks, or "".
func validateChimeArn(v string) string {
	// Characters are counted only when the byte length cannot settle the
	// rule: at most 1600 bytes is at most 1600 characters, and 20 bytes or
	// more are at least 5 characters (a character is at most 4 bytes).
	n := len(v)
	if n > arnMaxLength || n < 4*arnMinLength {
		n = utf8.RuneCountInString(v)
	}
	if n < arnMinLength || n > arnMaxLength {
		return "must be between " + strconv.Itoa(arnMinLength) + " and " + strconv.Itoa(arnMaxLength) +
			" characters long (got " + strconv.Itoa(n) + ")"
	}
	if !utf8.ValidString(v) {
		return "must be valid UTF-8"
	}
	if hasControl(v) {
		return "must not contain control characters (it travels in the URL path or the x-amz-chime-bearer header)"
	}
	if !matchChimeArn(v) {
		return "must be an ARN matching arn:<partition>:<service>:<region>:<account>:<resource> (got " + quoteShort(v) + ")"
	}
	return ""
}

// matchChimeArn is a hand-written full match of the model's ChimeArn
// pattern arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/].{0,1023}
// where "." is any character but a newline.
func matchChimeArn(v string) bool {
	if len(v) < 4 || v[:4] != "arn:" {
		return false
	}
	i := 4
	for seg := 0; seg < 4; seg++ {
		start := i
		for i < len(v) && isArnSegmentByte(v[i]) {
			i++
		}
		n := i - start
		if n > 63 || (seg == 0 && n == 0) || i >= len(v) || v[i] != ':' {
			return false
		}
		i++
	}
	rest := v[i:]
	if rest == "" || rest[0] == '/' || strings.IndexByte(rest[1:], '\n') >= 0 {
		return false
	}
	return len(rest) <= 1024 || utf8.RuneCountInString(rest) <= 1024
}

// hasControl reports whether s holds an ASCII control character. It tests
// eight bytes at a time: a word has a byte below 0x20 when subtracting
// 0x20 from every byte borrows into a byte whose top bit was clear, and a
// byte 0x7f when XOR with 0x7f leaves a zero byte.
func hasControl(s string) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		y := x ^ 0x7f*ones
		if ((x-0x20*ones)&^x|(y-ones)&^y)&highs != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func isArnSegmentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// validateFilterRule reports the first rule a FilterRule breaks, or "". The
// value is sensitive, so no rule text quotes it.
func validateFilterRule(v string) string {
	if utf8.RuneCountInString(v) < filterRuleMinLength {
		return "must be at least 1 character long"
	}
	if !utf8.ValidString(v) {
		return "must be valid UTF-8 (it would be sent altered)"
	}
	if len(v) > filterRuleMaxBytes {
		return "must be at most 2 KB (2048 bytes) long (got " + strconv.Itoa(len(v)) + " bytes)"
	}
	if !isJSONObject(v) {
		return "must be a JSON object, e.g. {\"type\":[\"urgent\"]}"
	}
	return ""
}

// isJSONObject reports whether s is exactly one valid JSON object.
func isJSONObject(s string) bool {
	var d jsonwire.Decoder
	d.Reset([]byte(s))
	if d.Kind() != jsonwire.KindObject {
		return false
	}
	d.Skip()
	d.End()
	return d.Err() == nil
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

// validateArnMember checks one required ChimeArn member.
func validateArnMember(name string, v *string, constraints bool, errs *smithy.InvalidParamsError) {
	switch {
	case v == nil:
		errs.Add(smithy.NewErrParamRequired(name))
	case *v == "":
		errs.Add(newConstraintError(name, "must not be empty"))
	case constraints:
		if rule := validateChimeArn(*v); rule != "" {
			errs.Add(newConstraintError(name, rule))
		}
	}
}
