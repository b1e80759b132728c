package retry

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"sync"
	"sync/atomic"
	"time"
)

// Tuning of the adaptive rate limiter. They are constants, not options: the
// benchmarks module's throttling and fleet scenarios are what they were
// chosen against.
const (
	// The admitted-rate estimate looks back over the answers of the last
	// estimateWindow, or the latest minEstimateAnswers if that is more, at
	// most answerRing of them; it needs minEstimateAnswers over
	// minEstimateSpan, or a full ring however short its span. A window in
	// time keeps a slow client's estimate as fresh as a fast one's.
	answerRing         = 128
	minEstimateAnswers = 16
	minEstimateSpan    = 50 * time.Millisecond
	estimateWindow     = time.Second
	// clientBound: when the client sent at less than this fraction of the
	// allowed rate, a throttle is taken for a bunch of its own (timers
	// firing late on a busy machine), not for too high a rate.
	clientBound = 0.9
	// headroom: a throttle sets the rate to the admitted rate plus this
	// fraction, so the service's bucket stays empty (all of its rate is
	// used) when the estimate comes out low, at the cost of about this
	// fraction of attempts refused. The package documentation ("Fleets")
	// gives what 0 would change.
	headroom = 0.02
	// maxDecrease: one throttle lowers the rate to no less than this
	// fraction of it, however little the client's latest answers admitted.
	maxDecrease = 0.9
	// sustainedThrottles of the last 16 answers end slow start; a single
	// throttle pauses it until resumeSuccesses successes.
	sustainedThrottles = 4
	resumeSuccesses    = 4
	// slowStartDoubling is how fast the rate doubles after the limit comes
	// on, until throttles are sustained.
	slowStartDoubling = 50 * time.Millisecond
	// additiveGrowth: t seconds after the throttle that last lowered the
	// rate (or ended slow start) the rate is base + additiveGrowth × t
	// attempts per second, the same amount for every client whatever its
	// rate: +1 after 1 s, +2 after 2 s.
	additiveGrowth = 1.0
	// The rate also grows in proportion, by base × probeGrowth × p³ p
	// seconds after the probe started (+5 % after 1 s, ×1.8 after 2.5 s),
	// to find a much higher admitted rate soon. The probe starts once t is
	// probeAfter or more and the client has had probeSuccesses successes in
	// a row (any throttle starts the count again): in a fleet the service
	// refuses some of every client's attempts, and a probe there only takes
	// from the others. Only a throttle that lowers the rate stops a probe.
	probeAfter     = 1500 * time.Millisecond
	probeSuccesses = 64
	probeGrowth    = 0.05
	// idleOff: after this long without a throttle the limit turns itself
	// off again.
	idleOff = time.Minute
	// wakeStep: waiters are woken to recompute their turn when the rate has
	// risen by this factor since they were last woken.
	wakeStep = 1.05
	maxRate  = 1e6
)

// outcome is what an attempt's answer says about the rate.
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

// answer is one attempt's answer in the estimate's ring.
type answer struct {
	at        time.Time
	throttled bool
}

