package chimesdkmessagingtest_test

import (
	"errors"
	"net/http"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

type clientFixture struct {
	srv               *chimesdkmessagingtest.Server
	client            *chimesdkmessaging.Client
	ch, member, admin string
}

func setupClient(t *testing.T, opts ...chimesdkmessagingtest.Option) clientFixture {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	app, err := srv.CreateAppInstance("app", "")
	require.NoError(t, err)
	ch, err := srv.CreateChannel(app, "general", "General")
	require.NoError(t, err)
	member, err := srv.CreateAppInstanceUser(app, "jane", "Jane")
	require.NoError(t, err)
	admin, err := srv.CreateAppInstanceUser(app, "root", "Root")
	require.NoError(t, err)
	require.NoError(t, srv.CreateChannelMembership(ch, member))
	require.NoError(t, srv.CreateAppInstanceAdmin(app, admin))
	return clientFixture{srv: srv, client: srv.Client(), ch: ch, member: member, admin: admin}
}

func (f clientFixture) input(bearer string) *chimesdkmessaging.PutChannelMembershipPreferencesInput {
	return &chimesdkmessaging.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(f.ch),
		MemberArn:   ptr.String(f.member),
		ChimeBearer: ptr.String(bearer),
		Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
			AllowNotifications: types.AllowNotificationsFiltered,
			FilterRule:         ptr.String(`{"type":["urgent"]}`),
		}},
	}
}

func TestClientPutAndGet(t *testing.T) {
	f := setupClient(t)
	out, err := f.client.PutChannelMembershipPreferences(t.Context(), f.input(f.member))
	require.NoError(t, err)
	assert.Equal(t, f.ch, *out.ChannelArn)
	assert.Equal(t, f.member, *out.Member.Arn)
	assert.Equal(t, "Jane", *out.Member.Name)
	assert.Equal(t, `{"type":["urgent"]}`, *out.Preferences.PushNotifications.FilterRule)

	stored, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.Equal(t, out.Preferences, stored)

	got, err := f.client.GetChannelMembershipPreferences(t.Context(), &chimesdkmessaging.GetChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(f.ch), MemberArn: ptr.String(f.member), ChimeBearer: ptr.String(f.member),
	})
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsFiltered, got.Preferences.PushNotifications.AllowNotifications)

	log := f.srv.Requests()
	require.Len(t, log, 2)
	assert.Equal(t, http.MethodPut, log[0].Method)
	assert.Equal(t, http.MethodGet, log[1].Method)
}

func TestClientSeesTypedExceptions(t *testing.T) {
	f := setupClient(t)
	_, err := f.client.PutChannelMembershipPreferences(t.Context(), f.input(f.admin))
	var fe *types.ForbiddenException
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, fe.ErrorMessage(), "only the member itself can set")
	assert.Equal(t, types.ErrorCodeForbidden, fe.Code)
	var oe *smithy.OperationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "PutChannelMembershipPreferences", oe.Operation())
}

func TestClientRetriesServerFaults(t *testing.T) {
	f := setupClient(t)
	f.srv.FailNext(2, chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ServiceUnavailableException})
	_, err := f.client.PutChannelMembershipPreferences(t.Context(), f.input(f.member))
	require.NoError(t, err)
	assert.Len(t, f.srv.Requests(), 3, "two 503s, then success")

	f.srv.ResetRequests()
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Drop: chimesdkmessagingtest.DropAfterRead})
	_, err = f.client.PutChannelMembershipPreferences(t.Context(), f.input(f.member))
	require.NoError(t, err)
	assert.Len(t, f.srv.Requests(), 2, "a dropped connection is retried")

	f.srv.ResetRequests()
	f.srv.FailNext(5, chimesdkmessagingtest.Fault{Exception: chimesdkmessagingtest.ServiceFailureException})
	_, err = f.client.PutChannelMembershipPreferences(t.Context(), f.input(f.member))
	var sfe *types.ServiceFailureException
	require.ErrorAs(t, err, &sfe)
	assert.Len(t, f.srv.Requests(), 3, "three attempts by default")
}

func TestClientWrongCredentials(t *testing.T) {
	f := setupClient(t)
	c := f.srv.Client(func(o *chimesdkmessaging.Options) { o.Region = "eu-central-1" })
	_, err := c.PutChannelMembershipPreferences(t.Context(), f.input(f.member))
	var ae smithy.APIError
	require.True(t, errors.As(err, &ae), "err %v", err)
	assert.Equal(t, chimesdkmessagingtest.InvalidSignatureException, ae.ErrorCode())
}
