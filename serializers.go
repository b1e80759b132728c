package chimesdkmessaging

import (
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/types"
)

// preferencesPath builds the URI of the preferences resource of one
// membership, /channels/{ChannelArn}/memberships/{MemberArn}/preferences,
// both decoded (for URL.Path) and escaped (for URL.RawPath). Both are cut
// from one exactly sized string: one allocation for the pair.
func preferencesPath(channelArn, memberArn string) (path, rawPath string) {
	const (
		p1 = "/channels/"
		p2 = "/memberships/"
		p3 = "/preferences"
	)
	n := len(p1) + len(p2) + len(p3)
	split := n + len(channelArn) + len(memberArn)
	var b strings.Builder
	b.Grow(split + n + labelLen(channelArn) + labelLen(memberArn))
	b.WriteString(p1)
	b.WriteString(channelArn)
	b.WriteString(p2)
	b.WriteString(memberArn)
	b.WriteString(p3)
	b.WriteString(p1)
	writeLabel(&b, channelArn)
	b.WriteString(p2)
	writeLabel(&b, memberArn)
	b.WriteString(p3)
	both := b.String()
	return both[:split], both[split:]
}

// labelLen is the length of v once percent-encoded as a label.
func labelLen(v string) int {
	n := len(v)
	for i := 0; i < len(v); i++ {
		n += int(labelExtra[v[i]])
	}
	return n
}

// writeLabel writes v percent-encoded as a non-greedy URI label: every byte
// but the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~) becomes %XX with
// upper-case hex, so "/" and ":" are encoded too.
func writeLabel(b *strings.Builder, v string) {
	start := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if labelExtra[c] == 0 {
			continue
		}
		b.WriteString(v[start:i])
		b.WriteString(percentEscapes[3*int(c) : 3*int(c)+3])
		start = i + 1
	}
	b.WriteString(v[start:])
}

func isUnreserved(c byte) bool { return labelExtra[c] == 0 }

// labelExtra holds, per byte, how many bytes its label encoding adds: 0 for
// the unreserved set, 2 for every byte that becomes %XX.
var labelExtra = func() (t [256]uint8) {
	for c := range t {
		b := byte(c)
		if !(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' ||
			b == '-' || b == '.' || b == '_' || b == '~') {
			t[c] = 2
		}
	}
	return t
}()

// percentEscapes is "%00%01...%FF": the escape of byte c starts at 3*c.
var percentEscapes = func() string {
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, 3*256)
	for c := 0; c < 256; c++ {
		b = append(b, '%', hex[c>>4], hex[c&0xF])
	}
	return string(b)
}()

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