// rateLimiter is adaptive mode's client-wide send-rate limit. While it is
// off (until the first throttle) an attempt costs two atomic adds and a
// load, and no lock. From then on every attempt takes a ticket and waits for
// its turn: ticket n may go when the schedule's position reaches n, and the
// position advances at rate per second, so callers go in the order they
// asked (a FIFO queue), evenly spaced; idle time banks no turns.
//
// The rate follows the service's admitted rate, measured from its answers.
// While the client sends faster than the service admits, the service's
// bucket stays empty and the successes per second are exactly what it
// admits to this client, so each throttle sets the rate to at most the
// success rate over the answers of the last second, plus headroom, but never
// below maxDecrease of the rate (a throttle that lowers nothing, the client
// getting all it sends, came from a bunch and leaves growth going on) —
// unless the client sent well below the
// allowed rate: a throttle then comes from a bunch of its own (timers firing
// late on a busy machine) and says little about the service's rate, so the
// rate only comes down to about what the client sent. Without throttles the
// rate grows: right after the limit comes on it doubles every
// slowStartDoubling until throttles are sustained (slow start; the answers
// from then on measure the admitted rate); after that by the same number of
// attempts per second for every client (additiveGrowth × t, t since the
// last throttle that lowered the rate), and, once t is probeAfter or more
// and the client has had probeSuccesses successes in a row, also in
// proportion to the rate. The package documentation ("Fleets") says why.
//
// All fields below mu are guarded by it; no caller waits while holding it.
type rateLimiter struct {
	on atomic.Bool
	// started and answered count attempts, also while the limit is off, so
	// that when it comes on the answers still due to attempts sent before
	// (without limit) are known: they say nothing about the limit.
	started   atomic.Int64
	answered  atomic.Int64
	clock     func() time.Time
	startRate float64
	minRate   float64

	mu        sync.Mutex
	stale     int64   // answers still due to attempts sent before the limit came on
	rate      float64 // attempts per second
	slowStart bool
	// paused: slow start met a throttle and waits for resumeSuccesses
	// successes before doubling on.
	paused         bool
	pauseSuccesses int
	recent         uint16    // the last 16 answers, 1 = throttled
	growBase       float64   // the rate growth starts from
	growSince      time.Time // when growth started
	inARow         int       // successes since the last throttle
	probeSince     time.Time // when the proportional probe started; zero: not yet
	lastThrottle   time.Time

	// The FIFO schedule: position(t) = basePos + (t − baseTime) × rate.
	next     int64 // the next ticket handed out; never reset
	basePos  float64
	baseTime time.Time
	wake     chan struct{} // closed when waiters should recompute their turn
	wokeAt   float64       // the rate when wake was last closed

	// The estimate's answers: the last answerRing of them since windowStart.
	windowStart time.Time
	answers     int // since windowStart
	ring        [answerRing]answer
}

func newRateLimiter(o AdaptiveOptions) *rateLimiter {
	return &rateLimiter{clock: o.Clock, startRate: o.StartRate, minRate: o.MinFillRate}
}

// active reports whether the limit is on.
func (l *rateLimiter) active() bool { return l.on.Load() }

// wait blocks until the caller's turn, or until ctx ends.
func (l *rateLimiter) wait(ctx context.Context) error {
	l.started.Add(1)
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
			return fmt.Errorf("adaptive rate limit: stopped while waiting %s for a turn to send: %w", d.Round(time.Millisecond), err)
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

// take hands out the next ticket. The caller holds mu.
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
// off costs an atomic add and load.
func (l *rateLimiter) observe(o outcome) {
	l.answered.Add(1)
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
		if o == outcomeThrottled {
			l.turnOn(now)
		}
		return
	}
	if l.stale > 0 {
		l.stale--
		if o == outcomeThrottled {
			return
		}
	}
	throttled := o == outcomeThrottled
	l.ring[l.answers%answerRing] = answer{at: now, throttled: throttled}
	l.answers++
	l.recent <<= 1
	if throttled {
		l.recent |= 1
		l.throttled(now)
		return
	}
	if now.Sub(l.lastThrottle) >= idleOff {
		l.turnOff()
		return
	}
	if l.paused {
		if l.pauseSuccesses++; l.pauseSuccesses < resumeSuccesses {
			return
		}
		l.paused, l.growSince = false, now
	}
	l.inARow++
	t := now.Sub(l.growSince).Seconds()
	if l.slowStart {
		l.setRate(now, l.growBase*math.Exp2(t/slowStartDoubling.Seconds()))
		return
	}
	r := l.growBase + additiveGrowth*t
	if l.probeSince.IsZero() && l.inARow >= probeSuccesses && t >= probeAfter.Seconds() {
		l.probeSince = now
	}
	if !l.probeSince.IsZero() {
		p := now.Sub(l.probeSince).Seconds()
		r += l.growBase * probeGrowth * p * p * p
	}
	l.setRate(now, r)
}

