package chimesdkmessaging_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// TestPutRequestGolden pins the request the client sends: method, escaped
// path, headers and body, for ARNs holding characters that need encoding.
func TestPutRequestGolden(t *testing.T) {
	cases := []struct {
		name       string
		channelArn string
		memberArn  string
		prefs      *types.ChannelMembershipPreferences
		wantPath   string
		wantBody   string
	}{
		{
			name:       "protocol example",
			channelArn: testChannelArn,
			memberArn:  testMemberArn,
			prefs:      &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll}},
			wantPath:   "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fchannel%2Faaaabbbbccccdddd/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fuser%2Fuser-1/preferences",
			wantBody:   `{"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`,
		},
		{
			name:       "space plus percent hash question",
			channelArn: "arn:aws:chime:us-east-1:1:app-instance/a b+c%d#e?f/channel/x",
			memberArn:  "arn:aws:chime:us-east-1:1:app-instance/a/user/u~_.-1",
			prefs:      &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsNone}},
			wantPath:   "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2Fa%20b%2Bc%25d%23e%3Ff%2Fchannel%2Fx/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2Fa%2Fuser%2Fu~_.-1/preferences",
			wantBody:   `{"Preferences":{"PushNotifications":{"AllowNotifications":"NONE"}}}`,
		},
		{
			name:       "non-ASCII",
			channelArn: "arn:aws:chime:us-east-1:1:app-instance/ü/channel/日本",
			memberArn:  "arn:aws:chime:us-east-1:1:app-instance/ü/user/é",
			prefs:      &types.ChannelMembershipPreferences{},
			wantPath:   "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2F%C3%BC%2Fchannel%2F%E6%97%A5%E6%9C%AC/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A1%3Aapp-instance%2F%C3%BC%2Fuser%2F%C3%A9/preferences",
			wantBody:   `{"Preferences":{}}`,
		},
		{
			name:       "filter rule is a JSON string, escaped",
			channelArn: testChannelArn,
			memberArn:  testMemberArn,
			prefs: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
				AllowNotifications: types.AllowNotificationsFiltered,
				FilterRule:         ptr.String("{\"type\":[\"urgent\"],\"note\":[\"a\\\\b\\u2028<>&\"]}"),
			}},
			wantBody: `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"],\"note\":[\"a\\\\b\\u2028<>&\"]}"}}}`,
		},
		{
			name:       "unknown enum value is sent as is",
			channelArn: testChannelArn,
			memberArn:  testMemberArn,
			prefs:      &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: "MENTIONS_ONLY"}},
			wantBody:   `{"Preferences":{"PushNotifications":{"AllowNotifications":"MENTIONS_ONLY"}}}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t)
			putOK(t, c, &chime.PutChannelMembershipPreferencesInput{
				ChannelArn:  ptr.String(tc.channelArn),
				MemberArn:   ptr.String(tc.memberArn),
				ChimeBearer: ptr.String(tc.memberArn),
				Preferences: tc.prefs,
			})
			reqs := ts.Requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, http.MethodPut, r.Method)
			if tc.wantPath != "" {
				assert.Equal(t, tc.wantPath, r.RequestURI)
			}
			assert.Equal(t, tc.wantBody, string(r.Body))
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.Equal(t, tc.memberArn, r.Header.Get("X-Amz-Chime-Bearer"))
			assert.Empty(t, r.Header.Values("X-Amz-Content-Sha256"), "this service takes no payload-hash header")
		})
	}
}

func TestPutRequestHeaders(t *testing.T) {
	c, ts := setup(t)
	putOK(t, c, validInput())
	r := ts.Requests()[0]

	auth := r.Header.Get("Authorization")
	assert.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), auth)
	assert.Contains(t, auth, "/us-east-1/chime/aws4_request, SignedHeaders=")
	assert.Contains(t, auth, "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-chime-bearer;x-amz-date, ")
	assert.Regexp(t, `^\d{8}T\d{6}Z$`, r.Header.Get("X-Amz-Date"))
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, r.Header.Get("Amz-Sdk-Invocation-Id"))
	assert.Equal(t, "attempt=1; max=3", r.Header.Get("Amz-Sdk-Request"))
	assert.Empty(t, r.Header.Get("X-Amz-Security-Token"))
	assert.Equal(t, "110", r.Header.Get("Content-Length"))
}

func TestSessionTokenIsSentAndSigned(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) {
		o.Credentials = staticCreds("AKID", "SECRET", "TOKEN-123")
	})
	putOK(t, c, validInput())
	r := ts.Requests()[0]
	assert.Equal(t, "TOKEN-123", r.Header.Get("X-Amz-Security-Token"))
	assert.Contains(t, r.Header.Get("Authorization"), ";x-amz-security-token")
}

func TestUserAgent(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) { o.AppID = "billing app" })
	putOK(t, c, validInput())
	ua := ts.Requests()[0].Header.Get("User-Agent")
	assert.Regexp(t, `^chimekit-go/`+chime.Version+` ua/2\.1 os/\S+ lang/go#\S+ md/GOOS#\S+ md/GOARCH#\S+ api/chimesdkmessaging#`+chime.Version+` .*app/billing-app m/E$`, ua)
}

