package chimesdkmessagingtest

import (
	"fmt"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/types"
)

// TestNoVerbPrintsANameOrFilterRule prints every exported type of this
// package that holds an identity's or a channel's name or a filter rule,
// by value, by pointer and inside a slice, under the verbs a log line
// uses, and checks that neither the name nor the rule shows while the
// ARNs and the operation do.
func TestNoVerbPrintsANameOrFilterRule(t *testing.T) {
	const (
		name = "Jane Sensitive-Name"
		rule = `{"type":["rule-marker-7f3a"]}`
		arn  = "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/jane"
	)
	prefs := &Preferences{PushNotifications: &PushNotifications{AllowNotifications: "FILTERED", FilterRule: ptr.String(rule)}}
	identity := IdentityState{Arn: arn, Name: name}
	app := AppInstanceState{Arn: "arn:aws:chime:us-east-1:111122223333:app-instance/app-1", Name: name, Users: []IdentityState{identity}, Bots: []IdentityState{identity}}
	channel := ChannelState{Arn: "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/general", Name: name,
		Memberships: []MembershipState{{MemberArn: arn, Preferences: prefs}}}
	change := Change{Op: OpCreateAppInstanceUser, Arn: arn, Name: name, Preferences: prefs}
	for _, tt := range []struct {
		name  string
		value any
		want  []string // what must still show
	}{
		{"Change", change, []string{string(OpCreateAppInstanceUser), arn, "Name: " + Redacted, "FilterRule: " + Redacted}},
		{"*Change", &change, []string{arn, "Name: " + Redacted}},
		{"[]Change", []Change{change}, []string{arn}},
		{"IdentityState", identity, []string{arn, "Name: " + Redacted}},
		{"*IdentityState", &identity, []string{arn}},
		{"AppInstanceState", app, []string{app.Arn, arn}},
		{"ChannelState", channel, []string{channel.Arn, arn, "FILTERED"}},
		{"MembershipState", channel.Memberships[0], []string{arn}},
		{"Preferences", *prefs, []string{"FILTERED"}},
		{"*Preferences", prefs, []string{"FILTERED"}},
		{"PushNotifications", *prefs.PushNotifications, []string{"FILTERED"}},
		{"State", State{Version: StateVersion, AppInstances: []AppInstanceState{app}, Channels: []ChannelState{channel}}, []string{app.Arn, channel.Arn}},
		{"map", map[string]any{"c": change, "s": channel}, []string{arn}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
				out := fmt.Sprintf(verb, tt.value)
				assert.NotContains(t, out, name, verb)
				assert.NotContains(t, out, "rule-marker-7f3a", verb)
				assert.NotContains(t, out, fmt.Sprintf("%x", name), verb)
			}
			for _, w := range tt.want {
				assert.Contains(t, fmt.Sprintf("%v", tt.value), w)
			}
		})
	}
	assert.Contains(t, fmt.Sprint(IdentityState{Arn: arn}), `Name: ""`, "an unset name prints as empty")
}

// TestCommittedChangesPrintRedacted: the changes a WithOnCommit hook
// receives and the state read back print without names or filter rules.
func TestCommittedChangesPrintRedacted(t *testing.T) {
	const name, rule = "Jane Sensitive-Name", `{"type":["rule-marker-7f3a"]}`
	var printed []string
	svc := NewService(WithOnCommit(func(cs []Change) error {
		for _, c := range cs {
			printed = append(printed, fmt.Sprintf("%+v", c))
		}
		return nil
	}))
	app, err := svc.CreateAppInstance("app-1", name)
	require.NoError(t, err)
	jane, err := svc.CreateAppInstanceUser(app, "jane", name)
	require.NoError(t, err)
	ch, err := svc.CreateChannel(app, "general", name)
	require.NoError(t, err)
	require.NoError(t, svc.CreateChannelMembership(ch, jane))
	require.NoError(t, svc.SetPreferences(ch, jane, types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsFiltered, FilterRule: ptr.String(rule)}}))
	printed = append(printed, fmt.Sprintf("%#v", svc.Snapshot()))
	require.Len(t, printed, 6)
	for _, p := range printed {
		assert.NotContains(t, p, name)
		assert.NotContains(t, p, "rule-marker-7f3a")
	}
}
