package retry

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a manually advanced clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newFakeAdaptive(optFns ...func(*AdaptiveOptions)) (*Adaptive, *fakeClock) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	return NewAdaptive(append([]func(*AdaptiveOptions){func(o *AdaptiveOptions) { o.Clock = clock.Now }}, optFns...)...), clock
}

var throttle429 = respErr(429, "ThrottledClientException", nil)

func TestAdaptive_OffUntilTheFirstThrottle(t *testing.T) {
	a, clock := newFakeAdaptive()
	for range 100 {
		require.NoError(t, a.GetAttemptToken(context.Background()))
		require.NoError(t, a.GetInitialToken()(nil))
		clock.Advance(time.Millisecond)
	}
	rate, on := a.limiter.snapshot()
	assert.False(t, on)
	assert.Zero(t, rate)
	assert.Zero(t, a.limiter.answers, "nothing recorded while off")

	// Errors that say nothing about the rate do not turn it on.
	require.NoError(t, a.GetInitialToken()(respErr(503, "ServiceUnavailableException", nil)))
	assert.False(t, a.limiter.active())

	require.NoError(t, a.GetInitialToken()(throttle429))
	rate, on = a.limiter.snapshot()
	assert.True(t, on)
	assert.Equal(t, float64(DefaultStartRate), rate)
}

func TestAdaptive_ThrottleRetriesArePacedByTheQueue(t *testing.T) {
	a, _ := newFakeAdaptive(func(o *AdaptiveOptions) { o.Standard.Rand = fixedRand(0.99) })
	// While off, a throttle would get the standard throttling backoff, but
	// the throttle itself turns the limit on first.
	d, err := a.RetryDelay(1, throttle429)
	require.NoError(t, err)
	assert.Equal(t, 3960*time.Millisecond, d, "standard throttling backoff while off")

	a.GetInitialToken()(throttle429)
	d, err = a.RetryDelay(1, throttle429)
	require.NoError(t, err)
	assert.Zero(t, d, "the queue spaces the retry")

	hinted := respErr(429, "ThrottledClientException", http.Header{"X-Amz-Retry-After": {"1500"}})
	d, _ = a.RetryDelay(1, hinted)
	assert.Equal(t, 1500*time.Millisecond, d, "x-amz-retry-after is honoured")
	hinted = respErr(429, "ThrottledClientException", http.Header{"Retry-After": {"3"}})
	d, _ = a.RetryDelay(1, hinted)
	assert.Equal(t, 3*time.Second, d, "Retry-After is honoured")
	hinted = respErr(429, "ThrottledClientException", http.Header{"Retry-After": {"3600"}})
	d, _ = a.RetryDelay(1, hinted)
	assert.Equal(t, DefaultMaxBackoff, d, "clamped to MaxBackoff")

	d, _ = a.RetryDelay(1, respErr(503, "ServiceUnavailableException", nil))
	assert.Equal(t, 1980*time.Millisecond, d, "other errors back off as in standard mode")
}

func TestAdaptive_ThrottleRetriesTakeNoQuota(t *testing.T) {
	a, _ := newFakeAdaptive(func(o *AdaptiveOptions) { o.Standard.QuotaCapacity = 10 })
	for range 100 {
		rel, err := a.GetRetryToken(context.Background(), throttle429)
		require.NoError(t, err)
		require.NoError(t, rel(throttle429))
	}
	assert.Equal(t, 10, a.std.quota.level())
	assert.True(t, a.limiter.active(), "the release still feeds the limiter")

	e503 := respErr(503, "ServiceUnavailableException", nil)
	_, err := a.GetRetryToken(context.Background(), e503)
	require.NoError(t, err)
	assert.Equal(t, 5, a.std.quota.level(), "other retries cost as in standard mode")
}

