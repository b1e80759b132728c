package chimesdkmessaging_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	fake "github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// fastRetries sets millisecond backoffs (and optional changes) through the
// client's options.
func fastRetries(optFns ...func(*chime.StandardRetryerOptions)) func(*chime.Options) {
	return func(o *chime.Options) {
		o.Retryer = chime.NewStandardRetryer(append([]func(*chime.StandardRetryerOptions){func(r *chime.StandardRetryerOptions) {
			r.BaseDelay = time.Millisecond
			r.ThrottleBaseDelay = 2 * time.Millisecond
			r.MaxBackoff = 10 * time.Millisecond
		}}, optFns...)...)
	}
}

// responseHeaders records the headers of every response the client saw,
// one per attempt, through a deserialize middleware.
type responseHeaders struct {
	mu   sync.Mutex
	seen []http.Header
}

func (r *responseHeaders) option(o *chime.Options) {
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
		return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("RecordResponseHeaders",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				if resp, ok := out.RawResponse.(*smithyhttp.Response); ok {
					r.mu.Lock()
					r.seen = append(r.seen, resp.Header.Clone())
					r.mu.Unlock()
				}
				return out, md, err
			}), middleware.Before)
	})
}

func (r *responseHeaders) all() []http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.seen...)
}

// faultCall is the result of one Put through a fault.
type faultCall struct {
	out     *chime.PutChannelMembershipPreferencesOutput
	err     error
	elapsed time.Duration
	log     []fake.LoggedRequest
}

// putThrough sends a Put of prefs for e.user after the fault setup ran and
// returns what happened.
func putThrough(t *testing.T, e *fakeEnv, prefs *types.ChannelMembershipPreferences, optFns ...func(*chime.Options)) faultCall {
	t.Helper()
	e.srv.ResetRequests()
	start := time.Now()
	out, err := e.client.PutChannelMembershipPreferences(context.Background(), put(e.ch, e.user, e.user, prefs), optFns...)
	return faultCall{out: out, err: err, elapsed: time.Since(start), log: e.srv.Requests()}
}

// assertSuccess checks a call that rode through its fault: attempts as the
// client counts them and as the fake logged them, and the stored value.
func (c faultCall) assertSuccess(t *testing.T, e *fakeEnv, attempts int, want *types.ChannelMembershipPreferences) {
	t.Helper()
	require.NoError(t, c.err)
	assert.Equal(t, attempts, chime.GetAttempts(c.out.ResultMetadata), "attempts the client made")
	assert.Len(t, c.log, attempts, "requests the fake received")
	assert.Equal(t, want, c.out.Preferences)
	stored, err := e.srv.Preferences(e.ch, e.user)
	require.NoError(t, err)
	assert.Equal(t, want, stored)
}

var (
	prefsA = pushPrefs(types.AllowNotificationsFiltered, `{"v":["A"]}`)
	prefsB = pushPrefs(types.AllowNotificationsFiltered, `{"v":["B"]}`)
)

func TestFakeFault503Once(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())
	e.srv.FailNext(1, fake.Fault{Exception: fake.ServiceUnavailableException, Message: "try again"})
	c := putThrough(t, e, prefsA)
	c.assertSuccess(t, e, 2, prefsA)
	assert.Equal(t, 503, c.log[0].Status)
	assert.Equal(t, 200, c.log[1].Status)
	assert.Equal(t, c.log[0].Body, c.log[1].Body, "the retry sends the same body")
	assert.Equal(t, "attempt=2; max=3", c.log[1].Header.Get("Amz-Sdk-Request"))
}

func TestFakeFault503Always(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())
	e.srv.FailFraction(1, fake.Fault{Exception: fake.ServiceUnavailableException, Message: "down for good"})
	c := putThrough(t, e, prefsA)
	var sue *types.ServiceUnavailableException
	require.ErrorAs(t, c.err, &sue)
	assert.Equal(t, "down for good", sue.ErrorMessage())
	var maxErr *chime.MaxAttemptsError
	require.ErrorAs(t, c.err, &maxErr)
	assert.Equal(t, 3, maxErr.Attempts)
	assert.Len(t, c.log, 3)
	stored, err := e.srv.Preferences(e.ch, e.user)
	require.NoError(t, err)
	assert.Nil(t, stored, "nothing was applied")

	// RetryMaxAttempts raises the limit.
	c = putThrough(t, e, prefsA, func(o *chime.Options) { o.RetryMaxAttempts = 5 })
	require.ErrorAs(t, c.err, &maxErr)
	assert.Equal(t, 5, maxErr.Attempts)
	assert.Len(t, c.log, 5)
}

