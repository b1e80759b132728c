package conformance_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/conformance"
	"github.com/chimekit/chimesdkmessaging/types"
)

// setup starts a fake with every identity of a Target.
func setup(t *testing.T) (*chimesdkmessagingtest.Server, conformance.Target) {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer()
	t.Cleanup(srv.Close)
	target, err := conformance.FakeTarget(srv)
	require.NoError(t, err)
	return srv, target
}

// TestFakeConforms runs every case against the in-process fake: each must
// pass, none may be skipped (the target names every identity), and every
// decided answer carries a request ID.
func TestFakeConforms(t *testing.T) {
	srv, target := setup(t)
	rule := `{"type":["kept"]}`
	kept := types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: "FILTERED", FilterRule: &rule}}
	require.NoError(t, srv.SetPreferences(target.ChannelArn, target.Member, kept))

	rep, err := conformance.Run(context.Background(), target, conformance.Options{})
	require.NoError(t, err)
	require.Len(t, rep.Results, len(conformance.Cases()))
	for _, r := range rep.Results {
		assert.Equal(t, conformance.Pass, r.Outcome, "%s: %s", r.Case, r.Detail)
		assert.NotEmpty(t, r.RequestID, r.Case)
		assert.Equal(t, r.Expected, r.Observed, r.Case)
	}
	assert.Zero(t, rep.Count(conformance.Skip))

	require.NoError(t, rep.RestoreErr)
	assert.Equal(t, []string{"Member: FILTERED with a FilterRule of 17 bytes", "Bot: had none; left with {} (the service has no call that removes preferences)"}, rep.Restored)
	got, err := srv.Preferences(target.ChannelArn, target.Member)
	require.NoError(t, err)
	assert.Equal(t, &kept, got, "Member's preferences are put back")
	got, err = srv.Preferences(target.ChannelArn, target.Bot)
	require.NoError(t, err)
	assert.Equal(t, &types.ChannelMembershipPreferences{}, got, "Bot had none: left with {}")
}

// TestSuiteReportsDifferences makes the fake answer wrongly and checks
// that the suite says which cases differ and how.
func TestSuiteReportsDifferences(t *testing.T) {
	srv, target := setup(t)
	// Every Put is refused as Forbidden: a service that never lets members
	// set their own preferences.
	require.NoError(t, srv.AddFaultRules(chimesdkmessagingtest.FaultRule{
		Operation: chimesdkmessagingtest.OperationPut, Probability: 1,
		Fault: chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ForbiddenException},
	}))
	rep, err := conformance.Run(context.Background(), target, conformance.Options{})
	require.NoError(t, err)
	failed := map[string]conformance.Result{}
	for _, r := range rep.Failed() {
		failed[r.Case] = r
	}
	r, ok := failed["own-put-get-all"]
	require.True(t, ok, "a refused own Put fails")
	assert.Equal(t, "200", r.Expected)
	assert.Equal(t, "403 ForbiddenException", r.Observed)
	assert.NotEmpty(t, r.RequestID)
	assert.Equal(t, "expected 200, observed 403 ForbiddenException", r.Detail)
	assert.Contains(t, failed, "filter-rule-not-json", "400 expected, 403 observed")
	assert.NotContains(t, failed, "moderator-puts-member", "403 is what is expected there")
	assert.NotContains(t, failed, "moderator-gets-member", "Gets are served")
	assert.Error(t, rep.RestoreErr, "the Puts that restore are refused too")
}

// TestSuiteNoticesAWriteThatShouldHaveBeenRefused puts a service in front
// of the fake that answers the moderator's Put with the right 403 but
// changes Member's preferences anyway: the case must fail on the change.
func TestSuiteNoticesAWriteThatShouldHaveBeenRefused(t *testing.T) {
	srv, target := setup(t)
	leaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.Header.Get("X-Amz-Chime-Bearer") == target.Moderator {
			_ = srv.SetPreferences(target.ChannelArn, target.Member, types.ChannelMembershipPreferences{
				PushNotifications: &types.PushNotificationPreferences{AllowNotifications: "NONE"},
			})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(leaky.Close)
	target.Client = srv.Client(func(o *chime.Options) { o.BaseEndpoint = &leaky.URL })
	require.NoError(t, srv.SetPreferences(target.ChannelArn, target.Member, types.ChannelMembershipPreferences{
		PushNotifications: &types.PushNotificationPreferences{AllowNotifications: "ALL"},
	}))

	rep, err := conformance.Run(context.Background(), target, conformance.Options{
		Only: func(name string) bool { return name == "moderator-puts-member" || name == "admin-puts-member" },
	})
	require.NoError(t, err)
	require.Len(t, rep.Results, 2)
	mod := rep.Results[0]
	assert.Equal(t, "moderator-puts-member", mod.Case)
	assert.Equal(t, conformance.Fail, mod.Outcome)
	assert.Equal(t, "403 ForbiddenException", mod.Observed, "the answer was right")
	assert.Equal(t, "Member's preferences changed: ALL before, NONE after", mod.Detail)
	assert.Equal(t, conformance.Pass, rep.Results[1].Outcome, "the admin's Put changed nothing")
	require.NoError(t, rep.RestoreErr)
	got, err := srv.Preferences(target.ChannelArn, target.Member)
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsAll, got.PushNotifications.AllowNotifications, "put back as read before the run")
}

func TestRunRefusesAnIncompleteTarget(t *testing.T) {
	_, err := conformance.Run(context.Background(), conformance.Target{ChannelArn: "arn:aws:chime:us-east-1:111122223333:app-instance/a"}, conformance.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Target.Client is nil")
	assert.Contains(t, err.Error(), "Target.ChannelArn must be a channel ARN")
	assert.Contains(t, err.Error(), "Target.Member must name")
}

func TestRunSkipsCasesWithoutTheirIdentities(t *testing.T) {
	_, target := setup(t)
	target.Moderator, target.Admin, target.Bot = "", "", ""
	rep, err := conformance.Run(context.Background(), target, conformance.Options{})
	require.NoError(t, err)
	skipped := map[string]string{}
	for _, r := range rep.Results {
		if r.Outcome == conformance.Skip {
			skipped[r.Case] = r.Detail
		}
	}
	assert.Equal(t, map[string]string{
		"bot-put-get-own": "needs Target.Bot", "moderator-puts-member": "needs Target.Moderator",
		"moderator-gets-member": "needs Target.Moderator", "admin-puts-member": "needs Target.Admin",
		"admin-gets-member": "needs Target.Admin", "bot-puts-member": "needs Target.Bot", "member-puts-bot": "needs Target.Bot",
	}, skipped)
	assert.Empty(t, rep.Failed())
	assert.Equal(t, []string{"Member: had none; left with {} (the service has no call that removes preferences)"}, rep.Restored)
}
