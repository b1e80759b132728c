package chimesdkmessaging_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/ptr"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// fakeEnv is a running fake seeded with one app instance and one channel:
// user and bot are members, admin is an AppInstanceAdmin and a member,
// moderator moderates the channel, banned is banned, outsider is a user
// who is not a member, foreign is a user of another app instance.
type fakeEnv struct {
	srv    *chimesdkmessagingtest.Server
	client *chime.Client
	app    string
	ch     string

	user, bot, admin, moderator, banned, outsider, foreign string
}

// newFakeEnv starts the fake with opts and seeds it; the client is the
// fake's own (millisecond backoffs) changed by optFns.
func newFakeEnv(t *testing.T, opts []chimesdkmessagingtest.Option, optFns ...func(*chime.Options)) *fakeEnv {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	e := &fakeEnv{srv: srv}
	var err error
	e.app, err = srv.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	e.ch, err = srv.CreateChannel(e.app, "general", "General")
	require.NoError(t, err)
	user := func(id string) string {
		arn, err := srv.CreateAppInstanceUser(e.app, id, "Name of "+id)
		require.NoError(t, err)
		return arn
	}
	e.user, e.admin, e.moderator, e.banned, e.outsider = user("jane"), user("root"), user("mod"), user("banned"), user("outsider")
	e.bot, err = srv.CreateAppInstanceBot(e.app, "helper-bot", "Helper")
	require.NoError(t, err)
	for _, m := range []string{e.user, e.bot, e.admin, e.moderator, e.banned} {
		require.NoError(t, srv.CreateChannelMembership(e.ch, m))
	}
	require.NoError(t, srv.CreateAppInstanceAdmin(e.app, e.admin))
	require.NoError(t, srv.CreateChannelModerator(e.ch, e.moderator))
	require.NoError(t, srv.CreateChannelBan(e.ch, e.banned))
	app2, err := srv.CreateAppInstance("app-2", "")
	require.NoError(t, err)
	e.foreign, err = srv.CreateAppInstanceUser(app2, "stranger", "")
	require.NoError(t, err)
	e.client = srv.Client(optFns...)
	return e
}

// put builds a Put of prefs for member, sent by bearer, in channel ch.
func put(ch, member, bearer string, prefs *types.ChannelMembershipPreferences) *chime.PutChannelMembershipPreferencesInput {
	return &chime.PutChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(ch), MemberArn: ptr.String(member), ChimeBearer: ptr.String(bearer), Preferences: prefs,
	}
}

// pushPrefs returns push notification preferences; an empty rule leaves
// FilterRule unset.
func pushPrefs(allow types.AllowNotifications, rule string) *types.ChannelMembershipPreferences {
	p := &types.PushNotificationPreferences{AllowNotifications: allow}
	if rule != "" {
		p.FilterRule = ptr.String(rule)
	}
	return &types.ChannelMembershipPreferences{PushNotifications: p}
}

func TestIntegrationPutThenGet(t *testing.T) {
	e := newFakeEnv(t, nil)
	cases := []struct {
		name   string
		member string
		prefs  *types.ChannelMembershipPreferences
	}{
		{"user FILTERED", e.user, pushPrefs(types.AllowNotificationsFiltered, `{"type":["urgent"],"n":["1","2.5"]}`)},
		{"user ALL overwrites", e.user, pushPrefs(types.AllowNotificationsAll, "")},
		{"bot NONE", e.bot, pushPrefs(types.AllowNotificationsNone, "")},
		{"bot FILTERED unicode rule", e.bot, pushPrefs(types.AllowNotificationsFiltered, `{"topic":["café ☕","\"quoted\" \\ slash"]}`)},
		{"no push notifications", e.user, &types.ChannelMembershipPreferences{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := e.client.PutChannelMembershipPreferences(context.Background(), put(e.ch, tc.member, tc.member, tc.prefs))
			require.NoError(t, err)
			assert.Equal(t, e.ch, ptr.ToString(out.ChannelArn))
			require.NotNil(t, out.Member)
			assert.Equal(t, tc.member, ptr.ToString(out.Member.Arn))
			assert.NotEmpty(t, ptr.ToString(out.Member.Name))
			assert.Equal(t, tc.prefs, out.Preferences)
			assert.Equal(t, 1, chime.GetAttempts(out.ResultMetadata))
			reqID, ok := chime.GetRequestID(out.ResultMetadata)
			assert.True(t, ok)
			assert.NotEmpty(t, reqID)

			got, err := e.client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
				ChannelArn: ptr.String(e.ch), MemberArn: ptr.String(tc.member), ChimeBearer: ptr.String(tc.member),
			})
			require.NoError(t, err)
			assert.Equal(t, tc.prefs, got.Preferences)
			assert.Equal(t, out.Member, got.Member)

			stored, err := e.srv.Preferences(e.ch, tc.member)
			require.NoError(t, err)
			assert.Equal(t, tc.prefs, stored)
		})
	}
}

