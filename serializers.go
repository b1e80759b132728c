package chimesdkmessaging

import (
	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/types"
)

// preferencesPath builds the URI of the preferences resource of one
// membership, /channels/{ChannelArn}/memberships/{MemberArn}/preferences,
// both decoded (for URL.Path) and escaped (for URL.RawPath). Both are cut
// from one string, so the pair costs one allocation.
func preferencesPath(channelArn, memberArn string) (path, rawPath string) {
	const (
		p1 = "/channels/"
		p2 = "/memberships/"
		p3 = "/preferences"
	)
	n := len(p1) + len(p2) + len(p3)
	b := make([]byte, 0, 2*n+4*(len(channelArn)+len(memberArn)))
	b = append(b, p1...)
	b = append(b, channelArn...)
	b = append(b, p2...)
	b = append(b, memberArn...)
	b = append(b, p3...)
	split := len(b)
	b = append(b, p1...)
	b = appendLabel(b, channelArn)
	b = append(b, p2...)
	b = appendLabel(b, memberArn)
	b = append(b, p3...)
	both := string(b)
	return both[:split], both[split:]
}

// appendLabel appends v percent-encoded as a non-greedy URI label: every byte
// but the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~) becomes %XX with
// upper-case hex, so "/" and ":" are encoded too.
func appendLabel(dst []byte, v string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isUnreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hex[c>>4], hex[c&0xF])
	}
	return dst
}

func isUnreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// appendPreferencesBody appends the JSON body {"Preferences":{...}} with unset
// members left out. FilterRule travels as a JSON string, never as an object.
func appendPreferencesBody(dst []byte, p *types.ChannelMembershipPreferences) []byte {
	dst = append(dst, `{"Preferences":{`...)
	if pn := p.PushNotifications; pn != nil {
		dst = append(dst, `"PushNotifications":{`...)
		comma := false
		if pn.AllowNotifications != "" {
			dst = append(dst, `"AllowNotifications":`...)
			dst = jsonwire.AppendString(dst, string(pn.AllowNotifications))
			comma = true
		}
		if pn.FilterRule != nil {
			if comma {
				dst = append(dst, ',')
			}
			dst = append(dst, `"FilterRule":`...)
			dst = jsonwire.AppendString(dst, *pn.FilterRule)
		}
		dst = append(dst, '}')
	}
	return append(dst, "}}"...)
}
