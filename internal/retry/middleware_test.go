package retry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/chimekit/chimesdkmessaging/internal/testctx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMiddleware_ID(t *testing.T) {
	assert.Equal(t, "Retry", (&Middleware{}).ID())
}

func TestMiddleware_AttemptsHeaderBodyAndClones(t *testing.T) {
	body := []byte(`{"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`)
	req := newRequest(t, body)
	next := &script{results: []error{respErr(503, "ServiceUnavailableException", nil)}}
	md, err := run(t, &Middleware{Retryer: fastStandard()}, next, req)

	var mae *MaxAttemptsError
	require.ErrorAs(t, err, &mae)
	assert.Equal(t, 3, mae.Attempts)
	assert.Contains(t, err.Error(), "gave up after 3 attempt(s)")
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ServiceUnavailableException", apiErr.ErrorCode())
	assert.Equal(t, 3, Attempts(md))

	require.Len(t, next.seen, 3)
	for i, s := range next.seen {
		assert.Equal(t, fmt.Sprintf("attempt=%d; max=3", i+1), s.header.Get("Amz-Sdk-Request"))
		assert.Equal(t, []string{fmt.Sprintf("attempt=%d; max=3", i+1)}, s.header.Values("amz-sdk-request"), "exactly one value")
		assert.Equal(t, "inv-1", s.header.Get("Amz-Sdk-Invocation-Id"))
		assert.Equal(t, body, s.body, "attempt %d body", i+1)
		assert.False(t, s.preSigned, "attempt %d starts without the previous signature", i+1)
	}
}

func TestMiddleware_RetryStartsFromPristineRequest(t *testing.T) {
	for _, extra := range []int{0, 40} { // 40: more headers than the inline snapshot holds
		req := newRequest(t, []byte("body"))
		for i := range extra {
			req.Header.Set(fmt.Sprintf("X-Extra-%d", i), "v")
		}
		wantHeaders := len(req.Header) + 1 // plus amz-sdk-request
		var n int
		next := middleware.FinalizeHandlerFunc(func(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
			n++
			r := in.Request.(*smithyhttp.Request)
			assert.Equal(t, "/channels/c/memberships/m/preferences", r.URL.Path, "attempt %d", n)
			assert.Empty(t, r.Host, "attempt %d", n)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "attempt %d", n)
			assert.Len(t, r.Header, wantHeaders, "attempt %d", n)
			assert.Equal(t, fmt.Sprintf("attempt=%d; max=3", n), r.Header.Get("Amz-Sdk-Request"))
			// What a layer below may do to its copy.
			r.URL.Path += "/mutated"
			r.Host = "evil.example"
			r.Header.Set("Content-Type", "text/plain")
			r.Header.Set("X-Amz-Date", "20260101T000000Z")
			r.Header.Add("Amz-Sdk-Request", "dup")
			if n < 3 {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, respErr(503, "", nil)
			}
			return middleware.FinalizeOutput{}, middleware.Metadata{}, nil
		})
		_, err := run(t, &Middleware{Retryer: fastStandard()}, next, req)
		require.NoError(t, err)
		assert.Equal(t, 3, n)
	}
}

func TestMiddleware_SuccessAfterRetry(t *testing.T) {
	next := &script{results: []error{respErr(502, "", nil), sendErr(errConnReset()), nil}}
	md, err := run(t, &Middleware{Retryer: fastStandard()}, next, newRequest(t, []byte("abc")))
	require.NoError(t, err)
	assert.Equal(t, 3, Attempts(md))
	assert.Equal(t, 3, next.attempts())
}

func TestMiddleware_NonRetryableReturnedAsIs(t *testing.T) {
	want := respErr(400, "BadRequestException", nil)
	next := &script{results: []error{want}}
	md, err := run(t, &Middleware{Retryer: fastStandard()}, next, newRequest(t, nil))
	assert.Same(t, want, err)
	assert.Equal(t, 1, next.attempts())
	assert.Equal(t, 1, Attempts(md))
}

func TestMiddleware_MaxAttemptsOneDisablesRetries(t *testing.T) {
	next := &script{results: []error{respErr(503, "", nil)}}
	_, err := run(t, &Middleware{Retryer: fastStandard(func(o *StandardOptions) { o.MaxAttempts = 1 })}, next, newRequest(t, nil))
	var mae *MaxAttemptsError
	require.ErrorAs(t, err, &mae)
	assert.Equal(t, 1, next.attempts())
	assert.Equal(t, "attempt=1; max=1", next.seen[0].header.Get("Amz-Sdk-Request"))
}

func TestMiddleware_NilRetryerSingleAttempt(t *testing.T) {
	next := &script{results: []error{respErr(503, "", nil)}}
	md, err := run(t, &Middleware{}, next, newRequest(t, nil))
	require.Error(t, err)
	assert.Equal(t, 1, next.attempts())
	assert.Equal(t, 1, Attempts(md))
}

