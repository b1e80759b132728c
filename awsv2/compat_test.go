package awsv2_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// fakeSetup is the fake service with one member in one channel.
type fakeSetup struct {
	srv           *chimesdkmessagingtest.Server
	channel, user string
}

func newFake(t *testing.T) *fakeSetup {
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
	return &fakeSetup{srv: srv, channel: ch, user: user}
}

// options are the fake's client options (endpoint, region, credentials,
// HTTP client, a fast retryer of this library's).
func (f *fakeSetup) options() chime.Options { return f.srv.Client().Options() }

func (f *fakeSetup) put() *chime.PutChannelMembershipPreferencesInput {
	in := putInput()
	in.ChannelArn, in.MemberArn, in.ChimeBearer = &f.channel, &f.user, &f.user
	return in
}

// lastRequest is the last request the fake received.
func (f *fakeSetup) lastRequest(t *testing.T) chimesdkmessagingtest.LoggedRequest {
	t.Helper()
	reqs := f.srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}

func TestRequestIDAndRawResponseInResultMetadata(t *testing.T) {
	f := newFake(t)
	client := awsv2.New(f.options())
	out, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)

	id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	require.True(t, ok)
	assert.Equal(t, f.lastRequest(t).RequestID, id)
	assert.NotEmpty(t, id)

	raw, ok := awsmiddleware.GetRawResponse(out.ResultMetadata).(*smithyhttp.Response)
	require.True(t, ok, "raw response is a *smithyhttp.Response")
	assert.Equal(t, http.StatusOK, raw.StatusCode)
	assert.Equal(t, id, raw.Header.Get("X-Amzn-RequestId"))

	// This library's own accessor still works.
	own, ok := chime.GetRequestID(out.ResultMetadata)
	require.True(t, ok)
	assert.Equal(t, id, own)
}

// TestEachExceptionIsAnAWSResponseError injects each modelled exception and
// reads it the way aws-sdk-go-v2 code does.
func TestEachExceptionIsAnAWSResponseError(t *testing.T) {
	f := newFake(t)
	client := awsv2.New(f.options(), func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	tests := []struct {
		exception string
		status    int
		typed     func(error) bool
	}{
		{"BadRequestException", 400, func(err error) bool { var e *types.BadRequestException; return errors.As(err, &e) }},
		{"ConflictException", 409, func(err error) bool { var e *types.ConflictException; return errors.As(err, &e) }},
		{"ForbiddenException", 403, func(err error) bool { var e *types.ForbiddenException; return errors.As(err, &e) }},
		{"ServiceFailureException", 500, func(err error) bool { var e *types.ServiceFailureException; return errors.As(err, &e) }},
		{"ServiceUnavailableException", 503, func(err error) bool { var e *types.ServiceUnavailableException; return errors.As(err, &e) }},
		{"ThrottledClientException", 429, func(err error) bool { var e *types.ThrottledClientException; return errors.As(err, &e) }},
		{"UnauthorizedClientException", 401, func(err error) bool { var e *types.UnauthorizedClientException; return errors.As(err, &e) }},
	}
	for _, tt := range tests {
		t.Run(tt.exception, func(t *testing.T) {
			f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: tt.exception, Message: "injected"})
			_, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
			require.Error(t, err)
			assert.True(t, tt.typed(err), "errors.As finds *types.%s in %v", tt.exception, err)

			var re *awshttp.ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.status, re.HTTPStatusCode())
			assert.Equal(t, f.lastRequest(t).RequestID, re.ServiceRequestID())
			var sre *smithyhttp.ResponseError
			require.ErrorAs(t, err, &sre)
			var api smithy.APIError
			require.ErrorAs(t, err, &api)
			assert.Equal(t, tt.exception, api.ErrorCode())

			var op *smithy.OperationError
			require.ErrorAs(t, err, &op)
			assert.Equal(t, "Chime SDK Messaging", op.Service())
			want := "https response error StatusCode: " + strconv.Itoa(tt.status) + ", RequestID: " + re.RequestID + ", " + tt.exception + ": injected"
			assert.Equal(t, want, re.Error(), "aws-sdk-go-v2's text")
			if tt.status < 500 && tt.status != 429 {
				// Not retryable: the response error sits right below the
				// operation error, as in aws-sdk-go-v2. (A retryable one is
				// below the max-attempts error, as there too.)
				assert.Same(t, re, op.Err)
				assert.Equal(t, "operation error Chime SDK Messaging: PutChannelMembershipPreferences, "+want, err.Error())
			}
		})
	}
}

