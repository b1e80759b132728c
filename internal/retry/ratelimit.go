package retry

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Tuning of the adaptive rate limiter. They are constants, not options: the
// benchmarks module's throttling scenario is what they were chosen against.
const (
	// estimateRing is how many of the latest successes the admitted-rate
	// estimate looks back over.
	estimateRing = 64
	// minEstimateSuccesses and minEstimateSpan are how much of a throttling
	// episode must be seen before its success rate is trusted.
	minEstimateSuccesses = 10
	minEstimateSpan      = 50 * time.Millisecond
	// episodeGap: a throttle after this long without one starts a new
	// throttling episode.
	episodeGap = time.Second
	// slowStartDoubling is how fast the rate doubles after the limit comes on,
	// until the next throttle.
	slowStartDoubling = 50 * time.Millisecond
	// cubicGrowth: t seconds after the last throttle the rate is
	// base × (1 + cubicGrowth × t³): +5 % after 1 s, ×1.8 after 2.5 s.
	cubicGrowth = 0.05
	// idleOff: after this long without a throttle the limit turns itself
	// off again.
	idleOff = time.Minute
	// wakeStep: waiters are woken to recompute their turn when the rate has
	// risen by this factor since they were last woken.
	wakeStep = 1.05
	maxRate  = 1e6
)

// outcome is what an attempt's response says about the rate.
type outcome int8

const (
	outcomeOther     outcome = iota // an error that says nothing about the rate
	outcomeSuccess                  // admitted by the service
	outcomeThrottled                // refused for rate (HTTP 429 or a throttle code)
)

func outcomeOf(err error) outcome {
	switch {
	case err == nil:
		return outcomeSuccess
	case isThrottle(err):
		return outcomeThrottled
	}
	return outcomeOther
}

// rateLimiter is adaptive mode's client-wide send-rate limit. It is off (a
// single atomic load per attempt, no lock) until the first throttle. From then
// on every attempt takes a ticket and waits for its turn: ticket n may go when
// the schedule's position reaches n, and the position advances at rate per
// second, so callers go in the order they asked (a FIFO queue), evenly spaced.
//
// The rate follows the service's admitted rate, measured from successes. A
// throttle means the service's bucket is empty; for as long as throttles keep
// coming (one throttling episode) the service admits exactly its own rate, so
// the successes counted since the episode began, over the time since, are
// that rate. Each throttle sets the limit to at most that estimate. Without
// throttles the limit grows, at first doubling every slowStartDoubling (slow
// start, after the limit comes on) and after a throttle along a cubic curve
// that stays near the last estimate for about a second and then probes upward.
//
// All fields below mu are guarded by it; no caller waits while holding it.
type rateLimiter struct {
	on        atomic.Bool
	clock     func() time.Time
	startRate float64
	minRate   float64

	mu        sync.Mutex
	rate      float64 // attempts per second
	slowStart bool
	growBase  float64   // the rate growth starts from
	growSince time.Time // when growth started

	// The FIFO schedule: position(t) = basePos + (t − baseTime) × rate.
	next     int64 // the next ticket handed out; never reset
	basePos  float64
	baseTime time.Time
	wake     chan struct{} // closed when waiters should recompute their turn
	wokeAt   float64       // the rate when wake was last closed

	// The current throttling episode.
	lastThrottle time.Time
	episodeStart time.Time
	successes    int // since episodeStart
	ring         [estimateRing]time.Time
}

func newRateLimiter(o AdaptiveOptions) *rateLimiter {
	return &rateLimiter{clock: o.Clock, startRate: o.StartRate, minRate: o.MinFillRate}
}

// active reports whether the limit is on.
func (l *rateLimiter) active() bool { return l.on.Load() }

// wait blocks until the caller's turn, or until ctx ends.
func (l *rateLimiter) wait(ctx context.Context) error {
	if !l.on.Load() {
		return nil
	}
	l.mu.Lock()
	if !l.on.Load() {
		l.mu.Unlock()
		return nil
	}
	ticket := l.take(l.clock())
	for {
		at, wake, on := l.turn(ticket), l.wake, l.on.Load()
		l.mu.Unlock()
		if !on {
			return nil
		}
		d := at.Sub(l.clock())
		if d <= 0 {
			return nil
		}
		if err := sleepOrWake(ctx, d, wake); err != nil {
			return fmt.Errorf("retry: adaptive rate limit: stopped while waiting %s for a turn to send: %w", d.Round(time.Millisecond), err)
		}
		l.mu.Lock()
	}
}