func (l *rateLimiter) turnOn(now time.Time) {
	l.rate = max(l.startRate, l.minRate)
	l.wokeAt = l.rate
	// The first turn is one interval away: the throttle that turned the
	// limit on says the service's bucket is empty now.
	l.basePos, l.baseTime = float64(l.next)-1, now
	l.wake = make(chan struct{})
	l.slowStart, l.paused, l.growBase, l.growSince = true, false, l.rate, now
	l.inARow, l.probeSince = 0, time.Time{}
	l.recent, l.lastThrottle = 0, now
	l.windowStart, l.answers = now, 0
	l.stale = max(l.started.Load()-l.answered.Load(), 0)
	l.on.Store(true)
}

// turnOff lifts the limit; waiters are woken and go at once.
func (l *rateLimiter) turnOff() {
	l.on.Store(false)
	close(l.wake)
}

// throttled ends slow start once throttles are sustained, and otherwise
// lowers the rate to the admitted-rate estimate (plus headroom), by at most
// 1 − maxDecrease; growth restarts from the rate it leaves.
func (l *rateLimiter) throttled(now time.Time) {
	l.lastThrottle, l.inARow = now, 0
	if l.slowStart {
		if bits.OnesCount16(l.recent) < sustainedThrottles {
			// One throttle may be a bunch of the client's own: pause the
			// doubling until a few successes say the rate is still fine.
			if !l.paused {
				l.paused, l.pauseSuccesses, l.growBase = true, 0, l.rate
			}
			return
		}
		// Sending above the admitted rate: hold the rate, so the answers
		// from now on measure the admitted rate, and the next throttle
		// after enough of them applies it.
		l.windowStart, l.answers = now, 0
		l.slowStart, l.paused, l.growBase, l.growSince = false, false, l.rate, now
		l.probeSince = time.Time{}
		return
	}
	r := l.rate
	if admitted, sent, ok := l.estimate(now); ok {
		if sent >= clientBound*l.rate {
			r = min(r, admitted*(1+headroom))
		} else {
			// The client could not send at the allowed rate (a busy
			// machine): bring the rate down to about what it sent, so
			// turns space its attempts again, but not below the estimate.
			r = min(r, max(admitted*(1+headroom), sent/clientBound))
		}
	}
	r = max(r, maxDecrease*l.rate)
	if r >= l.rate {
		// The client gets all it sends: the throttle came from a bunch
		// (the service's burst), not from too high a rate, so growth goes
		// on.
		return
	}
	l.growBase, l.growSince, l.probeSince = r, now, time.Time{}
	l.setRate(now, r)
}

// estimate returns the successes (admitted) and answers (sent) per second
// over the latest answers since windowStart: those of the last
// estimateWindow, or the latest minEstimateAnswers if that is more, at most
// answerRing of them.
func (l *rateLimiter) estimate(now time.Time) (admitted, sent float64, ok bool) {
	avail := min(l.answers, answerRing)
	latest := func(i int) answer { return l.ring[(l.answers-i)%answerRing] } // i ≥ 1
	n := 0
	for n < avail && now.Sub(latest(n+1).at) < estimateWindow {
		n++
	}
	n = max(n, min(minEstimateAnswers, avail))
	since := l.windowStart
	switch {
	case n < avail:
		// The answer before the counted ones starts the span.
		since = latest(n + 1).at
	case l.answers > answerRing:
		// The oldest answer of the ring starts the span; the others are
		// counted in it.
		since = latest(n).at
		n--
	}
	span := now.Sub(since)
	if n < minEstimateAnswers || (span < minEstimateSpan && n < answerRing-1) || span <= 0 {
		return 0, 0, false
	}
	successes := 0
	for i := 1; i <= n; i++ {
		if !latest(i).throttled {
			successes++
		}
	}
	return float64(successes) / span.Seconds(), float64(n) / span.Seconds(), true
}

// snapshot returns the rate and whether the limit is on.
func (l *rateLimiter) snapshot() (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate, l.on.Load()
}