func TestFakeFault429ThenSuccess(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())
	e.srv.FailNext(1, fake.Fault{Exception: fake.ThrottledClientException, Message: "Rate exceeded"})
	c := putThrough(t, e, prefsA)
	c.assertSuccess(t, e, 2, prefsA)
	assert.Equal(t, 429, c.log[0].Status)
}

// TestFakeFault429RetryAfter: the server's wait hint is passed through to
// the client and honoured, even though the backoff alone would be a few
// milliseconds.
func TestFakeFault429RetryAfter(t *testing.T) {
	cases := []struct {
		name   string
		header http.Header
		wait   time.Duration
	}{
		{"x-amz-retry-after in milliseconds", http.Header{"X-Amz-Retry-After": {"300"}}, 300 * time.Millisecond},
		{"Retry-After in seconds", http.Header{"Retry-After": {"1"}}, time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var seen responseHeaders
			e := newFakeEnv(t, nil, fastRetries(func(o *chime.StandardRetryerOptions) { o.MaxBackoff = 2 * time.Second }), seen.option)
			h := tc.header.Clone()
			h.Set("X-Amzn-ErrorType", fake.ThrottledClientException)
			h.Set("Content-Type", "application/json")
			e.srv.FailNext(1, fake.Fault{Status: 429, Header: h, Body: `{"Code":"Throttled","Message":"slow down"}`})
			c := putThrough(t, e, prefsA)
			c.assertSuccess(t, e, 2, prefsA)
			assert.GreaterOrEqual(t, c.elapsed, tc.wait, "the hint is honoured")
			hs := seen.all()
			require.Len(t, hs, 2)
			for k := range tc.header {
				assert.Equal(t, tc.header.Get(k), hs[0].Get(k), "%s reaches the client", k)
			}
		})
	}
}

func TestFakeFaultDropBeforeRead(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())
	e.srv.FailNext(1, fake.Fault{Drop: fake.DropBeforeRead})
	c := putThrough(t, e, prefsA)
	c.assertSuccess(t, e, 2, prefsA)
	assert.Zero(t, c.log[0].Status, "the first connection was dropped")
	assert.Nil(t, c.log[0].Body, "before its body was read")
}

// TestFakeFaultDropAfterRead: the request arrived whole and the client
// cannot tell whether it was applied; the retry converges on the value
// the call was making.
func TestFakeFaultDropAfterRead(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())
	putThrough(t, e, prefsA).assertSuccess(t, e, 1, prefsA)

	e.srv.FailNext(1, fake.Fault{Drop: fake.DropAfterRead})
	c := putThrough(t, e, prefsB)
	c.assertSuccess(t, e, 2, prefsB)
	assert.Zero(t, c.log[0].Status)
	assert.Equal(t, c.log[0].Body, c.log[1].Body, "the whole body was read, and resent")

	// Dropped every time: the call fails and says the connection broke,
	// and whatever is stored is one of the values written, never a mix.
	e.srv.FailFraction(1, fake.Fault{Drop: fake.DropAfterRead})
	c = putThrough(t, e, prefsA)
	require.Error(t, c.err)
	var apiErr smithy.APIError
	assert.False(t, errors.As(c.err, &apiErr), "no response, so no API error: %v", c.err)
	assert.Len(t, c.log, 3)
	stored, err := e.srv.Preferences(e.ch, e.user)
	require.NoError(t, err)
	assert.Contains(t, []*types.ChannelMembershipPreferences{prefsA, prefsB}, stored)
}

// TestFakeFaultDropAfterApply: the Put was stored but its answer was
// lost; the retry writes the same value again and the call succeeds.
func TestFakeFaultDropAfterApply(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())
	putThrough(t, e, prefsA).assertSuccess(t, e, 1, prefsA)

	e.srv.FailNext(1, fake.Fault{Drop: fake.DropAfterApply})
	c := putThrough(t, e, prefsB)
	c.assertSuccess(t, e, 2, prefsB)
	assert.Equal(t, c.log[0].Body, c.log[1].Body, "the retry resends the same body")
}

