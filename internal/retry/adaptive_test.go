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
	assert.Zero(t, a.limiter.successes, "nothing recorded while off")

	// Errors that say nothing about the rate do not turn it on.
	require.NoError(t, a.GetInitialToken()(respErr(503, "ServiceUnavailableException", nil)))
	assert.False(t, a.limiter.active())

	require.NoError(t, a.GetInitialToken()(throttle429))
	rate, on = a.limiter.snapshot()
	assert.True(t, on)
	assert.Equal(t, float64(DefaultStartRate), rate)
}

func TestRateLimiter_TurnsAreFIFOAndEvenlySpaced(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	l.record(now, outcomeThrottled)
	var turns []time.Time
	for range 5 {
		turns = append(turns, l.turn(l.take(now)))
	}
	assert.Equal(t, now, turns[0], "the first ticket goes at once")
	for i := 1; i < len(turns); i++ {
		assert.Equal(t, 100*time.Millisecond, turns[i].Sub(turns[i-1]), "1 / (10 per second) apart, in ticket order")
	}
	// Idle time banks nothing: after a long pause the next ticket goes now,
	// the one after 100 ms later.
	later := now.Add(10 * time.Second)
	n := l.take(later)
	assert.Equal(t, later, l.turn(n))
	assert.Equal(t, later.Add(100*time.Millisecond), l.turn(l.take(later)))
}

func TestRateLimiter_RateChangesMovePendingTurns(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	l.record(now, outcomeThrottled)
	l.take(now)
	tenth := l.take(now)
	for range 8 {
		tenth = l.take(now)
	}
	assert.Equal(t, now.Add(900*time.Millisecond), l.turn(tenth))

	wake := l.wake
	l.setRate(now, 5) // slower: later turns, no wake-up needed
	assert.Equal(t, now.Add(1800*time.Millisecond), l.turn(tenth))
	assertOpen(t, wake)

	l.setRate(now, 20) // faster: earlier turns, and waiters are woken
	assert.Equal(t, now.Add(450*time.Millisecond), l.turn(tenth))
	assertClosed(t, wake)
}

func assertOpen(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
		t.Fatal("channel closed")
	default:
	}
}

func assertClosed(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	default:
		t.Fatal("channel open")
	}
}

func TestRateLimiter_SlowStartThenAdmittedRateThenCubicGrowth(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	start := clock.Now()
	l.record(start, outcomeThrottled)
	// Throttles within 50 ms of turning on answer the burst sent before it.
	l.record(start.Add(10*time.Millisecond), outcomeThrottled)
	assert.True(t, l.slowStart)

	// Slow start: the rate doubles every 50 ms of successes.
	l.record(start.Add(100*time.Millisecond), outcomeSuccess)
	assert.InDelta(t, 40, l.rate, 1e-9)
	l.record(start.Add(200*time.Millisecond), outcomeSuccess)
	assert.InDelta(t, 160, l.rate, 1e-9)

	// The first throttle after it halves the rate and starts an episode.
	t0 := start.Add(200 * time.Millisecond)
	l.record(t0, outcomeThrottled)
	assert.False(t, l.slowStart)
	assert.InDelta(t, 80, l.rate, 1e-9)

	// The service admits 50 per second while throttles keep coming: the
	// next throttle sets the rate to the admitted rate.
	now := t0
	for range 20 {
		now = now.Add(20 * time.Millisecond)
		l.record(now, outcomeSuccess)
	}
	now = now.Add(10 * time.Millisecond)
	l.record(now, outcomeThrottled)
	assert.InDelta(t, 20/0.41, l.rate, 1e-6, "20 successes in the 410 ms since the episode began")

	// Without throttles the rate grows along base × (1 + 0.05 t³).
	base := l.rate
	l.record(now.Add(time.Second), outcomeSuccess)
	assert.InDelta(t, base*1.05, l.rate, 1e-6)
	l.record(now.Add(2*time.Second), outcomeSuccess)
	assert.InDelta(t, base*1.4, l.rate, 1e-6)
}

