package chimesdkmessagingtest

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/types"
)

func TestSnapshotRestoreRoundTrip(t *testing.T) {
	f := setup(t)
	resp, _ := f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode)

	snap := f.srv.Snapshot()
	assert.Equal(t, StateVersion, snap.Version)
	data, err := json.Marshal(snap)
	require.NoError(t, err)

	var back State
	require.NoError(t, json.Unmarshal(data, &back))
	svc := NewService()
	require.NoError(t, svc.Restore(back))
	again, err := json.Marshal(svc.Snapshot())
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.Equal(t, string(data), string(again), "snapshots are sorted, so equal states marshal equally")

	p, err := svc.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsFiltered, p.PushNotifications.AllowNotifications)
	m := findMembership(t, back, f.ch, f.member)
	assert.Equal(t, `{"type":["urgent"]}`, *m.Preferences.PushNotifications.FilterRule)

	ch := back.Channels[0]
	assert.Equal(t, []string{f.banned}, ch.Bans)
	assert.Equal(t, []string{f.moderator}, ch.Moderators)
	assert.Equal(t, []string{f.admin}, back.AppInstances[0].Admins)
	assert.Len(t, back.AppInstances[0].Bots, 1)
}

func TestRestoreRejectsBrokenState(t *testing.T) {
	f := setup(t)
	good := f.srv.Snapshot()
	tests := []struct {
		name string
		edit func(s *State)
		msg  string
	}{
		{"future version", func(s *State) { s.Version = 99 }, "state version 99 is not supported"},
		{"member that does not exist", func(s *State) {
			s.Channels[0].Memberships = append(s.Channels[0].Memberships, MembershipState{MemberArn: f.app + "/user/ghost"})
		}, "must be an existing AppInstanceUser"},
		{"channel of a missing app instance", func(s *State) { s.Channels[0].Arn = f.srv.AppInstanceArn("gone") + "/channel/c" }, "does not exist"},
		{"invalid stored preferences", func(s *State) {
			s.Channels[0].Memberships[0].Preferences = &Preferences{PushNotifications: &PushNotifications{AllowNotifications: "SOMETIMES"}}
		}, "must be ALL, NONE or FILTERED"},
		{"banned member", func(s *State) {
			s.Channels[0].Memberships = append(s.Channels[0].Memberships, MembershipState{MemberArn: f.banned})
		}, "is banned"},
		{"duplicate app instance", func(s *State) { s.AppInstances = append(s.AppInstances, s.AppInstances[0]) }, "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s State
			data, err := json.Marshal(good)
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(data, &s))
			tt.edit(&s)
			assert.ErrorContains(t, f.srv.Restore(s), tt.msg)
			assert.Equal(t, good, f.srv.Snapshot(), "a failed Restore changes nothing")
		})
	}
}

