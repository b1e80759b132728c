package migration

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// These tests run the migrated application (app.go) against the fake
// service, which verifies every signature and answers as the service does.

type fake struct {
	srv           *chimesdkmessagingtest.Server
	channel, user string
	keyID, secret string
}

func newFake(t *testing.T) *fake {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer()
	t.Cleanup(srv.Close)
	app, err := srv.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	user, err := srv.CreateAppInstanceUser(app, "user-1", "Jane")
	require.NoError(t, err)
	ch, err := srv.CreateChannel(app, "ch-1", "General")
	require.NoError(t, err)
	require.NoError(t, srv.CreateChannelMembership(ch, user))
	creds, err := srv.CredentialsProvider().Retrieve(context.Background())
	require.NoError(t, err)
	require.Empty(t, creds.SessionToken, "StaticConfig has no session token")
	return &fake{srv: srv, channel: ch, user: user, keyID: creds.AccessKeyID, secret: creds.SecretAccessKey}
}

// lastRequest is the last request the fake received.
func (f *fake) lastRequest(t *testing.T) chimesdkmessagingtest.LoggedRequest {
	t.Helper()
	reqs := f.srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}

// useFakeThroughEnvironment points config.LoadDefaultConfig at the fake and
// away from the developer's own AWS setup.
func (f *fake) useFakeThroughEnvironment(t *testing.T) {
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL",
		"AWS_DEFAULT_REGION", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_SDK_UA_APP_ID", "AWS_USE_FIPS_ENDPOINT",
		"AWS_USE_DUALSTACK_ENDPOINT", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CA_BUNDLE",
		"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		t.Setenv(k, "")
		require.NoError(t, os.Unsetenv(k))
	}
	dir := t.TempDir()
	for _, name := range []string{"config", "credentials"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o600))
	}
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_REGION", f.srv.Region())
	t.Setenv("AWS_ACCESS_KEY_ID", f.keyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", f.secret)
	t.Setenv("AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING", f.srv.URL)
}

// logLines is a smithy-go logger that keeps what it is given.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) Logf(_ logging.Classification, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, format)
}

func (f *fake) explicitClient(logger logging.Logger) *chimesdkmessaging.Client {
	return NewClient(StaticConfig{
		Region:          f.srv.Region(),
		Endpoint:        f.srv.URL,
		AccessKeyID:     f.keyID,
		SecretAccessKey: f.secret,
		HTTPClient:      f.srv.HTTPClient(),
		Logger:          logger,
		MaxBackoff:      time.Millisecond,
	})
}

func TestLoadedClientPutAndGet(t *testing.T) {
	f := newFake(t)
	f.useFakeThroughEnvironment(t)
	ctx := context.Background()
	client, err := LoadClient(ctx)
	require.NoError(t, err)

	put, err := SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsNone, 0)
	require.NoError(t, err)
	sent := f.lastRequest(t)
	assert.Equal(t, sent.RequestID, put.RequestID, "request ID through awsmiddleware.GetRequestIDMetadata")
	assert.Equal(t, 1, put.Attempts, "attempts through retry.GetAttemptResults")
	assert.Contains(t, sent.Header.Get("User-Agent"), " "+UserAgentKey+"/"+Version, "awsmiddleware.AddUserAgentKeyValue in cfg.APIOptions")
	stored, err := f.srv.Preferences(f.channel, f.user)
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsNone, stored.PushNotifications.AllowNotifications)

	allow, got, err := GetPreferences(ctx, client, f.channel, f.user)
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsNone, allow)
	assert.Equal(t, f.lastRequest(t).RequestID, got.RequestID)
}

func TestLoadedClientRetriesCounted(t *testing.T) {
	f := newFake(t)
	f.useFakeThroughEnvironment(t)
	ctx := context.Background()
	// config.WithRetryer, as an application tuning its retries would.
	client, err := LoadClient(ctx, config.WithRetryer(func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxBackoff = time.Millisecond })
	}))
	require.NoError(t, err)

	f.srv.FailNext(2, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
	res, err := SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 0)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Attempts)
	assert.Len(t, f.srv.Requests(), 3)

	// aws-sdk-go-v2's standard retryer does not retry this service's 429
	// (ThrottledClientException is not among its throttle codes); given
	// that retryer, the call behaves the same here.
	f.srv.ResetRequests()
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ThrottledClientException"})
	_, err = SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 0)
	assert.Equal(t, "Throttled", Describe(err).Kind)
	assert.Len(t, f.srv.Requests(), 1)
}