func TestRateLimiter_EstimateUsesTheLatestSuccesses(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	l.record(now, outcomeThrottled)
	now = now.Add(time.Second)
	l.record(now, outcomeThrottled) // ends slow start, opens an episode
	// 100 successes at 200 per second, then 100 at 50 per second.
	for range 100 {
		now = now.Add(5 * time.Millisecond)
		l.record(now, outcomeSuccess)
		if now.Sub(l.lastThrottle) > 500*time.Millisecond {
			l.record(now, outcomeThrottled) // keep the episode open
		}
	}
	for range 100 {
		now = now.Add(20 * time.Millisecond)
		l.record(now, outcomeSuccess)
		if now.Sub(l.lastThrottle) > 500*time.Millisecond {
			l.record(now, outcomeThrottled)
		}
	}
	est, ok := l.estimate(now.Add(20 * time.Millisecond))
	require.True(t, ok)
	assert.InDelta(t, 50, est, 1, "the last %d successes only", estimateRing)
}

func TestRateLimiter_EpisodeNeedsEnoughEvidence(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	l.record(now, outcomeThrottled)
	now = now.Add(time.Second)
	l.record(now, outcomeThrottled)
	_, ok := l.estimate(now.Add(20 * time.Millisecond))
	assert.False(t, ok, "too short")
	for range 5 {
		l.record(now.Add(10*time.Millisecond), outcomeSuccess)
	}
	_, ok = l.estimate(now.Add(100 * time.Millisecond))
	assert.False(t, ok, "too few successes")
	est, ok := l.estimate(now.Add(episodeGap))
	assert.True(t, ok, "a full gap with few successes is evidence too")
	assert.InDelta(t, 5, est, 1e-9)
}

func TestRateLimiter_NeverBelowMinFillRate(t *testing.T) {
	a, clock := newFakeAdaptive(func(o *AdaptiveOptions) { o.MinFillRate = 2 })
	l := a.limiter
	l.record(clock.Now(), outcomeThrottled)
	for range 30 {
		clock.Advance(100 * time.Millisecond)
		l.record(clock.Now(), outcomeThrottled) // nothing admitted at all
	}
	assert.Equal(t, 2.0, l.rate)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, l.wait(ctx), "the first ticket after a pause goes at once")
}

func TestRateLimiter_TurnsOffAfterAMinuteWithoutThrottles(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	l.record(clock.Now(), outcomeThrottled)
	wake := l.wake
	clock.Advance(59 * time.Second)
	a.GetInitialToken()(nil)
	assert.True(t, l.active())
	clock.Advance(time.Second)
	a.GetInitialToken()(nil)
	assert.False(t, l.active())
	assertClosed(t, wake)

	// A later throttle turns it on again, with fresh tickets behind the old.
	next := l.next
	a.GetInitialToken()(throttle429)
	assert.True(t, l.active())
	assert.Equal(t, clock.Now(), l.turn(next))
}

func TestRateLimiter_WaitHonoursTheContext(t *testing.T) {
	a, clock := newFakeAdaptive(func(o *AdaptiveOptions) { o.StartRate = 0.01; o.MinFillRate = 0.01 })
	a.GetInitialToken()(throttle429)
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, a.GetAttemptToken(ctx), "first turn is now")
	cancel()
	err := a.GetAttemptToken(ctx) // the next turn is 100 s away
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "adaptive rate limit")
	_ = clock
}

func TestRateLimiter_WaitEndsWhenTheTurnComes(t *testing.T) {
	a, clock := newFakeAdaptive(func(o *AdaptiveOptions) { o.StartRate = 0.01; o.MinFillRate = 0.01 })
	a.GetInitialToken()(throttle429)
	require.NoError(t, a.GetAttemptToken(context.Background()))
	done := make(chan error)
	go func() { done <- a.GetAttemptToken(context.Background()) }()
	// Once the fake clock has passed the turn, a rate rise (which wakes the
	// waiter) lets it go.
	for {
		a.limiter.mu.Lock()
		waiting := a.limiter.next == 2
		a.limiter.mu.Unlock()
		if waiting {
			break
		}
		time.Sleep(time.Millisecond)
	}
	clock.Advance(200 * time.Second)
	a.limiter.mu.Lock()
	a.limiter.setRate(clock.Now(), 1000)
	a.limiter.mu.Unlock()
	require.NoError(t, <-done)
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