func TestAdaptive_QuotaRefilledLikeStandard(t *testing.T) {
	a := NewAdaptive(func(o *AdaptiveOptions) {
		o.Standard = StandardOptions{QuotaCapacity: 20, MaxAttempts: 2, BaseDelay: 1, ThrottleBaseDelay: 1, MaxBackoff: 1}
	})
	m := &Middleware{Retryer: a}
	e503 := respErr(503, "ServiceUnavailableException", nil)
	_, err := run(t, m, &script{results: []error{e503}}, newRequest(t, nil))
	require.Error(t, err)
	assert.Equal(t, 15, a.std.quota.level())
	_, err = run(t, m, &script{results: []error{e503, nil}}, newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 15, a.std.quota.level(), "retry cost refunded")
	_, err = run(t, m, &script{results: []error{nil}}, newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 16, a.std.quota.level(), "+1 on first-try success")
}

func TestAdaptive_PacedThrottlesDoNotUseUpAttempts(t *testing.T) {
	a := NewAdaptive(func(o *AdaptiveOptions) { o.StartRate = 1e5; o.MaxPacedThrottles = 4 })
	m := &Middleware{Retryer: a}
	s := &script{results: []error{throttle429, throttle429, throttle429, throttle429, throttle429, nil}}
	md, err := run(t, m, s, newRequest(t, []byte("x")))
	require.NoError(t, err, "5 throttles and a success with MaxAttempts 3")
	assert.Equal(t, 6, Attempts(md))
	assert.Equal(t, "attempt=6; max=7", s.seen[5].header.Get("Amz-Sdk-Request"), "max grows with each attempt not counted")

	// The first throttle turned the limit on; four were not counted; the
	// fifth counts, and so would a sixth.
	s = &script{results: []error{throttle429, throttle429, throttle429, throttle429, throttle429, throttle429, throttle429}}
	_, err = run(t, m, s, newRequest(t, []byte("x")))
	var mae *MaxAttemptsError
	require.ErrorAs(t, err, &mae)
	assert.Equal(t, 7, mae.Attempts)

	one := NewAdaptive(func(o *AdaptiveOptions) { o.Standard.MaxAttempts = 1 })
	one.GetInitialToken()(throttle429)
	_, err = run(t, &Middleware{Retryer: one}, &script{results: []error{throttle429, nil}}, newRequest(t, nil))
	require.Error(t, err, "MaxAttempts 1 means no retry at all")

	assert.False(t, a.PacedThrottle(respErr(503, "", nil), 0), "only throttles")
	assert.False(t, NewAdaptive().PacedThrottle(throttle429, 0), "only while the limit is on")
}

func TestAdaptive_ManyGoroutinesThroughMiddleware(t *testing.T) {
	a := NewAdaptive(func(o *AdaptiveOptions) {
		o.Standard = StandardOptions{MaxAttempts: 5, BaseDelay: time.Microsecond, ThrottleBaseDelay: time.Microsecond,
			MaxBackoff: time.Millisecond}
		o.StartRate = 1e4
		// The limiter sets its rate from the send rate it measured, which a
		// loaded machine makes slow: without this floor, 800 attempts could
		// take longer than the context's 30 s (seen under -race with the
		// machine loaded). The test is about interleaving, not the rate.
		o.MinFillRate = 1e4
	})
	m := &Middleware{Retryer: a}
	var calls atomic.Int64
	// A quarter of the first attempts are throttled; a retry always goes
	// through, so every call must succeed however the goroutines interleave.
	next := middleware.FinalizeHandlerFunc(func(_ context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		first := strings.HasPrefix(in.Request.(*smithyhttp.Request).Header.Get("Amz-Sdk-Request"), "attempt=1;")
		if calls.Add(1)%4 == 0 && first {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, throttle429
		}
		return middleware.FinalizeOutput{}, middleware.Metadata{}, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var failures atomic.Int64
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if _, _, err := m.HandleFinalize(ctx, middleware.FinalizeInput{Request: newRequest(t, []byte("x"))}, next); err != nil {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failures.Load(), "every call succeeds")
	assert.GreaterOrEqual(t, calls.Load(), int64(640))
	assert.True(t, a.limiter.active())
}
