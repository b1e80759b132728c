package chimesdkmessaging_test

import (
	"context"
	"strings"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// TestValidation checks every rule; each case lists the member paths it
// must report, and no case may put a request on the wire.
func TestValidation(t *testing.T) {
	const ctx = "PutChannelMembershipPreferencesInput."
	longArn := "arn:aws:chime:us-east-1:1:" + strings.Repeat("x", 1600)
	secretRule := `{"secret-rule-value":` + strings.Repeat(" ", 2048) + `1}`
	cases := []struct {
		name   string
		mutate func(in *chime.PutChannelMembershipPreferencesInput)
		want   []string // "field|text fragment"
	}{
		{"missing ChannelArn", func(in *chime.PutChannelMembershipPreferencesInput) { in.ChannelArn = nil },
			[]string{ctx + "ChannelArn|missing required field"}},
		{"missing MemberArn", func(in *chime.PutChannelMembershipPreferencesInput) { in.MemberArn = nil },
			[]string{ctx + "MemberArn|missing required field"}},
		{"missing ChimeBearer", func(in *chime.PutChannelMembershipPreferencesInput) { in.ChimeBearer = nil },
			[]string{ctx + "ChimeBearer|missing required field"}},
		{"missing Preferences", func(in *chime.PutChannelMembershipPreferencesInput) { in.Preferences = nil },
			[]string{ctx + "Preferences|missing required field"}},
		{"missing AllowNotifications", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.AllowNotifications = ""
		}, []string{ctx + "Preferences.PushNotifications.AllowNotifications|missing required field"}},
		{"empty label", func(in *chime.PutChannelMembershipPreferencesInput) { in.ChannelArn = ptr.String("") },
			[]string{ctx + "ChannelArn|must not be empty"}},
		{"ARN too short", func(in *chime.PutChannelMembershipPreferencesInput) { in.MemberArn = ptr.String("arn:") },
			[]string{ctx + "MemberArn|between 5 and 1600 characters long (got 4)"}},
		{"ARN too long", func(in *chime.PutChannelMembershipPreferencesInput) { in.ChannelArn = ptr.String(longArn) },
			[]string{ctx + "ChannelArn|between 5 and 1600 characters long (got 1626)"}},
		{"not an ARN", func(in *chime.PutChannelMembershipPreferencesInput) { in.ChimeBearer = ptr.String("user-1-bearer") },
			[]string{ctx + "ChimeBearer|must be an ARN matching"}},
		{"ARN resource starts with slash", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.ChannelArn = ptr.String("arn:aws:chime:us-east-1:1:/channel/x")
		}, []string{ctx + "ChannelArn|must be an ARN"}},
		{"ARN upper-case partition", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.ChannelArn = ptr.String("arn:AWS:chime:us-east-1:1:app-instance/x")
		}, []string{ctx + "ChannelArn|must be an ARN"}},
		{"bearer starting with a newline", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.ChimeBearer = ptr.String("arn:aws:chime:us-east-1:1:\nuser")
		}, []string{ctx + "ChimeBearer|must not contain control characters"}},
		{"ARN not UTF-8", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.MemberArn = ptr.String("arn:aws:chime:us-east-1:1:app/\xff")
		}, []string{ctx + "MemberArn|must be valid UTF-8"}},
		{"FilterRule not UTF-8", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String("{\"secret-rule-value\":\"\xff\"}")
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|must be valid UTF-8"}},
		{"FilterRule empty", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String("")
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|must not be empty"}},
		{"FilterRule over 2 KB", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String(secretRule)
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|must be at most 2048 bytes (2 KB)"}},
		{"FilterRule not JSON", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String("secret-rule-value")
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|invalid JSON"}},
		{"FilterRule value not a list", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String(`{"type":"secret-rule-value"}`)
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|<key 0>: must be a list of strings"}},
		{"FilterRule operator other than anything-but", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String(`{"type":[{"prefix":"secret-rule-value"}]}`)
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|<key 0>[0]"}},
		{"FilterRule a JSON array", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.Preferences.PushNotifications.FilterRule = ptr.String(`["secret-rule-value"]`)
		}, []string{ctx + "Preferences.PushNotifications.FilterRule|must be a JSON object"}},
		{"several at once", func(in *chime.PutChannelMembershipPreferencesInput) {
			in.ChannelArn = nil
			in.MemberArn = ptr.String("nope-nope")
			in.Preferences.PushNotifications.AllowNotifications = ""
			in.Preferences.PushNotifications.FilterRule = ptr.String("secret-rule-value")
		}, []string{
			ctx + "ChannelArn|missing required field",
			ctx + "MemberArn|must be an ARN",
			ctx + "Preferences.PushNotifications.AllowNotifications|missing required field",
			ctx + "Preferences.PushNotifications.FilterRule|invalid JSON",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t)
			in := validInput()
			tc.mutate(in)
			_, err := c.PutChannelMembershipPreferences(context.Background(), in)
			require.Error(t, err)
			assert.Empty(t, ts.Requests(), "no request may be sent for invalid input")

			var ipe smithy.InvalidParamsError
			require.ErrorAs(t, err, &ipe)
			errs := ipe.Errs()
			require.Len(t, errs, len(tc.want), "%v", err)
			for i, w := range tc.want {
				field, frag, _ := strings.Cut(w, "|")
				pe, ok := errs[i].(smithy.InvalidParamError)
				require.True(t, ok)
				assert.Equal(t, field, pe.Field())
				assert.Contains(t, pe.Error(), frag)
			}
			assert.NotContains(t, err.Error(), "secret-rule-value", "FilterRule is sensitive")
		})
	}
}

func TestValidationAcceptsValidEdgeValues(t *testing.T) {
	c, ts := setup(t)
	in := validInput()
	in.ChannelArn = ptr.String("arn:aws-cn:chime:cn-north-1:1:" + strings.Repeat("x", 1023)) // 1024-char resource
	in.MemberArn = ptr.String("arn:a::::b")                                                  // empty optional segments
	in.Preferences.PushNotifications.FilterRule = ptr.String(" {\"a\":" + strings.Repeat(" ", 2036) + "[\"1\"]}")
	require.Len(t, *in.Preferences.PushNotifications.FilterRule, 2048)
	putOK(t, c, in)
	assert.Len(t, ts.Requests(), 1)
}

func TestNilInput(t *testing.T) {
	c, ts := setup(t)
	_, err := c.PutChannelMembershipPreferences(context.Background(), nil)
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe)
	assert.Equal(t, 4, ipe.Len())
	_, err = c.GetChannelMembershipPreferences(context.Background(), nil)
	require.ErrorAs(t, err, &ipe)
	assert.Equal(t, 3, ipe.Len())
	assert.Empty(t, ts.Requests())
}

func TestDisableConstraintValidation(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.DisableConstraintValidation = true })
	in := validInput()
	in.ChimeBearer = ptr.String("not-an-arn")
	in.Preferences.PushNotifications.FilterRule = ptr.String("not json")
	putOK(t, c, in)
	require.Len(t, ts.Requests(), 1)

	// Required members and empty labels are still checked.
	in.MemberArn = ptr.String("")
	in.Preferences = nil
	_, err := c.PutChannelMembershipPreferences(context.Background(), in)
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe)
	assert.Equal(t, 2, ipe.Len())
	assert.Len(t, ts.Requests(), 1)
}

func TestUnknownEnumValueIsNotRejected(t *testing.T) {
	c, ts := setup(t)
	in := validInput()
	in.Preferences.PushNotifications.AllowNotifications = types.AllowNotifications("SOMETHING_NEW")
	putOK(t, c, in)
	assert.Len(t, ts.Requests(), 1)
}

// TestNeverStricterThanTheModel sends values that the model's ChimeArn
// shape admits, read as Smithy reads a pattern (unanchored), though they
// look odd: the service decides about them, not the client.
func TestNeverStricterThanTheModel(t *testing.T) {
	longResource := "arn:aws:chime:us-east-1:111122223333:app-instance/" + strings.Repeat("r", 1500)
	for name, arn := range map[string]string{
		"resource part over 1,024 characters, total under 1,600": longResource,
		"newline inside a path label":                            "arn:aws:chime:us-east-1:1:app\ninstance",
		"text before arn:":                                       "x-arn:aws:chime:us-east-1:1:app-instance/a",
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := setup(t)
			in := validInput()
			in.ChannelArn = ptr.String(arn)
			_, err := c.PutChannelMembershipPreferences(context.Background(), in)
			require.NoError(t, err)
			assert.Len(t, ts.Requests(), 1)
		})
	}
}
