package awsv2_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

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
	l.lines = append(l.lines, fmt.Sprintf(format, v...))
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
	assert.Contains(t, strings.Join(logger.lines, "\n"), "retrying request Chime SDK Messaging/PutChannelMembershipPreferences, attempt 2")
}

func TestAWSRetryLoopKeepsAttemptTimeout(t *testing.T) {
	f := newFake(t)
	opts := f.options()
	opts.Retryer = retry.NewStandard(noBackoff)
	// The first attempt hangs (the fake stops waiting when the client hangs
	// up); the limit leaves the second attempt's answer time to arrive on a
	// loaded machine under -race.
	opts.AttemptTimeout = 2 * time.Second
	client := awsv2.New(opts)
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Latency: time.Hour})
	out, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	results, ok := retry.GetAttemptResults(out.ResultMetadata)
	require.True(t, ok)
	require.Len(t, results.Results, 2)
	var timeout interface{ Timeout() bool }
	require.ErrorAs(t, results.Results[0].Err, &timeout)
	assert.True(t, timeout.Timeout())
	assert.Contains(t, results.Results[0].Err.Error(), "attempt 1 timed out after 2s")
}

// spanNames is a smithy-go tracer that records the names of the spans it
// starts.
type spanNames struct {
	mu    sync.Mutex
	names []string
}

func (s *spanNames) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	s.mu.Lock()
	s.names = append(s.names, name)
	s.mu.Unlock()
	return tracing.NopTracerProvider{}.Tracer("").StartSpan(ctx, name, opts...)
}

// TestAttemptResultsReplayStartsNoSpans: the replay behind
// retry.GetAttemptResults times nothing, so it must not show up in traces.
func TestAttemptResultsReplayStartsNoSpans(t *testing.T) {
	f := newFake(t)
	tracer := &spanNames{}
	withTracer := func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("TestTracer",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				return next.HandleInitialize(tracing.WithOperationTracer(ctx, tracer), in)
			}), middleware.Before)
	}
	f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: "ThrottledClientException"})
	out, err := awsv2.New(f.options(), chime.WithAPIOptions(withTracer)).PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	results, ok := retry.GetAttemptResults(out.ResultMetadata)
	require.True(t, ok)
	assert.Len(t, results.Results, 2)
	tracer.mu.Lock()
	defer tracer.mu.Unlock()
	assert.NotContains(t, tracer.names, "RetryLoop")
	assert.NotContains(t, tracer.names, "Attempt")
}