// sleepOrWake waits d, until wake is closed, or until ctx ends.
func sleepOrWake(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-wake:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// take hands out the next ticket. Idle time banks no tokens: when nobody
// waited, the new ticket's turn is now. The caller holds mu.
func (l *rateLimiter) take(now time.Time) int64 {
	if l.position(now) > float64(l.next) {
		l.basePos, l.baseTime = float64(l.next), now
	}
	n := l.next
	l.next++
	return n
}

// position is how far the schedule has advanced at now.
func (l *rateLimiter) position(now time.Time) float64 {
	return l.basePos + now.Sub(l.baseTime).Seconds()*l.rate
}

// turn is when ticket may go. The caller holds mu.
func (l *rateLimiter) turn(ticket int64) time.Time {
	return l.baseTime.Add(time.Duration((float64(ticket) - l.basePos) / l.rate * float64(time.Second)))
}

// setRate changes the rate from now on; tickets not yet due move with it.
// The caller holds mu.
func (l *rateLimiter) setRate(now time.Time, r float64) {
	r = min(max(r, l.minRate), maxRate)
	l.basePos, l.baseTime = min(l.position(now), float64(l.next)), now
	l.rate = r
	switch {
	case r >= l.wokeAt*wakeStep:
		// Earlier turns: wake the waiters. (Later turns need no wake-up:
		// a waiter that wakes too early recomputes its turn and waits on.)
		close(l.wake)
		l.wake, l.wokeAt = make(chan struct{}), r
	case r < l.wokeAt:
		l.wokeAt = r
	}
}

// observe records the outcome of one attempt. A success while the limit is
// off costs one atomic load.
func (l *rateLimiter) observe(o outcome) {
	if o == outcomeOther || (o == outcomeSuccess && !l.on.Load()) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.record(l.clock(), o)
}

// record is observe with the time given and mu held.
func (l *rateLimiter) record(now time.Time, o outcome) {
	if !l.on.Load() {
		if o != outcomeThrottled {
			return
		}
		l.turnOn(now)
	}
	if o == outcomeThrottled {
		l.throttled(now)
		return
	}
	l.ring[l.successes%estimateRing] = now
	l.successes++
	if now.Sub(l.lastThrottle) >= idleOff {
		l.turnOff()
		return
	}
	t := now.Sub(l.growSince).Seconds()
	if l.slowStart {
		l.setRate(now, l.growBase*math.Exp2(t/slowStartDoubling.Seconds()))
	} else {
		l.setRate(now, l.growBase*(1+cubicGrowth*t*t*t))
	}
}

func (l *rateLimiter) turnOn(now time.Time) {
	l.rate, l.wokeAt = max(l.startRate, l.minRate), max(l.startRate, l.minRate)
	l.basePos, l.baseTime = float64(l.next), now
	l.wake = make(chan struct{})
	l.slowStart, l.growBase, l.growSince = true, l.rate, now
	l.lastThrottle = now
	l.on.Store(true)
}

// turnOff lifts the limit; waiters are woken and go at once.
func (l *rateLimiter) turnOff() {
	l.on.Store(false)
	close(l.wake)
}

// throttled lowers the rate to the admitted-rate estimate and restarts
// growth from there.
func (l *rateLimiter) throttled(now time.Time) {
	if l.slowStart && now.Sub(l.growSince) < minEstimateSpan {
		// Answers to attempts sent before the limit came on (the burst
		// that ran into the first throttle) say nothing about the limit.
		return
	}
	if l.slowStart || now.Sub(l.lastThrottle) > episodeGap {
		l.episodeStart, l.successes = now, 0
	}
	l.lastThrottle = now
	r := l.rate
	if l.slowStart {
		// The rate doubled since the last period the service accepted.
		r /= 2
	}
	if est, ok := l.estimate(now); ok {
		r = min(r, est)
	}
	l.slowStart, l.growBase, l.growSince = false, r, now
	l.setRate(now, r)
}

// estimate is the service's admitted rate: the successes since the episode
// began (at most the last estimateRing of them) per second.
func (l *rateLimiter) estimate(now time.Time) (float64, bool) {
	n, since := l.successes, l.episodeStart
	if n > estimateRing {
		// The ring holds the last estimateRing successes; the oldest one
		// starts the span, the others are counted in it.
		n, since = estimateRing-1, l.ring[l.successes%estimateRing]
	}
	span := now.Sub(since)
	if span < minEstimateSpan || (n < minEstimateSuccesses && span < episodeGap) {
		return 0, false
	}
	return float64(n) / span.Seconds(), true
}

// snapshot returns the rate and whether the limit is on.
func (l *rateLimiter) snapshot() (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate, l.on.Load()
}