func TestSeedingErrors(t *testing.T) {
	f := setup(t)
	_, err := f.srv.CreateAppInstance("app-1", "")
	assert.ErrorContains(t, err, "already exists")
	_, err = f.srv.CreateAppInstance("bad/id", "")
	assert.ErrorContains(t, err, "must be 1-64 characters")
	_, err = f.srv.CreateAppInstanceUser(f.srv.AppInstanceArn("missing"), "u", "")
	assert.ErrorContains(t, err, "create it first")
	_, err = f.srv.CreateChannel(f.srv.AppInstanceArn("missing"), "c", "")
	assert.ErrorContains(t, err, "create it first")
	assert.ErrorContains(t, f.srv.CreateAppInstanceAdmin(f.app, f.bot), "must be an existing AppInstanceUser")
	assert.ErrorContains(t, f.srv.CreateChannelMembership(f.ch, f.foreign), "must be an existing AppInstanceUser or AppInstanceBot of")
	assert.ErrorContains(t, f.srv.CreateChannelModerator(f.ch, f.banned), "banned")
	assert.ErrorContains(t, f.srv.DeleteChannelMembership(f.ch, f.outsider), "not a member")
	assert.ErrorContains(t, f.srv.SetPreferences(f.ch, f.outsider, types.ChannelMembershipPreferences{}), "not a member")
	assert.ErrorContains(t, f.srv.SetPreferences(f.ch, f.member, types.ChannelMembershipPreferences{
		PushNotifications: &types.PushNotificationPreferences{AllowNotifications: "FILTERED", FilterRule: strPtr("nope")},
	}), "must be a JSON object")
	_, err = f.srv.Preferences(f.app+"/channel/none", f.member)
	assert.ErrorContains(t, err, "does not exist")

	generated, err := f.srv.CreateAppInstance("", "")
	require.NoError(t, err)
	assert.Regexp(t, `^arn:aws:chime:us-east-1:111122223333:app-instance/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, generated)
}

func TestARNFormats(t *testing.T) {
	f := setup(t, WithRegion("eu-central-1"), WithAccountID("444455556666"))
	assert.Equal(t, "arn:aws:chime:eu-central-1:444455556666:app-instance/app-1", f.app)
	assert.Equal(t, f.app+"/user/member", f.member)
	assert.Equal(t, f.app+"/bot/bot-1", f.bot)
	assert.Equal(t, f.app+"/channel/chan-1", f.ch)
	resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "signed for eu-central-1: %s", body)
}

func TestSetPreferencesAndDeleteMembership(t *testing.T) {
	f := setup(t)
	want := types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsNone,
	}}
	require.NoError(t, f.srv.SetPreferences(f.ch, f.member, want))
	resp, body := f.do(t, f.get(f.member, f.member))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "NONE", decodeOutput(t, body).Preferences.PushNotifications.AllowNotifications)

	require.NoError(t, f.srv.DeleteChannelMembership(f.ch, f.member))
	resp, body = f.do(t, f.get(f.member, f.member))
	assertAPIError(t, resp, body, 403, ForbiddenException, "Forbidden", "is not a member")
}

func TestOnChange(t *testing.T) {
	var mu sync.Mutex
	var calls []State
	hook := func(s State) error {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, s)
		return nil
	}
	f := setup(t, WithOnChange(hook))
	mu.Lock()
	seeded := len(calls)
	mu.Unlock()
	assert.Equal(t, 20, seeded, "every seeding call of setup is reported")

	resp, _ := f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = f.do(t, f.get(f.member, f.member))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = f.do(t, f.put(f.admin, f.member, filteredBody))
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, calls, seeded+1, "only the accepted Put changes the state")
	assert.Equal(t, f.srv.Snapshot(), calls[len(calls)-1])
}

func TestOnChangeFailureChangesNothing(t *testing.T) {
	var fail atomic.Bool
	var saved atomic.Int32
	f := setup(t, WithOnChange(func(State) error {
		if fail.Load() {
			return errors.New("disk full")
		}
		saved.Add(1)
		return nil
	}))
	resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	before := f.srv.Snapshot()
	_, getBefore := f.do(t, f.get(f.member, f.member))

	fail.Store(true)
	none := `{"Preferences":{"PushNotifications":{"AllowNotifications":"NONE"}}}`
	resp, body = f.do(t, f.put(f.member, f.member, none))
	assertAPIError(t, resp, body, 500, ServiceFailureException, "ServiceFailure", "could not be persisted and was not made; retry the call: disk full")

	resp, getAfter := f.do(t, f.get(f.member, f.member))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, decodeOutput(t, getBefore), decodeOutput(t, getAfter), "Get answers the value before the failed Put")
	assert.Equal(t, types.AllowNotificationsFiltered, mustPreferences(t, f).PushNotifications.AllowNotifications)
	assert.Equal(t, before, f.srv.Snapshot())

	assert.ErrorContains(t, f.srv.CreateChannelMembership(f.ch, f.outsider), "disk full")
	_, err := f.srv.CreateAppInstanceUser(f.app, "late", "")
	assert.ErrorContains(t, err, "disk full")
	assert.Equal(t, before, f.srv.Snapshot(), "failed seeding calls change nothing either")

	fail.Store(false)
	resp, body = f.do(t, f.put(f.member, f.member, none))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	assert.Equal(t, types.AllowNotificationsNone, mustPreferences(t, f).PushNotifications.AllowNotifications)
}

func TestOnChangeRunsBeforeTheChangeIsVisible(t *testing.T) {
	var f *fixture
	var seenDuringHook atomic.Value
	f = setup(t, WithOnChange(func(st State) error {
		if f == nil {
			return nil // seeding
		}
		p, err := f.srv.Preferences(f.ch, f.member)
		if err == nil {
			seenDuringHook.Store(p)
		}
		assert.Equal(t, "NONE", findMembership(t, st, f.ch, f.member).Preferences.PushNotifications.AllowNotifications,
			"the hook gets the state with the change")
		return nil
	}))
	resp, body := f.do(t, f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"NONE"}}}`))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	assert.Nil(t, seenDuringHook.Load(), "while the hook runs, readers see the state before the change")
	assert.Equal(t, types.AllowNotificationsNone, mustPreferences(t, f).PushNotifications.AllowNotifications)
}

func mustPreferences(t *testing.T, f *fixture) *types.ChannelMembershipPreferences {
	t.Helper()
	p, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	require.NotNil(t, p)
	return p
}
