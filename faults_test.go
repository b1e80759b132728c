package chimesdkmessaging_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/internal/testctx"
	"github.com/chimekit/chimesdkmessaging/types"
)

// flakyClient is an in-memory HTTPClient that answers attempt n with
// steps[n] (the last step repeats) and counts attempts.
type flakyClient struct {
	attempts atomic.Int32
	steps    []func(*http.Request) (*http.Response, error)
}

func (f *flakyClient) Do(r *http.Request) (*http.Response, error) {
	n := int(f.attempts.Add(1)) - 1
	if n >= len(f.steps) {
		n = len(f.steps) - 1
	}
	resp, err := f.steps[n](r)
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return resp, err
}

func status(code int, errorType, body string) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		h := http.Header{}
		if errorType != "" {
			h.Set("X-Amzn-ErrorType", errorType)
		}
		return jsonResponse(code, h, body), nil
	}
}

func ok200(*http.Request) (*http.Response, error) { return jsonResponse(200, nil, okBody), nil }

func connErr(errno syscall.Errno) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", errno)}
	}
}

func faultClient(f *flakyClient, optFns ...func(*chime.StandardRetryerOptions)) *chime.Client {
	return chime.New(chime.Options{
		Region:      "us-east-1",
		Credentials: staticCreds("AKID", "SECRET", ""),
		HTTPClient:  f,
		Retryer: chime.NewStandardRetryer(append([]func(*chime.StandardRetryerOptions){func(o *chime.StandardRetryerOptions) {
			o.BaseDelay = time.Millisecond
			o.ThrottleBaseDelay = 2 * time.Millisecond
			o.MaxBackoff = 10 * time.Millisecond
		}}, optFns...)...),
	})
}

// TestFaults runs one case per fault: attempts and outcome.
func TestFaults(t *testing.T) {
	cases := []struct {
		name     string
		steps    []func(*http.Request) (*http.Response, error)
		attempts int
		check    func(t *testing.T, err error)
	}{
		{"503 once", []func(*http.Request) (*http.Response, error){
			status(503, "ServiceUnavailableException", `{"Code":"ServiceUnavailable"}`), ok200,
		}, 2, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"503 always", []func(*http.Request) (*http.Response, error){
			status(503, "ServiceUnavailableException", `{"Code":"ServiceUnavailable","Message":"down"}`),
		}, 3, func(t *testing.T, err error) {
			var e *types.ServiceUnavailableException
			require.ErrorAs(t, err, &e)
			var maxErr *chime.MaxAttemptsError
			require.ErrorAs(t, err, &maxErr)
			assert.Equal(t, 3, maxErr.Attempts)
		}},
		{"429 then success", []func(*http.Request) (*http.Response, error){
			status(429, "ThrottledClientException", `{"Code":"Throttled"}`), ok200,
		}, 2, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"500 ServiceFailure then success", []func(*http.Request) (*http.Response, error){
			status(500, "ServiceFailureException", `{}`), ok200,
		}, 2, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"reset before the response", []func(*http.Request) (*http.Response, error){
			connErr(syscall.ECONNREFUSED), ok200,
		}, 2, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"reset after the request was sent", []func(*http.Request) (*http.Response, error){
			connErr(syscall.ECONNRESET), connErr(syscall.ECONNRESET), ok200,
		}, 3, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"EOF before a response", []func(*http.Request) (*http.Response, error){
			func(*http.Request) (*http.Response, error) { return nil, io.EOF }, ok200,
		}, 2, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"garbage 200 body is not retried", []func(*http.Request) (*http.Response, error){
			status(200, "", `{"ChannelArn":`),
		}, 1, func(t *testing.T, err error) {
			var de *smithy.DeserializationError
			assert.ErrorAs(t, err, &de)
		}},
		{"huge body is refused", []func(*http.Request) (*http.Response, error){
			func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: -1, Body: io.NopCloser(io.LimitReader(zeros{}, 1<<30))}, nil
			},
		}, 1, func(t *testing.T, err error) {
			var tooLarge *chime.ResponseTooLargeError
			assert.ErrorAs(t, err, &tooLarge)
		}},
		{"403 is not retried", []func(*http.Request) (*http.Response, error){
			status(403, "ForbiddenException", `{"Code":"Forbidden"}`),
		}, 1, func(t *testing.T, err error) {
			var e *types.ForbiddenException
			assert.ErrorAs(t, err, &e)
		}},
		{"400 409 401 are not retried", []func(*http.Request) (*http.Response, error){
			status(409, "ConflictException", `{}`),
		}, 1, func(t *testing.T, err error) {
			var e *types.ConflictException
			assert.ErrorAs(t, err, &e)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &flakyClient{steps: tc.steps}
			c := faultClient(f)
			out, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
			tc.check(t, err)
			assert.Equal(t, tc.attempts, int(f.attempts.Load()), "attempts")
			if err == nil {
				assert.Equal(t, tc.attempts, chime.GetAttempts(out.ResultMetadata))
			}
		})
	}
}

