package chimesdkmessaging

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzSanitizeErrorCode checks the error-code sanitiser: the result holds no
// ':', no '#' and no surrounding space, is a substring of the input, and
// sanitising twice changes nothing.
func FuzzSanitizeErrorCode(f *testing.F) {
	for _, s := range []string{
		"ThrottledClientException",
		"ThrottledClientException:http://internal.amazon.com/coral/com.amazonaws.chime/",
		"com.amazonaws.chime#ForbiddenException",
		"aws.chime#BadRequestException:extra#x",
		"#", ":", "a#b#c", " Padded ", "", "ünïcode#Exc:é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := SanitizeErrorCode(raw)
		assert.NotContains(t, got, ":")
		assert.NotContains(t, got, "#")
		assert.Equal(t, strings.TrimSpace(got), got)
		assert.Contains(t, raw, got)
		assert.Equal(t, got, SanitizeErrorCode(got))
	})
}

// wireOutput mirrors the output's JSON for encoding/json.
type wireOutput struct {
	ChannelArn  *string
	Member      *struct{ Arn, Name *string }
	Preferences *struct {
		PushNotifications *struct {
			AllowNotifications string
			FilterRule         *string
		}
	}
}

// FuzzDecodeOutput decodes arbitrary bodies with the client's decoder and
// with encoding/json and requires the same verdict and the same values.
// Inputs encoding/json reads differently by design are skipped: keys that
// match a member only without regard to case (the client matches exactly,
// as the AWS SDK does) and duplicate keys (encoding/json merges them).
func FuzzDecodeOutput(f *testing.F) {
	for _, s := range []string{
		`{"ChannelArn":"arn:aws:chime:us-east-1:1:app-instance/a/channel/c","Member":{"Arn":"x","Name":"Jane"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"a\":1}"}}}`,
		`{}`, ``, ` `, `null`, `{"ChannelArn":null}`, `{"Member":[]}`, `{"ChannelArn":1}`,
		`{"Preferences":{"PushNotifications":{"AllowNotifications":null}}}`,
		`{"X":{"Y":[1,2.5e3,true,false,null,"s"]},"ChannelArn":"\u00e9\ud83d\ude00"}`,
		`{"ChannelArn":"a"} x`, `[1]`, `"s"`, `{"ChannelArn":"\xff"}`, `{"a":}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if hasCaseFoldedOrDuplicateKeys(body) {
			t.Skip("encoding/json reads such keys differently by design")
		}
		got, gotErr := decodeBody(body, decodePutOutput)

		var want wireOutput
		wantErr := json.Unmarshal(body, &want)
		if len(bytes.Trim(body, " \t\r\n")) == 0 {
			wantErr = nil // an empty body is an empty output
		}
		if wantErr != nil || gotErr != nil {
			require.Equal(t, wantErr != nil, gotErr != nil, "verdicts differ: encoding/json %v, ours %v", wantErr, gotErr)
			return
		}
		out := got.(*PutChannelMembershipPreferencesOutput)
		assert.Equal(t, want.ChannelArn, out.ChannelArn)
		if want.Member == nil {
			assert.Nil(t, out.Member)
		} else {
			require.NotNil(t, out.Member)
			assert.Equal(t, want.Member.Arn, out.Member.Arn)
			assert.Equal(t, want.Member.Name, out.Member.Name)
		}
		if want.Preferences == nil {
			assert.Nil(t, out.Preferences)
			return
		}
		require.NotNil(t, out.Preferences)
		wp, gp := want.Preferences.PushNotifications, out.Preferences.PushNotifications
		if wp == nil {
			assert.Nil(t, gp)
			return
		}
		require.NotNil(t, gp)
		assert.Equal(t, wp.AllowNotifications, string(gp.AllowNotifications))
		assert.Equal(t, wp.FilterRule, gp.FilterRule)
	})
}

var modelKeys = []string{"ChannelArn", "Member", "Arn", "Name", "Preferences", "PushNotifications", "AllowNotifications", "FilterRule"}

// hasCaseFoldedOrDuplicateKeys reports whether any object in body has a key
// equal to a model member name only without regard to case, or the same
// key twice.
func hasCaseFoldedOrDuplicateKeys(body []byte) bool {
	type frame struct {
		keys    map[string]bool // nil for arrays
		wantKey bool
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var stack []*frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if n := len(stack); n > 0 && stack[n-1].wantKey {
			if key, ok := tok.(string); ok {
				top := stack[n-1]
				if top.keys[key] {
					return true
				}
				top.keys[key] = true
				for _, k := range modelKeys {
					if k != key && strings.EqualFold(k, key) {
						return true
					}
				}
				top.wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			valueDone()
		}
	}
}
