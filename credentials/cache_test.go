package credentials_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// countingProvider returns credentials expiring life after the clock's now,
// numbered by call, or fail's error when set.
type countingProvider struct {
	clk   *clock
	life  time.Duration
	calls atomic.Int32
	fail  atomic.Pointer[error]
	gate  chan struct{}
}

func (p *countingProvider) Retrieve(context.Context) (credentials.Credentials, error) {
	n := p.calls.Add(1)
	if p.gate != nil {
		<-p.gate
	}
	if e := p.fail.Load(); e != nil {
		return credentials.Credentials{}, *e
	}
	return credentials.Credentials{
		AccessKeyID: "KEY" + string(rune('0'+n)), SecretAccessKey: testSecret, Source: "test",
		CanExpire: true, Expires: p.clk.Now().Add(p.life),
	}, nil
}

func newTestCache(p credentials.Provider, clk *clock, jitter float64, rnd float64) *credentials.Cache {
	return credentials.NewCache(p, func(o *credentials.CacheOptions) {
		o.Now = clk.Now
		o.ExpiryWindowJitter = jitter
		o.Rand = func() float64 { return rnd }
	})
}

func TestCacheRefreshesBeforeExpiry(t *testing.T) {
	clk := &clock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := &countingProvider{clk: clk, life: time.Hour}
	c := newTestCache(p, clk, -1, 0)
	ctx := context.Background()

	got, err := c.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "KEY1", got.AccessKeyID)

	clk.Add(54 * time.Minute) // 6 min left: still outside the 5 min window
	got, _ = c.Retrieve(ctx)
	assert.Equal(t, "KEY1", got.AccessKeyID)
	assert.EqualValues(t, 1, p.calls.Load())

	clk.Add(2 * time.Minute) // 4 min left: inside the window, not expired
	got, err = c.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "KEY2", got.AccessKeyID)
	assert.EqualValues(t, 2, p.calls.Load())
}

func TestCacheJitterBounds(t *testing.T) {
	for _, rnd := range []float64{0, 0.5, 0.999999} {
		clk := &clock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		p := &countingProvider{clk: clk, life: time.Hour}
		c := newTestCache(p, clk, 0.2, rnd) // refresh between 5 and 4 min before expiry
		_, err := c.Retrieve(context.Background())
		require.NoError(t, err)
		refreshAt := 55*time.Minute + time.Duration(rnd*0.2*float64(5*time.Minute))

		clk.Add(refreshAt - time.Second)
		_, _ = c.Retrieve(context.Background())
		assert.EqualValues(t, 1, p.calls.Load(), "rnd %v: refreshed before the jittered time", rnd)
		clk.Add(time.Second)
		_, _ = c.Retrieve(context.Background())
		assert.EqualValues(t, 2, p.calls.Load(), "rnd %v: not refreshed at the jittered time", rnd)
		assert.GreaterOrEqual(t, refreshAt, 55*time.Minute)
		assert.LessOrEqual(t, refreshAt, 56*time.Minute)
	}
}

func TestCacheShortLivedCredentialsRefreshHalfway(t *testing.T) {
	clk := &clock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := &countingProvider{clk: clk, life: 2 * time.Minute}
	c := newTestCache(p, clk, 0, 0)
	_, _ = c.Retrieve(context.Background())
	clk.Add(59 * time.Second)
	_, _ = c.Retrieve(context.Background())
	assert.EqualValues(t, 1, p.calls.Load())
	clk.Add(time.Second)
	_, _ = c.Retrieve(context.Background())
	assert.EqualValues(t, 2, p.calls.Load())
}

func TestCacheOneRefreshForConcurrentCallers(t *testing.T) {
	clk := &clock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := &countingProvider{clk: clk, life: time.Hour, gate: make(chan struct{})}
	c := newTestCache(p, clk, 0, 0)

	const n = 64
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	results := make([]string, n)
	for i := range n {
		go func() {
			defer done.Done()
			started.Done()
			got, err := c.Retrieve(context.Background())
			if err == nil {
				results[i] = got.AccessKeyID
			}
		}()
	}
	started.Wait()
	close(p.gate)
	done.Wait()
	assert.EqualValues(t, 1, p.calls.Load())
	for i, r := range results {
		assert.Equal(t, "KEY1", r, "caller %d", i)
	}
}

func TestCacheServesUnexpiredCredentialsWhenRefreshFails(t *testing.T) {
	clk := &clock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := &countingProvider{clk: clk, life: time.Hour}
	c := newTestCache(p, clk, 0, 0)
	_, err := c.Retrieve(context.Background())
	require.NoError(t, err)

	boom := errors.New("endpoint down")
	p.fail.Store(&boom)
	clk.Add(57 * time.Minute) // inside the window
	got, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "KEY1", got.AccessKeyID)
	assert.EqualValues(t, 2, p.calls.Load())

	// The next attempt waits a short pause instead of hammering the source.
	got, err = c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "KEY1", got.AccessKeyID)
	assert.EqualValues(t, 2, p.calls.Load())

	clk.Add(11 * time.Second)
	_, _ = c.Retrieve(context.Background())
	assert.EqualValues(t, 3, p.calls.Load())

	clk.Add(3 * time.Minute) // expired now: the failure surfaces
	_, err = c.Retrieve(context.Background())
	require.ErrorIs(t, err, boom)

	p.fail.Store(nil)
	got, err = c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "KEY5", got.AccessKeyID)
}

func TestCacheNonExpiringAndInvalidate(t *testing.T) {
	var calls atomic.Int32
	p := credentials.ProviderFunc(func(context.Context) (credentials.Credentials, error) {
		calls.Add(1)
		return credentials.NewStaticCredentialsProvider(testKeyID, testSecret, "").Value, nil
	})
	c := credentials.NewCache(p)
	for range 3 {
		_, err := c.Retrieve(context.Background())
		require.NoError(t, err)
	}
	assert.EqualValues(t, 1, calls.Load())
	c.Invalidate()
	_, _ = c.Retrieve(context.Background())
	assert.EqualValues(t, 2, calls.Load())
	assert.Same(t, c, credentials.NewCache(c))
	assertNoSecret(t, c)
}

func TestCacheCallerContextCancelled(t *testing.T) {
	clk := &clock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := &countingProvider{clk: clk, life: time.Hour, gate: make(chan struct{})}
	c := newTestCache(p, clk, 0, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Retrieve(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	close(p.gate)
	got, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "KEY1", got.AccessKeyID)
	assert.EqualValues(t, 1, p.calls.Load(), "the refresh started by the cancelled caller is reused")
}
