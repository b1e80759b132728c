package awsv2_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/ptr"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

const (
	testChannelArn = "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/channel/ch-1"
	testMemberArn  = "arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/user-1"
)

// recordedRequest is what the test server saw of one request.
type recordedRequest struct {
	Method, Path string
	Header       http.Header
}

// recorder is an httptest server on 127.0.0.1 that records each request and
// answers with the queued statuses, then 200 with a valid output.
type recorder struct {
	URL string

	mu       sync.Mutex
	requests []recordedRequest
	statuses []int
}

func newRecorder(t testing.TB, statuses ...int) *recorder {
	t.Helper()
	rec := &recorder{statuses: statuses}
	srv := httptest.NewServer(http.HandlerFunc(rec.serve))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	return rec
}

func (rec *recorder) serve(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, recordedRequest{Method: r.Method, Path: r.URL.EscapedPath(), Header: r.Header.Clone()})
	status := http.StatusOK
	if len(rec.statuses) > 0 {
		status, rec.statuses = rec.statuses[0], rec.statuses[1:]
	}
	rec.mu.Unlock()
	w.Header().Set("x-amzn-RequestId", "req-awsv2")
	if status != http.StatusOK {
		w.Header().Set("X-Amzn-ErrorType", "ServiceUnavailableException")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"Code":"ServiceUnavailable","Message":"try again"}`)
		return
	}
	_, _ = fmt.Fprintf(w, `{"ChannelArn":%q,"Member":{"Arn":%q,"Name":"Jane"},"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`,
		testChannelArn, testMemberArn)
}

func (rec *recorder) Requests() []recordedRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]recordedRequest(nil), rec.requests...)
}

func putInput() *chime.PutChannelMembershipPreferencesInput {
	return &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String(testChannelArn),
		MemberArn:   ptr.String(testMemberArn),
		ChimeBearer: ptr.String(testMemberArn),
		Preferences: &types.ChannelMembershipPreferences{
			PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll},
		},
	}
}

// noBackoff makes aws-sdk-go-v2 retryers retry at once, to keep tests fast.
func noBackoff(o *retry.StandardOptions) {
	o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
}

func TestNewFromConfigSignsWithConfigCredentials(t *testing.T) {
	rec := newRecorder(t)
	cfg := aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(rec.URL),
		Credentials:  aws.NewCredentialsCache(awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, testToken)),
		AppID:        "e2e-app",
	}
	out, err := awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), putInput())
	require.NoError(t, err)
	assert.Equal(t, testMemberArn, *out.Member.Arn)

	reqs := rec.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.True(t, strings.HasPrefix(r.Path, "/channels/"), r.Path)
	auth := r.Header.Get("Authorization")
	assert.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential="+testAccessKeyID+"/"), auth)
	assert.Contains(t, auth, "/us-east-1/chime/aws4_request")
	assert.Contains(t, auth, "x-amz-security-token")
	assert.NotContains(t, auth, testSecret)
	assert.Equal(t, testToken, r.Header.Get("X-Amz-Security-Token"))
	assert.Contains(t, r.Header.Get("User-Agent"), "app/e2e-app")
}

// seededFake starts the fake with the test credentials and one channel
// whose member is user.
func seededFake(t *testing.T) (srv *chimesdkmessagingtest.Server, ch, user string) {
	t.Helper()
	srv = chimesdkmessagingtest.NewServer(chimesdkmessagingtest.WithCredentials(testAccessKeyID, testSecret, testToken))
	t.Cleanup(srv.Close)
	app, err := srv.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	user, err = srv.CreateAppInstanceUser(app, "user-1", "Jane")
	require.NoError(t, err)
	ch, err = srv.CreateChannel(app, "ch-1", "General")
	require.NoError(t, err)
	require.NoError(t, srv.CreateChannelMembership(ch, user))
	return srv, ch, user
}

// TestNewFromConfigSignatureVerified calls the fake service, which checks
// the SigV4 signature itself, so a wrong secret or token would fail here.
func TestNewFromConfigSignatureVerified(t *testing.T) {
	srv, ch, user := seededFake(t)

	tests := []struct {
		name    string
		secret  string
		wantErr bool
	}{
		{"config credentials", testSecret, false},
		{"wrong secret is refused by the fake", "not-the-secret", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := aws.Config{
				Region:           srv.Region(),
				BaseEndpoint:     aws.String(srv.URL),
				Credentials:      awscreds.NewStaticCredentialsProvider(testAccessKeyID, tt.secret, testToken),
				HTTPClient:       srv.HTTPClient(),
				RetryMaxAttempts: 1,
			}
			in := putInput()
			in.ChannelArn, in.MemberArn, in.ChimeBearer = &ch, &user, &user
			_, err := awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), in)
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "signature")
				assert.NotContains(t, err.Error(), tt.secret)
				return
			}
			require.NoError(t, err)
			got, err := srv.Preferences(ch, user)
			require.NoError(t, err)
			require.NotNil(t, got)
			require.NotNil(t, got.PushNotifications)
			assert.Equal(t, types.AllowNotificationsAll, got.PushNotifications.AllowNotifications)
		})
	}
}