func TestIntegrationGetBeforeAnyPut(t *testing.T) {
	e := newFakeEnv(t, nil)
	got, err := e.client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(e.ch), MemberArn: ptr.String(e.bot), ChimeBearer: ptr.String(e.bot),
	})
	require.NoError(t, err)
	assert.Nil(t, got.Preferences)
	assert.Equal(t, e.bot, ptr.ToString(got.Member.Arn))
}

// TestIntegrationServiceRules observes each rule of the fake through the
// client as the typed exception, with its status and the request ID.
func TestIntegrationServiceRules(t *testing.T) {
	e := newFakeEnv(t, nil)
	unknownChannel := e.app + "/channel/no-such-channel"
	ok := pushPrefs(types.AllowNotificationsAll, "")
	cases := []struct {
		name    string
		in      *chime.PutChannelMembershipPreferencesInput
		noCheck bool // DisableConstraintValidation, to get past the client's own checks
		status  int
		target  any // pointer to the expected exception type
		msg     string
	}{
		{"admin sets another member's preferences", put(e.ch, e.user, e.admin, ok), false, 403, new(*types.ForbiddenException), "AppInstanceAdmin"},
		{"moderator sets another member's preferences", put(e.ch, e.user, e.moderator, ok), false, 403, new(*types.ForbiddenException), "moderator"},
		{"bot sets a user's preferences", put(e.ch, e.user, e.bot, ok), false, 403, new(*types.ForbiddenException), "only the member itself"},
		{"banned member", put(e.ch, e.banned, e.banned, ok), false, 403, new(*types.ForbiddenException), "banned"},
		{"non-member", put(e.ch, e.outsider, e.outsider, ok), false, 403, new(*types.ForbiddenException), "not a member"},
		{"bearer of another app instance", put(e.ch, e.foreign, e.foreign, ok), false, 403, new(*types.ForbiddenException), "another app instance"},
		{"bearer does not exist", put(e.ch, e.app+"/user/ghost", e.app+"/user/ghost", ok), false, 403, new(*types.ForbiddenException), "not an existing"},
		{"unknown channel", put(unknownChannel, e.user, e.user, ok), false, 400, new(*types.BadRequestException), "does not exist"},
		{"bearer is a channel ARN", put(e.ch, e.user, e.ch, ok), false, 400, new(*types.BadRequestException), "not an AppInstanceUser or AppInstanceBot ARN"},
		{"bearer not an ARN", put(e.ch, e.user, "jane", ok), true, 400, new(*types.BadRequestException), "ChimeBearer"},
		{"member is a channel ARN", put(e.ch, e.ch, e.user, ok), false, 400, new(*types.BadRequestException), "MemberArn"},
		{"channel is a user ARN", put(e.user, e.user, e.user, ok), false, 400, new(*types.BadRequestException), "not a channel ARN"},
		{"AllowNotifications outside the enum", put(e.ch, e.user, e.user, pushPrefs("SOMETIMES", "")), false, 400, new(*types.BadRequestException), "ALL, NONE or FILTERED"},
		{"FilterRule not a JSON object", put(e.ch, e.user, e.user, pushPrefs(types.AllowNotificationsFiltered, `["x"]`)), true, 400, new(*types.BadRequestException), "FilterRule"},
		{"FilterRule over 2 KB", put(e.ch, e.user, e.user, pushPrefs(types.AllowNotificationsFiltered, `{"k":["`+strings.Repeat("x", 2100)+`"]}`)), true, 400, new(*types.BadRequestException), "2 KB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.srv.ResetRequests()
			_, err := e.client.PutChannelMembershipPreferences(context.Background(), tc.in, func(o *chime.Options) {
				o.DisableConstraintValidation = tc.noCheck
			})
			require.Error(t, err)
			require.ErrorAs(t, err, tc.target)
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Contains(t, apiErr.ErrorMessage(), tc.msg)
			var httpErr *smithyhttp.ResponseError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, tc.status, httpErr.HTTPStatusCode())

			log := e.srv.Requests()
			require.Len(t, log, 1, "an exception of the rules is not retried")
			var respErr *chime.ResponseError
			require.ErrorAs(t, err, &respErr)
			assert.Equal(t, log[0].RequestID, respErr.ServiceRequestID())
		})
	}
	// Nothing refused was stored.
	p, err := e.srv.Preferences(e.ch, e.user)
	require.NoError(t, err)
	assert.Nil(t, p)
}

