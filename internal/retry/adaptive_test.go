package retry

import (
	"context"
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

func TestAdaptive_SlowsAfterThrottlesAndRecovers(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	a := NewAdaptive(func(o *AdaptiveOptions) { o.Clock = clock.Now })
	l := a.limiter

	// 20 attempts per second for 3 s, all fine: no limit.
	for range 60 {
		require.Zero(t, l.acquire())
		a.GetInitialToken()(nil)
		clock.Advance(50 * time.Millisecond)
	}
	_, active := a.SendRate()
	assert.False(t, active, "no limit before the first throttle")

	a.GetInitialToken()(respErr(429, "ThrottledClientException", nil))
	rate1, active := a.SendRate()
	require.True(t, active)
	assert.InDelta(t, 0.7*20, rate1, 3, "Beta × measured rate")

	// Further throttles keep lowering the rate.
	clock.Advance(500 * time.Millisecond)
	a.GetInitialToken()(respErr(429, "", nil))
	rate2, _ := a.SendRate()
	assert.Less(t, rate2, rate1)

	// The bucket empties: callers must wait.
	var waited bool
	for range 50 {
		if l.acquire() > 0 {
			waited = true
			break
		}
	}
	assert.True(t, waited, "the limit is enforced")

	// Successes over the next 20 s bring the rate back up.
	for range 40 {
		clock.Advance(500 * time.Millisecond)
		for range 10 {
			l.acquire()
			a.GetInitialToken()(nil)
		}
	}
	rate3, _ := a.SendRate()
	assert.Greater(t, rate3, rate1, "recovered beyond the first throttled rate")
}

func TestAdaptive_NeverStuck(t *testing.T) {
	// A throttle before any rate was measured must not leave a zero-rate,
	// zero-capacity bucket (aws-sdk-go-v2 issue #3550).
	a := NewAdaptive(func(o *AdaptiveOptions) { o.MinFillRate = 50 })
	for range 5 {
		a.GetInitialToken()(respErr(429, "ThrottledClientException", nil))
	}
	rate, active := a.SendRate()
	require.True(t, active)
	assert.GreaterOrEqual(t, rate, 50.0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range 5 {
		require.NoError(t, a.GetAttemptToken(ctx))
	}
}

func TestAdaptive_CancelWhileWaiting(t *testing.T) {
	a := NewAdaptive(func(o *AdaptiveOptions) { o.MinFillRate = 0.01 })
	a.GetInitialToken()(respErr(429, "", nil))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	var err error
	for range 3 { // the first may still find a token
		if err = a.GetAttemptToken(ctx); err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestAdaptive_QuotaRefilledLikeStandard(t *testing.T) {
	a := NewAdaptive(func(o *AdaptiveOptions) {
		o.Standard = StandardOptions{QuotaCapacity: 20, MaxAttempts: 2, BaseDelay: 1, ThrottleBaseDelay: 1, MaxBackoff: 1}
		o.MinFillRate = 1000
	})
	m := &Middleware{Retryer: a}
	e503 := respErr(503, "ServiceUnavailableException", nil)
	_, err := run(t, m, &script{results: []error{e503}}, newRequest(t, nil))
	require.Error(t, err)
	assert.Equal(t, 15, a.Standard().QuotaAvailable())
	_, err = run(t, m, &script{results: []error{e503, nil}}, newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 15, a.Standard().QuotaAvailable(), "retry cost refunded")
	_, err = run(t, m, &script{results: []error{nil}}, newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 16, a.Standard().QuotaAvailable(), "+1 on first-try success")
}

func TestAdaptive_ManyGoroutinesThroughMiddleware(t *testing.T) {
	a := NewAdaptive(func(o *AdaptiveOptions) {
		o.Standard = StandardOptions{MaxAttempts: 5, BaseDelay: time.Microsecond, ThrottleBaseDelay: time.Microsecond,
			MaxBackoff: time.Millisecond, DisableRetryQuota: true}
		o.MinFillRate = 2000
	})
	m := &Middleware{Retryer: a}
	var calls atomic.Int64
	// A quarter of the first attempts are throttled; a retry always goes
	// through, so every call must succeed however the goroutines interleave
	// (throttling whichever attempt comes fourth could fail a call five
	// times in a row by chance).
	next := middleware.FinalizeHandlerFunc(func(_ context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		first := strings.HasPrefix(in.Request.(*smithyhttp.Request).Header.Get("Amz-Sdk-Request"), "attempt=1;")
		if calls.Add(1)%4 == 0 && first {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, respErr(429, "ThrottledClientException", nil)
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
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(25 * time.Second):
		t.Fatal("goroutines stuck in the adaptive limiter")
	}
	assert.Zero(t, failures.Load(), "every call succeeds within 5 attempts")
	assert.GreaterOrEqual(t, calls.Load(), int64(640))
	_, active := a.SendRate()
	assert.True(t, active)
}