// TestFakeFaultAttemptTimeout: an answer slower than AttemptTimeout ends
// the attempt; the retry succeeds. A hung attempt waits an hour (the fake
// stops waiting when the client hangs up), so a call that returns at all
// abandoned it. The limit leaves each request time to reach the fake, and
// the retry's answer time to come back, on a loaded machine under -race
// (200 ms did not: the fake sometimes logged two of three timed-out
// attempts).
func TestFakeFaultAttemptTimeout(t *testing.T) {
	const attemptTimeout = 2 * time.Second
	e := newFakeEnv(t, nil, fastRetries(), func(o *chime.Options) { o.AttemptTimeout = attemptTimeout })
	e.srv.FailNext(1, fake.Fault{Latency: time.Hour})
	c := putThrough(t, e, prefsA)
	c.assertSuccess(t, e, 2, prefsA)
	assert.GreaterOrEqual(t, c.elapsed, attemptTimeout)

	// Slow every time: three timed-out attempts, reported as timeouts.
	e.srv.SetLatency(time.Hour)
	c = putThrough(t, e, prefsB)
	require.Error(t, c.err)
	var timeout interface{ Timeout() bool }
	require.ErrorAs(t, c.err, &timeout)
	assert.True(t, timeout.Timeout())
	var maxErr *chime.MaxAttemptsError
	require.ErrorAs(t, c.err, &maxErr)
	assert.Equal(t, 3, maxErr.Attempts)
	assert.Len(t, c.log, 3)
	assert.GreaterOrEqual(t, c.elapsed, 3*attemptTimeout)
	e.srv.SetLatency(0)
	stored, err := e.srv.Preferences(e.ch, e.user)
	require.NoError(t, err)
	assert.Equal(t, prefsA, stored, "abandoned attempts were not applied")
}

func TestFakeFaultGarbageBody(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries())

	// A proxy's HTML page with a 502: retried.
	e.srv.FailNext(1, fake.Fault{Status: 502, Header: http.Header{"Content-Type": {"text/html"}}, Body: "<html><body>Bad Gateway</body></html>"})
	putThrough(t, e, prefsA).assertSuccess(t, e, 2, prefsA)

	// A truncated 200: not retried (the write may have happened), and
	// reported as a deserialization error.
	e.srv.FailNext(1, fake.Fault{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"ChannelArn":"arn:aws:ch`})
	c := putThrough(t, e, prefsB)
	var de *smithy.DeserializationError
	require.ErrorAs(t, c.err, &de)
	assert.Len(t, c.log, 1)

	// Binary noise with a 400: the modelled exception of the status.
	e.srv.FailNext(1, fake.Fault{Status: 400, Body: "\x00\xff\xfe garbage \x1b[0m"})
	c = putThrough(t, e, prefsB)
	var bre *types.BadRequestException
	require.ErrorAs(t, c.err, &bre)
	assert.Contains(t, bre.ErrorMessage(), "non-JSON body")
	assert.Len(t, c.log, 1)
}

// TestFakeFaultSkewedClock: the fake's clock runs an hour ahead, so the
// first request is "Signature expired"; the client takes the offset from
// the response's Date (stamped from the fake's clock, as AWS stamps its
// own), retries once, and signs later calls corrected.
func TestFakeFaultSkewedClock(t *testing.T) {
	ahead := func() time.Time { return time.Now().Add(time.Hour) }
	e := newFakeEnv(t, []fake.Option{fake.WithClock(ahead)}, fastRetries())
	c := putThrough(t, e, prefsA)
	c.assertSuccess(t, e, 2, prefsA)
	require.Len(t, c.log, 2)
	assert.Equal(t, 403, c.log[0].Status)
	// The fake keeps no headers of a request that failed authentication,
	// so the retry's signing time is compared with the fake's clock.
	second, err := time.Parse("20060102T150405Z", c.log[1].Header.Get("X-Amz-Date"))
	require.NoError(t, err)
	assert.InDelta(t, 0, second.Sub(ahead()).Seconds(), 60, "the retry is signed at the fake's time, an hour ahead")

	putThrough(t, e, prefsB).assertSuccess(t, e, 1, prefsB)
}

// TestFakeFaultQuotaExhausted: failures drain the client-wide retry quota;
// then a call stops after its first attempt and says the client's own
// quota ran out.
func TestFakeFaultQuotaExhausted(t *testing.T) {
	e := newFakeEnv(t, nil, fastRetries(func(o *chime.StandardRetryerOptions) { o.QuotaCapacity = 10 }))
	e.srv.FailFraction(1, fake.Fault{Exception: fake.ServiceUnavailableException})
	c := putThrough(t, e, prefsA)
	var maxErr *chime.MaxAttemptsError
	require.ErrorAs(t, c.err, &maxErr)
	assert.Len(t, c.log, 3, "two retries take the 10 tokens")

	c = putThrough(t, e, prefsA)
	var quota *chime.RetryQuotaExceededError
	require.ErrorAs(t, c.err, &quota)
	assert.Contains(t, c.err.Error(), "not a service error")
	var sue *types.ServiceUnavailableException
	assert.ErrorAs(t, c.err, &sue, "the service's last answer is still there")
	assert.Len(t, c.log, 1, "no retry without tokens")

	// The service recovers: first-attempt successes work without tokens.
	e.srv.ClearFaults()
	putThrough(t, e, prefsA).assertSuccess(t, e, 1, prefsA)
}