func TestUserAgentHelpers(t *testing.T) {
	f := newFake(t)
	plain := f.srv.Client()
	_, err := plain.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	ownUA := f.lastRequest(t).Header.Get("User-Agent")

	t.Run("without helpers the User-Agent is this library's", func(t *testing.T) {
		_, err := awsv2.New(f.options()).PutChannelMembershipPreferences(context.Background(), f.put())
		require.NoError(t, err)
		assert.Equal(t, ownUA, f.lastRequest(t).Header.Get("User-Agent"))
	})

	t.Run("each helper, client-wide and per call", func(t *testing.T) {
		client := awsv2.New(f.options(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions,
				awsmiddleware.AddUserAgentKey("my-feature"),
				awsmiddleware.AddUserAgentKeyValue("my-app", "1.2"),
				awsmiddleware.AddSDKAgentKey(awsmiddleware.FeatureMetadata, "sdk-key"),
				awsmiddleware.AddSDKAgentKeyValue(awsmiddleware.ApplicationIdentifier, "sdk", "v"),
			)
		})
		_, err := client.PutChannelMembershipPreferences(context.Background(), f.put(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions, awsmiddleware.AddUserAgentKeyValue("per-call", "x y"))
		})
		require.NoError(t, err)
		ua := f.lastRequest(t).Header.Get("User-Agent")
		assert.Equal(t, ownUA+" my-feature my-app/1.2 ft/sdk-key app/sdk#v per-call/x-y", ua)
		assert.NotContains(t, ua, "aws-sdk-go-v2")
	})

	t.Run("a User-Agent set by an earlier middleware is kept after ours", func(t *testing.T) {
		client := awsv2.New(f.options(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions, awsmiddleware.AddUserAgentKey("k"), func(s *middleware.Stack) error {
				return s.Build.Insert(middleware.BuildMiddlewareFunc("SetUA", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
					in.Request.(*smithyhttp.Request).Header.Set("User-Agent", "proxy/1")
					return next.HandleBuild(ctx, in)
				}), "UserAgent", middleware.Before)
			})
		})
		_, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
		require.NoError(t, err)
		assert.Equal(t, ownUA+" k proxy/1", f.lastRequest(t).Header.Get("User-Agent"))
	})
}

// countingRetryer is an aws.RetryerV2 that counts the attempt tokens the
// retry loop takes and releases.
type countingRetryer struct {
	aws.RetryerV2
	taken, released atomic.Int32
}

func (r *countingRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	release, err := r.RetryerV2.GetAttemptToken(ctx)
	if err != nil {
		return nil, err
	}
	r.taken.Add(1)
	return func(err error) error { r.released.Add(1); return release(err) }, nil
}

