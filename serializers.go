package chimesdkmessaging

import (
	"fmt"

	smithy "github.com/aws/smithy-go"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/internal/rfc3986"
	"github.com/chimekit/chimesdkmessaging/types"
)

// preferencesPath builds the URI of the preferences resource of one
// membership, /channels/{ChannelArn}/memberships/{MemberArn}/preferences,
// both decoded (for URL.Path) and escaped (for URL.RawPath) with every
// label byte outside RFC 3986's unreserved set percent-encoded, "/" and ":"
// included. Both are cut from one string built in a stack buffer when it
// fits: one allocation for the pair.
func preferencesPath(channelArn, memberArn string) (path, rawPath string) {
	const (
		p1 = "/channels/"
		p2 = "/memberships/"
		p3 = "/preferences"
	)
	var stack [1024]byte
	b := stack[:0]
	b = append(append(append(append(append(b, p1...), channelArn...), p2...), memberArn...), p3...)
	split := len(b)
	b = rfc3986.AppendEscaped(append(b, p1...), channelArn, false)
	b = rfc3986.AppendEscaped(append(b, p2...), memberArn, false)
	both := string(append(b, p3...))
	return both[:split], both[split:]
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

// checkLabels rejects nil or empty path labels before any I/O.
func checkLabels(channelArn, memberArn *string) error {
	if channelArn == nil || *channelArn == "" {
		return &smithy.SerializationError{Err: fmt.Errorf("input member ChannelArn must not be empty")}
	}
	if memberArn == nil || *memberArn == "" {
		return &smithy.SerializationError{Err: fmt.Errorf("input member MemberArn must not be empty")}
	}
	return nil
}