func TestMiddleware_WrongRequestType(t *testing.T) {
	_, _, err := (&Middleware{}).HandleFinalize(context.Background(), middleware.FinalizeInput{Request: "nope"}, &script{results: []error{nil}})
	assert.ErrorContains(t, err, "unexpected request type string")
}

func TestMiddleware_UnrewindableBody(t *testing.T) {
	req := newRequest(t, nil)
	req, err := req.SetStream(io.MultiReader(strings.NewReader("abc")))
	require.NoError(t, err)
	next := &script{results: []error{respErr(503, "", nil)}}
	_, err = run(t, &Middleware{Retryer: fastStandard()}, next, req)
	assert.ErrorContains(t, err, "cannot rewind the request body for attempt 2")
	assert.Equal(t, 1, next.attempts())
}

func TestMiddleware_ParentContextCanceledDuringAttemptNotRetried(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := fastStandard()
	next := &script{results: []error{respErr(503, "ServiceUnavailableException", nil)}, hook: func(context.Context, int) error {
		cancel()
		return nil
	}}
	md, err := runCtx(ctx, &Middleware{Retryer: s}, next, newRequest(t, nil))
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, "attempt 1 of 3 stopped")
	var apiErr smithy.APIError
	assert.ErrorAs(t, err, &apiErr, "the attempt's error stays reachable")
	assert.Equal(t, 1, next.attempts())
	assert.Equal(t, 1, Attempts(md))
}

func TestMiddleware_CancelDuringBackoffReturnsPromptly(t *testing.T) {
	// The context ends when the retry is logged, just before its hour-long
	// backoff, so the end lands in the backoff however slowly the first
	// attempt ran; a backoff that ignored it would hold the call an hour.
	for _, tc := range []struct {
		name string
		ctx  func() (ctx context.Context, end func())
		want error
	}{
		{"cancel", func() (context.Context, func()) {
			return context.WithCancel(context.Background())
		}, context.Canceled},
		{"deadline", func() (context.Context, func()) {
			ctx := testctx.NewExpiring(time.Now().Add(2 * time.Hour))
			return ctx, ctx.Expire
		}, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStandard(func(o *StandardOptions) {
				o.BaseDelay = time.Hour
				o.MaxBackoff = time.Hour
				o.Rand = fixedRand(0.999)
			})
			ctx, end := tc.ctx()
			defer end()
			logger := logging.LoggerFunc(func(logging.Classification, string, ...any) { end() })
			next := &script{results: []error{respErr(503, "ServiceUnavailableException", nil)}}
			start := time.Now()
			_, err := runCtx(ctx, &Middleware{Retryer: s, Logger: logger, LogRetries: true}, next, newRequest(t, nil))
			assert.Less(t, time.Since(start), time.Minute, "an hour's backoff was cut short")
			assert.ErrorIs(t, err, tc.want)
			assert.ErrorContains(t, err, "before attempt 2 of 3")
			assert.Equal(t, 1, next.attempts())
			assert.Equal(t, 500, s.quota.level(), "the token taken for the abandoned retry is returned")
		})
	}
}

func TestMiddleware_AttemptTimeoutRetried(t *testing.T) {
	s := fastStandard()
	next := &script{results: []error{nil}, hook: func(ctx context.Context, n int) error {
		if n == 1 {
			<-ctx.Done() // a hung attempt
			return sendErr(ctx.Err())
		}
		return nil
	}}
	md, err := run(t, &Middleware{Retryer: s, AttemptTimeout: 30 * time.Millisecond}, next, newRequest(t, []byte("b")))
	require.NoError(t, err)
	assert.Equal(t, 2, Attempts(md))
	assert.Equal(t, 500, s.quota.level())
}

func TestMiddleware_AttemptTimeoutExhausted(t *testing.T) {
	next := &script{results: []error{nil}, hook: func(ctx context.Context, _ int) error {
		<-ctx.Done()
		return sendErr(ctx.Err())
	}}
	_, err := run(t, &Middleware{Retryer: fastStandard(), AttemptTimeout: 10 * time.Millisecond}, next, newRequest(t, nil))
	var at *AttemptTimeoutError
	require.ErrorAs(t, err, &at)
	assert.Equal(t, 3, at.Attempt)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 3, next.attempts())
}

// customRetryer is a user-supplied Retryer whose token and delay fail.
type customRetryer struct {
	tokenErr, delayErr error
	released           []error
	mu                 sync.Mutex
}

func (c *customRetryer) IsErrorRetryable(error) bool { return true }
func (c *customRetryer) MaxAttempts() int            { return 5 }
func (c *customRetryer) RetryDelay(int, error) (time.Duration, error) {
	return 0, c.delayErr
}
func (c *customRetryer) GetRetryToken(context.Context, error) (func(error) error, error) {
	if c.tokenErr != nil {
		return nil, c.tokenErr
	}
	return func(err error) error {
		c.mu.Lock()
		c.released = append(c.released, err)
		c.mu.Unlock()
		return nil
	}, nil
}
func (c *customRetryer) GetInitialToken() func(error) error { return nopRelease }