func TestAWSRetryerRunsAWSRetryLoop(t *testing.T) {
	f := newFake(t)
	counting := &countingRetryer{RetryerV2: retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, noBackoff)
	})}
	opts := f.options()
	opts.Retryer = counting
	client := awsv2.New(opts)

	f.srv.FailNext(2, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
	out, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	assert.Equal(t, int32(3), counting.taken.Load(), "GetAttemptToken before every attempt")
	assert.Equal(t, int32(3), counting.released.Load(), "its release after every attempt")
	results, ok := retry.GetAttemptResults(out.ResultMetadata)
	require.True(t, ok)
	require.Len(t, results.Results, 3)
	assert.True(t, results.Results[0].Retried)
	var unavailable *types.ServiceUnavailableException
	assert.ErrorAs(t, results.Results[0].Err, &unavailable)
	assert.NoError(t, results.Results[2].Err)
	reqs := f.srv.Requests()
	assert.Equal(t, "attempt=3; max=3", reqs[len(reqs)-1].Header.Get("Amz-Sdk-Request"))

	t.Run("max attempts error is aws-sdk-go-v2's", func(t *testing.T) {
		f.srv.FailNext(3, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
		_, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
		var maxErr *retry.MaxAttemptsError
		require.ErrorAs(t, err, &maxErr)
		assert.Equal(t, 3, maxErr.Attempt)
		assert.ErrorAs(t, err, &unavailable)
	})

	t.Run("per-call retry options", func(t *testing.T) {
		perCall := []struct {
			name string
			fn   func(*chime.Options)
		}{
			{"RetryMaxAttempts", func(o *chime.Options) { o.RetryMaxAttempts = 1 }},
			{"retry.AddWithMaxAttempts", func(o *chime.Options) { o.Retryer = retry.AddWithMaxAttempts(o.Retryer, 1) }},
		}
		for _, pc := range perCall {
			t.Run(pc.name, func(t *testing.T) {
				before := counting.taken.Load()
				f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
				_, err := client.PutChannelMembershipPreferences(context.Background(), f.put(), pc.fn)
				require.ErrorAs(t, err, &unavailable)
				assert.Equal(t, before+1, counting.taken.Load(), "one attempt, rate-limited by the client's retryer")
				f.srv.ClearFaults()
			})
		}
	})
}

func TestDefaultRetryerKeepsThisLibrarysLoop(t *testing.T) {
	f := newFake(t)
	client := awsv2.New(f.options())
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ThrottledClientException"})
	out, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	assert.Equal(t, 2, chime.GetAttempts(out.ResultMetadata), "this library's loop ran")
	results, ok := retry.GetAttemptResults(out.ResultMetadata)
	require.True(t, ok)
	require.Len(t, results.Results, 2)
	first, last := results.Results[0], results.Results[1]
	var throttled *types.ThrottledClientException
	assert.ErrorAs(t, first.Err, &throttled)
	assert.True(t, first.Retried)
	assert.True(t, first.Retryable)
	id, _ := awsmiddleware.GetRequestIDMetadata(first.ResponseMetadata)
	assert.Equal(t, f.srv.Requests()[0].RequestID, id, "each attempt keeps its own metadata")
	raw, ok := first.GetRawResponse().(*smithyhttp.Response)
	require.True(t, ok)
	assert.Equal(t, http.StatusTooManyRequests, raw.StatusCode)
	assert.NoError(t, last.Err)
	assert.False(t, last.Retried)
	assert.Len(t, f.srv.Requests(), 2, "the replay sends nothing")
	reqs := f.srv.Requests()
	assert.Equal(t, "attempt=2; max=3", reqs[1].Header.Get("Amz-Sdk-Request"), "this library's header")

	t.Run("failed call", func(t *testing.T) {
		f.srv.ResetRequests()
		f.srv.FailNext(3, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
		var md middleware.Metadata
		_, err := client.PutChannelMembershipPreferences(context.Background(), f.put(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions, captureMetadata(&md))
		})
		var maxErr *retry.MaxAttemptsError
		require.ErrorAs(t, err, &maxErr, "aws-sdk-go-v2's error")
		assert.Equal(t, 3, maxErr.Attempt)
		var unavailable *types.ServiceUnavailableException
		require.ErrorAs(t, err, &unavailable)
		results, ok := retry.GetAttemptResults(md)
		require.True(t, ok)
		assert.Len(t, results.Results, 3)
		assert.Len(t, f.srv.Requests(), 3)
	})

	t.Run("cancelled context", func(t *testing.T) {
		f.srv.ResetRequests()
		f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
		ctx, cancel := context.WithCancel(context.Background())
		cancelling := chime.NewStandardRetryer(func(o *chime.StandardRetryerOptions) {
			o.BaseDelay = time.Hour
			o.MaxBackoff = time.Hour
		})
		var md middleware.Metadata
		go func() {
			for len(f.srv.Requests()) == 0 || f.srv.Requests()[0].Status == 0 {
				time.Sleep(time.Millisecond)
			}
			cancel()
		}()
		_, err := client.PutChannelMembershipPreferences(ctx, f.put(), func(o *chime.Options) {
			o.Retryer = cancelling
			o.APIOptions = append(o.APIOptions, captureMetadata(&md))
		})
		require.ErrorIs(t, err, context.Canceled)
		results, ok := retry.GetAttemptResults(md)
		require.True(t, ok)
		assert.Len(t, results.Results, 1)
	})
}

// captureMetadata is an APIOption that keeps the metadata the Finalize
// step returns, which a failed call does not hand to its caller.
func captureMetadata(md *middleware.Metadata) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Finalize.Add(middleware.FinalizeMiddlewareFunc("CaptureMetadata",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				out, m, err := next.HandleFinalize(ctx, in)
				*md = m
				return out, m, err
			}), middleware.Before)
	}
}

// recordingLogger keeps log lines.
type recordingLogger struct{ lines []string }

func (l *recordingLogger) Logf(_ logging.Classification, format string, v ...any) {
	l.lines = append(l.lines, format)
}

func TestAWSRetryLoopLogsRetriesToTheClientLogger(t *testing.T) {
	f := newFake(t)
	logger := &recordingLogger{}
	opts := f.options()
	opts.Retryer = retry.NewStandard(noBackoff)
	opts.Logger = logger
	opts.ClientLogMode = chime.LogRetries
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ServiceUnavailableException"})
	_, err := awsv2.New(opts).PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	assert.Contains(t, strings.Join(logger.lines, "\n"), "retrying request")
}

func TestAWSRetryLoopKeepsAttemptTimeout(t *testing.T) {
	f := newFake(t)
	opts := f.options()
	opts.Retryer = retry.NewStandard(noBackoff)
	opts.AttemptTimeout = 100 * time.Millisecond
	client := awsv2.New(opts)
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Latency: 2 * time.Second})
	out, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	results, ok := retry.GetAttemptResults(out.ResultMetadata)
	require.True(t, ok)
	require.Len(t, results.Results, 2)
	var timeout interface{ Timeout() bool }
	require.ErrorAs(t, results.Results[0].Err, &timeout)
	assert.True(t, timeout.Timeout())
	assert.Contains(t, results.Results[0].Err.Error(), "attempt 1 timed out after 100ms")
}