// TestIntegrationClientValidationFirst: what the client can tell is wrong
// never reaches the service; with constraint validation off it does, and
// the service refuses it.
func TestIntegrationClientValidationFirst(t *testing.T) {
	e := newFakeEnv(t, nil)
	cases := map[string]*chime.PutChannelMembershipPreferencesInput{
		"bearer not an ARN":          put(e.ch, e.user, "jane", pushPrefs(types.AllowNotificationsAll, "")),
		"FilterRule not JSON":        put(e.ch, e.user, e.user, pushPrefs(types.AllowNotificationsFiltered, "urgent only")),
		"FilterRule a JSON array":    put(e.ch, e.user, e.user, pushPrefs(types.AllowNotificationsFiltered, `["x"]`)),
		"ChannelArn missing its arn": put("channel/general", e.user, e.user, pushPrefs(types.AllowNotificationsAll, "")),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			e.srv.ResetRequests()
			_, err := e.client.PutChannelMembershipPreferences(context.Background(), in)
			var ipe smithy.InvalidParamsError
			require.ErrorAs(t, err, &ipe)
			assert.Empty(t, e.srv.Requests(), "refused before sending")

			_, err = e.client.PutChannelMembershipPreferences(context.Background(), in, func(o *chime.Options) {
				o.DisableConstraintValidation = true
			})
			var bre *types.BadRequestException
			require.ErrorAs(t, err, &bre)
			assert.Len(t, e.srv.Requests(), 1)
		})
	}
}

func TestIntegrationSignatureFailures(t *testing.T) {
	e := newFakeEnv(t, nil)
	good := e.srv.Credentials()
	cases := []struct {
		name  string
		creds [3]string
		code  string
		msg   string
	}{
		{"wrong secret", [3]string{good.AccessKeyID, "not-the-secret", ""}, "InvalidSignatureException", "signature"},
		{"unknown access key", [3]string{"AKIAUNKNOWNKEY000000", good.SecretAccessKey, ""}, "UnrecognizedClientException", ""},
		{"unexpected session token", [3]string{good.AccessKeyID, good.SecretAccessKey, "tok"}, "UnrecognizedClientException", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.srv.ResetRequests()
			c := e.srv.Client(func(o *chime.Options) { o.Credentials = staticCreds(tc.creds[0], tc.creds[1], tc.creds[2]) })
			_, err := c.PutChannelMembershipPreferences(context.Background(), put(e.ch, e.user, e.user, pushPrefs(types.AllowNotificationsAll, "")))
			require.Error(t, err)
			var gen *smithy.GenericAPIError
			require.ErrorAs(t, err, &gen, "an exception the operation does not model")
			assert.Equal(t, tc.code, gen.ErrorCode())
			assert.Equal(t, smithy.FaultClient, gen.ErrorFault())
			assert.Contains(t, strings.ToLower(gen.ErrorMessage()), tc.msg)
			var fe *types.ForbiddenException
			assert.False(t, errors.As(err, &fe), "a signature failure is not the service's ForbiddenException")
			var httpErr *smithyhttp.ResponseError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, 403, httpErr.HTTPStatusCode())
			assert.Len(t, e.srv.Requests(), 1, "not retried")
			assert.NotContains(t, err.Error(), tc.creds[1], "the secret is not in the error")
		})
	}
}