// zeros is an endless body of spaces (valid JSON whitespace).
type zeros struct{}

// spaces is what zeros copies from: one copy per Read, not a store per byte
// (which the race detector would instrument byte by byte).
var spaces = bytes.Repeat([]byte{' '}, 32<<10)

func (zeros) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], spaces)
	}
	return n, nil
}

func TestEveryAttemptSameBodyAndInvocationID(t *testing.T) {
	var bodies, ids, reqHeaders, sigs []string
	f := &flakyClient{}
	record := func(r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		ids = append(ids, r.Header.Get("Amz-Sdk-Invocation-Id"))
		reqHeaders = append(reqHeaders, r.Header.Get("Amz-Sdk-Request"))
		sigs = append(sigs, r.Header.Get("Authorization"))
	}
	f.steps = []func(*http.Request) (*http.Response, error){
		func(r *http.Request) (*http.Response, error) { record(r); return nil, io.ErrUnexpectedEOF },
		func(r *http.Request) (*http.Response, error) {
			record(r)
			return status(502, "", "<html>bad gateway</html>")(r)
		},
		func(r *http.Request) (*http.Response, error) { record(r); return ok200(r) },
	}
	c := faultClient(f)
	putOK(t, c, validInput())
	require.Len(t, bodies, 3)
	assert.Equal(t, bodies[0], bodies[1])
	assert.Equal(t, bodies[0], bodies[2])
	assert.NotEmpty(t, bodies[0])
	assert.Equal(t, ids[0], ids[1])
	assert.Equal(t, ids[0], ids[2])
	assert.Equal(t, []string{"attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"}, reqHeaders)
	for _, s := range sigs {
		assert.Contains(t, s, "Signature=")
	}
}

func TestRetryQuotaExhausted(t *testing.T) {
	f := &flakyClient{steps: []func(*http.Request) (*http.Response, error){
		status(503, "ServiceUnavailableException", `{}`),
	}}
	c := faultClient(f, func(o *chime.StandardRetryerOptions) { o.QuotaCapacity = 10 })
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.Error(t, err)
	assert.Equal(t, int32(3), f.attempts.Load(), "two retries take the 10 tokens")

	_, err = c.PutChannelMembershipPreferences(context.Background(), validInput())
	var quota *chime.RetryQuotaExceededError
	require.ErrorAs(t, err, &quota)
	assert.Contains(t, err.Error(), "this client's own retry token bucket is empty")
	assert.Contains(t, err.Error(), "not a service error")
	var e *types.ServiceUnavailableException
	assert.ErrorAs(t, err, &e, "the last service error is still there")
	assert.Equal(t, int32(4), f.attempts.Load(), "no retry without tokens")

	// With the quota off the client keeps retrying up to the attempt limit.
	f2 := &flakyClient{steps: f.steps}
	c2 := faultClient(f2, func(o *chime.StandardRetryerOptions) { o.QuotaCapacity = 5; o.DisableRetryQuota = true })
	for i := 0; i < 3; i++ {
		_, _ = c2.PutChannelMembershipPreferences(context.Background(), validInput())
	}
	assert.Equal(t, int32(9), f2.attempts.Load())
}

func TestAttemptTimeoutIsRetried(t *testing.T) {
	f := &flakyClient{steps: []func(*http.Request) (*http.Response, error){
		func(r *http.Request) (*http.Response, error) {
			<-r.Context().Done()
			return nil, r.Context().Err()
		},
		ok200,
	}}
	c := faultClient(f)
	// The first attempt waits for its context to end, so a call that
	// succeeds at all cut it off.
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.AttemptTimeout = 50 * time.Millisecond
	})
	require.NoError(t, err)
	assert.Equal(t, int32(2), f.attempts.Load())
}

func TestCancelledContextStopsAtOnce(t *testing.T) {
	f := &flakyClient{steps: []func(*http.Request) (*http.Response, error){
		status(503, "ServiceUnavailableException", `{}`),
	}}
	c := chime.New(chime.Options{
		Region: "us-east-1", Credentials: staticCreds("AKID", "SECRET", ""), HTTPClient: f,
		Retryer: chime.NewStandardRetryer(func(o *chime.StandardRetryerOptions) {
			o.BaseDelay, o.MaxBackoff = time.Hour, time.Hour
			o.Rand = func() float64 { return 0.99 }
		}),
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The retry's log line comes just before its hour-long backoff:
	// cancelling there lands in the backoff however slowly the first
	// attempt ran.
	cancelOnRetry := func(o *chime.Options) {
		o.ClientLogMode = chime.LogRetries
		o.Logger = logging.LoggerFunc(func(logging.Classification, string, ...any) { cancel() })
	}
	start := time.Now()
	_, err := c.PutChannelMembershipPreferences(ctx, validInput(), cancelOnRetry)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, "before attempt 2")
	assert.Less(t, time.Since(start), time.Minute, "cancellation interrupts the backoff")
	assert.Equal(t, int32(1), f.attempts.Load())

	// A context already done sends nothing.
	_, err = c.PutChannelMembershipPreferences(ctx, validInput())
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(1), f.attempts.Load())
}