// TestNewFromConfigUsesConfigRetryer shows an aws-sdk-go-v2 retryer
// classifying this client's errors: a 503 is retried, then the call succeeds.
func TestNewFromConfigUsesConfigRetryer(t *testing.T) {
	rec := newRecorder(t, http.StatusServiceUnavailable)
	cfg := aws.Config{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(rec.URL),
		Credentials:  awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, ""),
		Retryer:      func() aws.Retryer { return retry.NewStandard(noBackoff) },
	}
	out, err := awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), putInput())
	require.NoError(t, err)
	assert.Len(t, rec.Requests(), 2)
	results, ok := retry.GetAttemptResults(out.ResultMetadata)
	require.True(t, ok, "aws-sdk-go-v2's retry loop runs an aws retryer")
	assert.Len(t, results.Results, 2)

	// With one attempt allowed by the aws retryer, the 503 is final.
	rec = newRecorder(t, http.StatusServiceUnavailable)
	cfg.BaseEndpoint = aws.String(rec.URL)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(noBackoff, func(o *retry.StandardOptions) { o.MaxAttempts = 1 })
	}
	_, err = awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), putInput())
	var unavailable *types.ServiceUnavailableException
	require.ErrorAs(t, err, &unavailable)
	assert.Len(t, rec.Requests(), 1)
}

// addHeader is a generic smithy-go middleware: it only edits the request.
func addHeader(stack *middleware.Stack) error {
	return stack.Build.Add(middleware.BuildMiddlewareFunc("AddTestHeader",
		func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				req.Header.Set("X-Test-Middleware", "yes")
			}
			return next.HandleBuild(ctx, in)
		}), middleware.After)
}

// TestNewFromConfigAPIOptions shows cfg.APIOptions applied: a generic
// middleware and aws-sdk-go-v2's own user-agent helper both work.
func TestNewFromConfigAPIOptions(t *testing.T) {
	base := func(url string) aws.Config {
		return aws.Config{
			Region:       "us-east-1",
			BaseEndpoint: aws.String(url),
			Credentials:  awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, ""),
		}
	}

	t.Run("generic middleware in cfg.APIOptions", func(t *testing.T) {
		rec := newRecorder(t)
		cfg := base(rec.URL)
		cfg.APIOptions = []func(*middleware.Stack) error{addHeader}
		_, err := awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), putInput())
		require.NoError(t, err)
		require.Len(t, rec.Requests(), 1)
		assert.Equal(t, "yes", rec.Requests()[0].Header.Get("X-Test-Middleware"))
	})

	t.Run("aws-sdk-go-v2 user-agent helper in cfg.APIOptions", func(t *testing.T) {
		rec := newRecorder(t)
		cfg := base(rec.URL)
		cfg.APIOptions = []func(*middleware.Stack) error{awsmiddleware.AddUserAgentKey("my-feature")}
		_, err := awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), putInput())
		require.NoError(t, err)
		require.Len(t, rec.Requests(), 1)
		ua := rec.Requests()[0].Header.Get("User-Agent")
		assert.True(t, strings.HasPrefix(ua, "chimekit-go/"), ua)
		assert.True(t, strings.HasSuffix(ua, " my-feature"), ua)
	})
}

// hostCatcher is an HTTPClient that records the host it is asked to call
// and fails without sending anything.
type hostCatcher func(host string)

func (f hostCatcher) Do(r *http.Request) (*http.Response, error) {
	f(r.URL.Host)
	return nil, http.ErrNotSupported
}

// countingInterceptor counts the requests it sees before transmit.
type countingInterceptor struct{ n int }

func (c *countingInterceptor) BeforeTransmit(_ context.Context, in *smithyhttp.InterceptorContext) error {
	c.n++
	in.Request.Header.Set("X-From-Interceptor", "yes")
	return nil
}

// TestNewFromConfigInterceptors: cfg.Interceptors run as aws-sdk-go-v2 runs
// them, once per attempt before transmit.
func TestNewFromConfigInterceptors(t *testing.T) {
	srv, ch, user := seededFake(t)

	ic := &countingInterceptor{}
	cfg := aws.Config{
		Region:       srv.Region(),
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  awscreds.NewStaticCredentialsProvider(testAccessKeyID, testSecret, testToken),
		HTTPClient:   srv.HTTPClient(),
	}
	cfg.Interceptors.AddBeforeTransmit(ic)
	in := putInput()
	in.ChannelArn, in.MemberArn, in.ChimeBearer = &ch, &user, &user
	_, err := awsv2.NewFromConfig(cfg).PutChannelMembershipPreferences(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, 1, ic.n)
}