// TestIntegrationSpecialCharacterArns: ARNs holding characters the path
// must escape reach the service intact, in the path labels and the bearer
// header.
func TestIntegrationSpecialCharacterArns(t *testing.T) {
	e := newFakeEnv(t, nil)
	// IDs the fake can create: dots, underscores, hyphens, digits.
	ch, err := e.srv.CreateChannel(e.app, "Chan.with_dots-and-42", "")
	require.NoError(t, err)
	member, err := e.srv.CreateAppInstanceUser(e.app, "U.s_e-r.9", "Dotty")
	require.NoError(t, err)
	require.NoError(t, e.srv.CreateChannelMembership(ch, member))
	prefs := pushPrefs(types.AllowNotificationsFiltered, `{"a":["b"]}`)
	out, err := e.client.PutChannelMembershipPreferences(context.Background(), put(ch, member, member, prefs))
	require.NoError(t, err)
	assert.Equal(t, ch, ptr.ToString(out.ChannelArn))
	stored, err := e.srv.Preferences(ch, member)
	require.NoError(t, err)
	assert.Equal(t, prefs, stored)

	// IDs the fake cannot create still travel intact: the service decodes
	// them and names them in its refusal.
	for _, id := range []string{"a b", "100%", "a+b", "q?x=1&y=2", "frag#ment", "semi;colon", "tilde~", "é😀", "%2F", "a*b'(c)", `back\slash`, "c,o=m,m@a$"} {
		t.Run(id, func(t *testing.T) {
			e.srv.ResetRequests()
			arn := e.app + "/user/" + id
			_, err := e.client.PutChannelMembershipPreferences(context.Background(), put(ch, arn, arn, prefs))
			var fe *types.ForbiddenException
			require.ErrorAs(t, err, &fe)
			assert.Contains(t, fe.ErrorMessage(), "ChimeBearer "+arn+" is not an existing", "the service saw the bearer as sent")
			log := e.srv.Requests()
			require.Len(t, log, 1)
			parts := strings.Split(log[0].Path, "/")
			require.Len(t, parts, 6, "every reserved byte of the labels is escaped: %s", log[0].Path)
			gotCh, err := url.PathUnescape(parts[2])
			require.NoError(t, err)
			gotMember, err := url.PathUnescape(parts[4])
			require.NoError(t, err)
			assert.Equal(t, ch, gotCh)
			assert.Equal(t, arn, gotMember)
			assert.Equal(t, arn, log[0].Header.Get("X-Amz-Chime-Bearer"))
		})
	}
}

// TestIntegrationConcurrentMembers: 64 goroutines, one member each, Put
// then Get through one client; every member ends with its own value.
func TestIntegrationConcurrentMembers(t *testing.T) {
	e := newFakeEnv(t, nil)
	const n = 64
	members := make([]string, n)
	for i := range members {
		arn, err := e.srv.CreateAppInstanceUser(e.app, fmt.Sprintf("member-%02d", i), "")
		require.NoError(t, err)
		require.NoError(t, e.srv.CreateChannelMembership(e.ch, arn))
		members[i] = arn
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := pushPrefs(types.AllowNotificationsFiltered, fmt.Sprintf(`{"member":["%d"]}`, i))
			out, err := e.client.PutChannelMembershipPreferences(context.Background(), put(e.ch, members[i], members[i], want))
			if err == nil && !assert.ObjectsAreEqual(want, out.Preferences) {
				err = fmt.Errorf("member %d: Put answered %v, want %v", i, out.Preferences, want)
			}
			if err != nil {
				errs[i] = err
				return
			}
			got, err := e.client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
				ChannelArn: ptr.String(e.ch), MemberArn: ptr.String(members[i]), ChimeBearer: ptr.String(members[i]),
			})
			if err == nil && !assert.ObjectsAreEqual(want, got.Preferences) {
				err = fmt.Errorf("member %d: Get answered %v, want %v", i, got.Preferences, want)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "member %d", i)
		stored, err := e.srv.Preferences(e.ch, members[i])
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf(`{"member":["%d"]}`, i), ptr.ToString(stored.PushNotifications.FilterRule))
	}
	assert.Len(t, e.srv.Requests(), 2*n)
}