func TestDeadlineDuringAttempt(t *testing.T) {
	ctx := testctx.NewExpiring(time.Now().Add(time.Hour))
	f := &flakyClient{steps: []func(*http.Request) (*http.Response, error){
		func(r *http.Request) (*http.Response, error) {
			ctx.Expire() // while the first attempt is in flight
			<-r.Context().Done()
			return nil, r.Context().Err()
		},
	}}
	c := faultClient(f)
	_, err := c.PutChannelMembershipPreferences(ctx, validInput())
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int32(1), f.attempts.Load(), "an expired caller deadline is not retried")
}

// TestClockSkewCorrected: the service rejects a request signed an hour off
// and says so; the client takes the offset from Date, retries once, and
// signs the next call with the corrected time from the start.
func TestClockSkewCorrected(t *testing.T) {
	serverNow := func() time.Time { return time.Now().Add(time.Hour).UTC() }
	f := &flakyClient{}
	f.steps = []func(*http.Request) (*http.Response, error){func(r *http.Request) (*http.Response, error) {
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err != nil {
			return nil, err
		}
		now := serverNow()
		h := http.Header{"Date": {now.Format(http.TimeFormat)}}
		if d := now.Sub(signed); d > 5*time.Minute || d < -5*time.Minute {
			h.Set("X-Amzn-ErrorType", "InvalidSignatureException")
			return jsonResponse(403, h, `{"message":"Signature expired: `+signed.Format("20060102T150405Z")+` is now earlier than `+now.Add(-5*time.Minute).Format("20060102T150405Z")+`"}`), nil
		}
		return jsonResponse(200, h, okBody), nil
	}}
	c := faultClient(f)
	putOK(t, c, validInput())
	assert.Equal(t, int32(2), f.attempts.Load(), "one skew retry")
	putOK(t, c, validInput())
	assert.Equal(t, int32(3), f.attempts.Load(), "the offset is kept by the client")
}

// TestBogusDateDoesNotMakeThingsWorse: a proxy's cached Date far in the
// past cannot leave the client worse off than no correction.
func TestBogusDateDoesNotMakeThingsWorse(t *testing.T) {
	f := &flakyClient{}
	f.steps = []func(*http.Request) (*http.Response, error){func(r *http.Request) (*http.Response, error) {
		h := http.Header{"Date": {time.Now().Add(-48 * time.Hour).UTC().Format(http.TimeFormat)}}
		signed, _ := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if d := time.Since(signed); d > 5*time.Minute || d < -5*time.Minute {
			h.Set("X-Amzn-ErrorType", "InvalidSignatureException")
			return jsonResponse(403, h, `{"message":"Signature expired"}`), nil
		}
		return jsonResponse(200, h, okBody), nil
	}}
	c := faultClient(f)
	putOK(t, c, validInput())
	assert.Equal(t, int32(1), f.attempts.Load())
	putOK(t, c, validInput())
	assert.Equal(t, int32(2), f.attempts.Load(), "a bogus Date on a success changes nothing")
}

func TestValidationErrorsAreNeverRetried(t *testing.T) {
	f := &flakyClient{steps: []func(*http.Request) (*http.Response, error){ok200}}
	c := faultClient(f)
	_, err := c.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{ChannelArn: ptr.String("x")})
	var ipe smithy.InvalidParamsError
	require.ErrorAs(t, err, &ipe)
	assert.Zero(t, f.attempts.Load())
	assert.False(t, strings.Contains(err.Error(), "retry"))
	assert.False(t, errors.Is(err, context.Canceled))
}

// TestPerCallMaxAttemptsKeepsPacedThrottles: a per-call RetryMaxAttempts
// wraps the adaptive retryer; throttled attempts the rate limiter paced
// still do not count toward the limit through the wrapper.
func TestPerCallMaxAttemptsKeepsPacedThrottles(t *testing.T) {
	throttle := func(*http.Request) (*http.Response, error) {
		return jsonResponse(429, http.Header{"X-Amzn-Errortype": {"ThrottledClientException"}}, `{"Code":"Throttled","Message":"Rate exceeded"}`), nil
	}
	ok := func(*http.Request) (*http.Response, error) { return jsonResponse(200, nil, okBody), nil }
	f := &flakyClient{steps: []func(*http.Request) (*http.Response, error){throttle, throttle, throttle, throttle, ok}}
	c := chime.New(chime.Options{
		Region: "us-east-1", Credentials: staticCreds("AKID", "SECRET", ""), HTTPClient: f,
		Retryer: chime.NewAdaptiveRetryer(func(o *chime.AdaptiveRetryerOptions) {
			o.Standard.BaseDelay = time.Millisecond
			o.Standard.ThrottleBaseDelay = time.Millisecond
			o.Standard.MaxBackoff = time.Millisecond
		}),
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) { o.RetryMaxAttempts = 2 })
	require.NoError(t, err)
	assert.Equal(t, int32(5), f.attempts.Load())
}