func TestMiddleware_CustomRetryerFailures(t *testing.T) {
	opErr := respErr(500, "", nil)
	tokErr := errors.New("no token for you")
	_, err := run(t, &Middleware{Retryer: &customRetryer{tokenErr: tokErr}}, &script{results: []error{opErr}}, newRequest(t, nil))
	assert.ErrorIs(t, err, tokErr)
	assert.ErrorIs(t, err, opErr)

	delayErr := errors.New("bad delay")
	c := &customRetryer{delayErr: delayErr}
	_, err = run(t, &Middleware{Retryer: c}, &script{results: []error{opErr}}, newRequest(t, nil))
	assert.ErrorIs(t, err, delayErr)
	assert.ErrorIs(t, err, opErr)
	require.Len(t, c.released, 1, "the token is released")
	assert.ErrorIs(t, c.released[0], delayErr)
}

func TestMiddleware_LogsRetriesWithoutSecrets(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	logger := logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, logging.Debug, c)
		lines = append(lines, fmt.Sprintf(format, v...))
	})
	hdr := http.Header{"Authorization": {"AWS4 SECRETSIG"}, "X-Amz-Security-Token": {"SECRETTOKEN"}}
	next := &script{results: []error{
		respErrMsg(503, "ServiceUnavailableException", "SECRET body message", hdr),
		sendErr(fmt.Errorf("dial to SECRETHOST: %w", errConnReset())),
		nil,
	}}
	_, err := run(t, &Middleware{Retryer: fastStandard(), Logger: logger, LogRetries: true}, next, newRequest(t, []byte("SECRET body")))
	require.NoError(t, err)
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], "attempt 1 failed (HTTP 503, ServiceUnavailableException)")
	assert.Contains(t, lines[1], "attempt 2 failed (connection error: connection reset by peer)")
	for _, l := range lines {
		assert.NotContains(t, l, "SECRET")
		assert.Contains(t, l, "next attempt in")
	}

	lines = nil
	_, err = run(t, &Middleware{Retryer: fastStandard(), Logger: logger}, &script{results: []error{respErr(503, "", nil), nil}}, newRequest(t, nil))
	require.NoError(t, err)
	assert.Empty(t, lines, "LogRetries off")
}

func TestErrorSummary(t *testing.T) {
	assert.Equal(t, "HTTP 504", errorSummary(respErr(504, "", nil)))
	assert.Equal(t, "RequestTimeout", errorSummary(&smithy.GenericAPIError{Code: "RequestTimeout", Message: "SECRET"}))
	assert.Equal(t, "attempt timeout 1s", errorSummary(&AttemptTimeoutError{Limit: time.Second, Err: errors.New("SECRET")}))
	assert.Equal(t, "connection timeout", errorSummary(sendErr(timeoutErr{})))
	assert.Equal(t, "error *errors.errorString", errorSummary(errors.New("SECRET")))
}

func TestRequestHeader(t *testing.T) {
	assert.Equal(t, "attempt=1; max=3", requestHeader(1, 3))
	assert.Equal(t, "attempt=12; max=100", requestHeader(12, 100))
	for m := 1; m <= 12; m++ {
		assert.Equal(t, fmt.Sprintf("attempt=1; max=%d", m), requestHeader(1, m))
	}
}

func TestMiddleware_BodyReplayedThroughRealBuild(t *testing.T) {
	// The transport reads the body via Request.Build; every attempt must
	// send the same bytes.
	body := bytes.Repeat([]byte("0123456789"), 1000)
	var got [][]byte
	next := middleware.FinalizeHandlerFunc(func(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		hr := in.Request.(interface {
			Build(context.Context) *http.Request
		}).Build(ctx)
		b, err := io.ReadAll(hr.Body)
		require.NoError(t, err)
		got = append(got, b)
		assert.Equal(t, int64(len(body)), hr.ContentLength)
		if len(got) < 3 {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, respErr(503, "", nil)
		}
		return middleware.FinalizeOutput{}, middleware.Metadata{}, nil
	})
	_, err := run(t, &Middleware{Retryer: fastStandard()}, next, newRequest(t, body))
	require.NoError(t, err)
	require.Len(t, got, 3)
	for _, b := range got {
		assert.Equal(t, body, b)
	}
}

func TestMiddleware_DeadlineDuringRetryReturnsToken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	s := fastStandard()
	next := &script{results: []error{respErr(503, "ServiceUnavailableException", nil)}, hook: func(actx context.Context, n int) error {
		if n == 2 {
			cancel()
			return sendErr(context.DeadlineExceeded)
		}
		return nil
	}}
	_, err := runCtx(ctx, &Middleware{Retryer: s}, next, newRequest(t, nil))
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, "attempt 2 of 3 stopped")
	assert.Equal(t, 500, s.quota.level())
}
