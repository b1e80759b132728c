package chimesdkmessaging

import (
	"fmt"
	"strconv"

	"github.com/chimekit/chimesdkmessaging/types"
)

// loggableKeys are the members whose string values may appear in logged
// bodies; every other member's strings, the sensitive FilterRule and Name
// among them, are redacted.
var loggableKeys = [...]string{
	"ChannelArn", "Member", "Arn", "Preferences", "PushNotifications", "AllowNotifications",
	"Code", "code", "Message", "message", "__type",
}

// RedactJSON returns a copy of a JSON body in which every string value is
// replaced by "***" unless its member is known to be safe to log (ARNs,
// AllowNotifications, error codes and messages). FilterRule and Name are
// always redacted. Malformed input is redacted from where it stops making
// sense.
func RedactJSON(body []byte) []byte {
	out := make([]byte, 0, len(body))
	lastKey := ""
	for i := 0; i < len(body); {
		c := body[i]
		if c != '"' {
			out = append(out, c)
			i++
			continue
		}
		j := i + 1
		for j < len(body) && body[j] != '"' {
			if body[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(body) { // unterminated: redact the rest
			return append(out, `"***`...)
		}
		k := j + 1
		for k < len(body) && (body[k] == ' ' || body[k] == '\t' || body[k] == '\n' || body[k] == '\r') {
			k++
		}
		str := body[i : j+1]
		switch {
		case k < len(body) && body[k] == ':':
			lastKey = string(body[i+1 : j])
			out = append(out, str...)
		case !isLoggableKey(lastKey):
			out = append(out, `"***"`...)
		default:
			out = append(out, str...)
		}
		i = j + 1
	}
	return out
}

func isLoggableKey(k string) bool {
	for _, s := range loggableKeys {
		if k == s {
			return true
		}
	}
	return false
}

// redactedSnippet returns up to 64 bytes of body around offset for a
// deserialization error, with every string that is not an object key
// replaced by "***": values may be sensitive members (FilterRule,
// Identity.Name). Keys and the JSON structure stay visible.
func redactedSnippet(body []byte, offset int) []byte {
	start, end := offset-48, offset+16
	if start < 0 {
		start = 0
	}
	if end > len(body) {
		end = len(body)
	}
	var out []byte
	for i := 0; i < end; {
		c := body[i]
		if c != '"' {
			if i >= start {
				out = append(out, c)
			}
			i++
			continue
		}
		j := i + 1 // find the closing quote
		for j < len(body) && body[j] != '"' {
			if body[j] == '\\' {
				j++
			}
			j++
		}
		k := j + 1
		for k < len(body) && (body[k] == ' ' || body[k] == '\t' || body[k] == '\n' || body[k] == '\r') {
			k++
		}
		isKey := k < len(body) && body[k] == ':'
		for p := i; p <= j && p < end; p++ {
			if p < start {
				continue
			}
			switch {
			case isKey || p == i:
				out = append(out, body[p])
			case p == j:
				out = append(out, "***\""...)
			}
		}
		i = j + 1
	}
	return out
}

func strOrNil(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func prefsString(p *types.ChannelMembershipPreferences) string {
	if p == nil {
		return "<nil>"
	}
	return p.String()
}

func outputString(channelArn *string, member *types.Identity, prefs *types.ChannelMembershipPreferences) string {
	m := "<nil>"
	if member != nil {
		m = member.String()
	}
	return "{ChannelArn:" + strOrNil(channelArn) + " Member:" + m + " Preferences:" + prefsString(prefs) + "}"
}

// formatString writes s for any fmt verb (quoted for %q), so fmt never walks
// a struct's fields and prints a sensitive member.
func formatString(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}
