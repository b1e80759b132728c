package chimesdkmessagingtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/chimekit/chimesdkmessaging/filterrule"
)

// MaxFilterRuleBytes is the largest FilterRule the service accepts (2 KB).
const MaxFilterRuleBytes = filterrule.MaxRuleBytes

// Allowed values of AllowNotifications.
const (
	allowAll      = "ALL"
	allowNone     = "NONE"
	allowFiltered = "FILTERED"
)

// request is a validated operation input.
type request struct {
	op          operation
	channelArn  string
	memberArn   string
	bearer      string
	preferences *Preferences // Put only
}

// parseRequest checks what the service checks before looking at its state:
// the bearer header, the ARN shapes of both labels and the bearer, and for
// Put the JSON body.
func parseRequest(r *http.Request, rt routeMatch, body []byte) (*request, *apiError) {
	bearers := r.Header.Values("X-Amz-Chime-Bearer")
	if len(bearers) == 0 || bearers[0] == "" {
		return nil, newAPIError(BadRequestException, "the x-amz-chime-bearer header is missing; set ChimeBearer to the ARN of the AppInstanceUser or AppInstanceBot making the call")
	}
	req := &request{op: rt.op, channelArn: rt.channelArn, memberArn: rt.memberArn, bearer: bearers[0]}
	for _, c := range []struct{ field, v string }{
		{"ChannelArn", req.channelArn}, {"MemberArn", req.memberArn}, {"ChimeBearer", req.bearer},
	} {
		if msg := checkChimeArn(c.field, c.v); msg != "" {
			return nil, newAPIError(BadRequestException, msg)
		}
	}
	if _, ok := appInstanceOfIdentity(req.bearer); !ok {
		return nil, newAPIError(BadRequestException, fmt.Sprintf("ChimeBearer %q is not an AppInstanceUser or AppInstanceBot ARN (arn:aws:chime:{region}:{account}:app-instance/{id}/user/{id} or .../bot/{id})", req.bearer))
	}
	if _, ok := appInstanceOfIdentity(req.memberArn); !ok {
		return nil, newAPIError(BadRequestException, fmt.Sprintf("MemberArn %q is not an AppInstanceUser or AppInstanceBot ARN (arn:aws:chime:{region}:{account}:app-instance/{id}/user/{id} or .../bot/{id})", req.memberArn))
	}
	if _, ok := appInstanceOfChannel(req.channelArn); !ok {
		return nil, newAPIError(BadRequestException, fmt.Sprintf("ChannelArn %q is not a channel ARN (arn:aws:chime:{region}:{account}:app-instance/{id}/channel/{id})", req.channelArn))
	}
	if rt.op == opPut {
		p, apiErr := parsePreferencesBody(body)
		if apiErr != nil {
			return nil, apiErr
		}
		req.preferences = p
	}
	return req, nil
}

// jsonObject decodes raw as a JSON object; keys are then looked up
// case-sensitively, as the service does. A JSON null yields a nil map.
func jsonObject(raw []byte, field string) (map[string]json.RawMessage, *apiError) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || (m == nil && !isNull(raw)) {
		return nil, newAPIError(BadRequestException, field+" must be a JSON object")
	}
	return m, nil
}

func isNull(raw []byte) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// present returns m[key] unless it is missing or null.
func present(m map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	v, ok := m[key]
	if !ok || isNull(v) {
		return nil, false
	}
	return v, true
}

// parsePreferencesBody decodes and checks {"Preferences":{...}}.
func parsePreferencesBody(body []byte) (*Preferences, *apiError) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, newAPIError(BadRequestException, `the request body is empty; send a JSON object such as {"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`)
	}
	// On the raw bytes: decoding would turn an invalid byte into U+FFFD
	// and hide it. JSON text exchanged between systems is UTF-8 (RFC 8259,
	// section 8.1).
	if !utf8.Valid(body) {
		return nil, newAPIError(BadRequestException, fmt.Sprintf("the request body is not valid UTF-8 (first invalid byte at offset %d); send JSON encoded as UTF-8", invalidUTF8Offset(body)))
	}
	if !json.Valid(body) {
		return nil, newAPIError(BadRequestException, "the request body is not valid JSON")
	}
	top, apiErr := jsonObject(body, "the request body")
	if apiErr != nil {
		return nil, apiErr
	}
	rawPrefs, ok := present(top, "Preferences")
	if !ok {
		return nil, newAPIError(BadRequestException, "Preferences is required; send {} for no preferences")
	}
	pm, apiErr := jsonObject(rawPrefs, "Preferences")
	if apiErr != nil {
		return nil, apiErr
	}
	prefs := &Preferences{}
	rawPN, ok := present(pm, "PushNotifications")
	if !ok {
		return prefs, nil
	}
	pnm, apiErr := jsonObject(rawPN, "Preferences.PushNotifications")
	if apiErr != nil {
		return nil, apiErr
	}
	pn := &PushNotifications{}
	rawAllow, ok := present(pnm, "AllowNotifications")
	if !ok {
		return nil, newAPIError(BadRequestException, "Preferences.PushNotifications.AllowNotifications is required; use ALL, NONE or FILTERED")
	}
	if err := json.Unmarshal(rawAllow, &pn.AllowNotifications); err != nil {
		return nil, newAPIError(BadRequestException, "Preferences.PushNotifications.AllowNotifications must be a string: ALL, NONE or FILTERED")
	}
	if rawRule, ok := present(pnm, "FilterRule"); ok {
		var rule string
		if err := json.Unmarshal(rawRule, &rule); err != nil {
			return nil, newAPIError(BadRequestException, "Preferences.PushNotifications.FilterRule must be a string holding a JSON object")
		}
		pn.FilterRule = &rule
	}
	prefs.PushNotifications = pn
	if msg := checkPreferences(prefs); msg != "" {
		return nil, newAPIError(BadRequestException, msg)
	}
	return prefs, nil
}

// checkPreferences reports why p breaks the service's constraints, or "".
// The message never quotes the FilterRule, which is sensitive.
func checkPreferences(p *Preferences) string {
	pn := p.PushNotifications
	if pn == nil {
		return ""
	}
	switch pn.AllowNotifications {
	case allowAll, allowNone, allowFiltered:
	case "":
		return "Preferences.PushNotifications.AllowNotifications is required; use ALL, NONE or FILTERED"
	default:
		return fmt.Sprintf("Preferences.PushNotifications.AllowNotifications must be ALL, NONE or FILTERED; got %q", pn.AllowNotifications)
	}
	if pn.FilterRule == nil {
		// FILTERED without a rule is accepted, and notifies as the empty
		// rule does (see package filterrule, "FILTERED without a
		// FilterRule").
		return ""
	}
	if _, err := filterrule.Parse(*pn.FilterRule); err != nil {
		// The parser's message names places by position and never quotes
		// the rule.
		return "Preferences.PushNotifications.FilterRule is not a valid filter rule: " + err.Error()
	}
	return ""
}

// invalidUTF8Offset returns the offset of the first byte of b that does not
// start a valid UTF-8 sequence, or len(b).
func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