// TestLoadedClientDefaultRetriesThrottling: without config.WithRetryer the
// client keeps this library's retryer, which retries throttling, and
// retry.GetAttemptResults still counts the attempts.
func TestLoadedClientDefaultRetriesThrottling(t *testing.T) {
	f := newFake(t)
	f.useFakeThroughEnvironment(t)
	ctx := context.Background()
	client, err := LoadClient(ctx)
	require.NoError(t, err)
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ThrottledClientException"})
	res, err := SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Attempts)
	assert.Len(t, f.srv.Requests(), 2)

	// Running out of attempts is aws-sdk-go-v2's *retry.MaxAttemptsError
	// with this library's loop too.
	f.srv.FailNext(3, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
	_, err = SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 2)
	assert.Equal(t, 2, Describe(err).Attempts, "from %v", err)
}

func TestExplicitClient(t *testing.T) {
	f := newFake(t)
	logger := &logLines{}
	client := f.explicitClient(logger)
	ctx := context.Background()

	put, err := SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 0)
	require.NoError(t, err)
	sent := f.lastRequest(t)
	assert.Equal(t, sent.RequestID, put.RequestID)
	assert.Equal(t, 1, put.Attempts)
	ua := sent.Header.Get("User-Agent")
	assert.True(t, strings.HasPrefix(ua, "chimekit-go/"), ua)
	assert.True(t, strings.HasSuffix(ua, " "+UserAgentKey+"/"+Version+" static-config"), "APIOptions, then WithAPIOptions: %s", ua)

	allow, _, err := GetPreferences(ctx, client, f.channel, f.user)
	require.NoError(t, err)
	assert.Equal(t, types.AllowNotificationsAll, allow)

	t.Run("retries counted and logged", func(t *testing.T) {
		f.srv.ResetRequests()
		f.srv.FailNext(2, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
		res, err := SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 0)
		require.NoError(t, err)
		assert.Equal(t, 3, res.Attempts)
		assert.Len(t, f.srv.Requests(), 3)
		logger.mu.Lock()
		defer logger.mu.Unlock()
		assert.Contains(t, strings.Join(logger.lines, "\n"), "retrying request", "ClientLogMode LogRetries")
	})

	t.Run("per-call retry options", func(t *testing.T) {
		f.srv.ResetRequests()
		f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
		_, err := SetPreferences(ctx, client, f.channel, f.user, types.AllowNotificationsAll, 1)
		require.Error(t, err)
		assert.Equal(t, "ServiceUnavailable", Describe(err).Kind)
		assert.Len(t, f.srv.Requests(), 1, "retry.AddWithMaxAttempts(o.Retryer, 1) per call")
	})
}

// TestEachException injects each modelled exception and checks what the
// application's Describe makes of it.
func TestEachException(t *testing.T) {
	f := newFake(t)
	client := f.explicitClient(nil)
	tests := []struct {
		exception, kind string
		status          int
		retry           bool
		attempts        int // aws-sdk-go-v2's standard retryer retries 500 and 503 only
	}{
		{"BadRequestException", "BadRequest", 400, false, 0},
		{"ConflictException", "Conflict", 409, true, 0},
		{"ForbiddenException", "Forbidden", 403, false, 0},
		{"ServiceFailureException", "ServiceFailure", 500, true, 3},
		{"ServiceUnavailableException", "ServiceUnavailable", 503, true, 3},
		{"ThrottledClientException", "Throttled", 429, true, 0},
		{"UnauthorizedClientException", "Unauthorized", 401, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.exception, func(t *testing.T) {
			f.srv.ClearFaults()
			f.srv.FailNext(3, chimesdkmessagingtest.Fault{Exception: tt.exception, Message: "injected"})
			_, err := SetPreferences(context.Background(), client, f.channel, f.user, types.AllowNotificationsAll, 0)
			require.Error(t, err)
			got := Describe(err)
			assert.Equal(t, Failure{
				Kind: tt.kind, Retry: tt.retry, Status: tt.status,
				RequestID: f.lastRequest(t).RequestID, Service: chimesdkmessaging.ServiceID, Attempts: tt.attempts,
			}, got, "from %v", err)
		})
	}
}

func TestInvalidInputIsInvalidParamsError(t *testing.T) {
	f := newFake(t)
	client := f.explicitClient(nil)
	// AllowNotifications is a required member: aws-sdk-go-v2's validator
	// refuses it empty with the same error value.
	_, err := SetPreferences(context.Background(), client, f.channel, f.user, "", 0)
	require.Error(t, err)
	assert.Equal(t, "InvalidParams", Describe(err).Kind, "from %v", err)
	assert.Empty(t, f.srv.Requests(), "nothing is sent")
}

func TestAPIVersion(t *testing.T) {
	assert.Equal(t, "2021-05-15", APIVersion())
}