func TestBaseEndpointPathPrefixIsKept(t *testing.T) {
	c, ts := setup(t)
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.BaseEndpoint = ptr.String(ts.URL + "/base/")
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(ts.Requests()[0].RequestURI, "/base/channels/arn%3Aaws%3Achime%3A"), ts.Requests()[0].RequestURI)
}

func TestGetRequest(t *testing.T) {
	c, ts := setup(t)
	out, err := c.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(testChannelArn), MemberArn: ptr.String(testMemberArn), ChimeBearer: ptr.String(testMemberArn),
	})
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsFiltered, out.Preferences.PushNotifications.AllowNotifications)
	r := ts.Requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.True(t, strings.HasSuffix(r.RequestURI, "/preferences"))
	assert.Empty(t, r.Body)
	assert.Empty(t, r.Header.Get("Content-Type"))
	assert.Equal(t, testMemberArn, r.Header.Get("X-Amz-Chime-Bearer"))
	assert.Contains(t, r.Header.Get("Authorization"), "/us-east-1/chime/aws4_request")
}

// TestUserAgentRetryMode: the retry-mode metric follows the retryer's
// mode, also when RetryMaxAttempts wraps the retryer (a wrapped standard
// retryer once read as adaptive).
func TestUserAgentRetryMode(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  func(*chime.Options)
		want string
	}{
		{"standard", func(o *chime.Options) { o.Retryer = nil }, ` m/E$`},
		{"standard with RetryMaxAttempts", func(o *chime.Options) {
			o.Retryer = chime.NewStandardRetryer()
			o.RetryMaxAttempts = 5 // wraps the retryer to change its attempts only
		}, ` m/E$`},
		{"adaptive mode", func(o *chime.Options) { o.Retryer = nil; o.RetryMode = chime.RetryModeAdaptive }, ` m/F$`},
		{"adaptive with RetryMaxAttempts", func(o *chime.Options) {
			o.Retryer = chime.NewAdaptiveRetryer()
			o.RetryMaxAttempts = 5
		}, ` m/F$`},
		{"a retryer of the caller's", func(o *chime.Options) { o.Retryer = otherRetryer{chime.NewStandardRetryer()} }, `api/chimesdkmessaging#\S+$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := setup(t, tc.opt)
			putOK(t, c, validInput())
			assert.Regexp(t, tc.want, ts.Requests()[0].Header.Get("User-Agent"))
		})
	}
}

// otherRetryer is a retryer of the caller's: the client cannot tell its mode.
type otherRetryer struct{ chime.Retryer }

func TestUserAgentExecEnvAndAdaptive(t *testing.T) {
	t.Setenv("AWS_EXECUTION_ENV", "AWS_Lambda_go1.x")
	c, ts := setup(t, func(o *chime.Options) { o.Retryer = chime.NewAdaptiveRetryer() })
	putOK(t, c, validInput())
	ua := ts.Requests()[0].Header.Get("User-Agent")
	assert.Regexp(t, ` exec-env/AWS_Lambda_go1\.x api/chimesdkmessaging#\S+ m/F$`, ua)

	// A per-call AppID reaches the User-Agent of that call only.
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) { o.AppID = "per-call" })
	require.NoError(t, err)
	putOK(t, c, validInput())
	assert.Contains(t, ts.Requests()[1].Header.Get("User-Agent"), " app/per-call ")
	assert.NotContains(t, ts.Requests()[2].Header.Get("User-Agent"), "app/")
}
