package retry

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRateLimiter_TurnsAreFIFOAndEvenlySpaced(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	l.record(now, outcomeThrottled)
	var turns []time.Time
	for range 5 {
		turns = append(turns, l.turn(l.take(now)))
	}
	assert.Equal(t, now.Add(100*time.Millisecond), turns[0], "the bucket was just found empty: the first turn is one interval away")
	for i := 1; i < len(turns); i++ {
		assert.Equal(t, 100*time.Millisecond, turns[i].Sub(turns[i-1]), "1 / (10 per second) apart, in ticket order")
	}
	// Idle time banks nothing: after a long pause the next ticket goes now,
	// the one after 100 ms later.
	later := now.Add(10 * time.Second)
	assert.Equal(t, later, l.turn(l.take(later)))
	assert.Equal(t, later.Add(100*time.Millisecond), l.turn(l.take(later)))
}

func TestRateLimiter_RateChangesMovePendingTurns(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	l.record(now, outcomeThrottled)
	var tenth int64
	for range 10 {
		tenth = l.take(now)
	}
	assert.Equal(t, now.Add(time.Second), l.turn(tenth))

	wake := l.wake
	l.setRate(now, 5) // slower: later turns, no wake-up needed
	assert.Equal(t, now.Add(2*time.Second), l.turn(tenth))
	assertOpen(t, wake)

	l.setRate(now, 20) // faster: earlier turns, and waiters are woken
	assert.Equal(t, now.Add(500*time.Millisecond), l.turn(tenth))
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

func TestRateLimiter_AnswersToEarlierAttemptsAreIgnored(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	for range 5 { // five attempts sent while off, all answered 429
		require.NoError(t, a.GetAttemptToken(context.Background()))
	}
	for range 5 {
		a.GetInitialToken()(throttle429)
	}
	assert.True(t, l.active())
	assert.Zero(t, l.answers, "the four answers after the first were due to attempts sent without limit")
	assert.Zero(t, l.recent)
	a.GetInitialToken()(throttle429)
	assert.Equal(t, 1, l.answers)
	assert.Equal(t, uint16(1), l.recent)
	_ = clock
}

func TestRateLimiter_SlowStartThenAdmittedRateThenAdditiveGrowth(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	start := clock.Now()
	l.record(start, outcomeThrottled)
	assert.True(t, l.slowStart)

	// Slow start: the rate doubles every 50 ms of successes.
	l.record(start.Add(100*time.Millisecond), outcomeSuccess)
	assert.InDelta(t, 40, l.rate, 1e-9)
	l.record(start.Add(200*time.Millisecond), outcomeSuccess)
	assert.InDelta(t, 160, l.rate, 1e-9)

	// One throttle pauses the doubling until four successes.
	now := start.Add(200 * time.Millisecond)
	l.record(now, outcomeThrottled)
	for range 3 {
		now = now.Add(10 * time.Millisecond)
		l.record(now, outcomeSuccess)
		assert.InDelta(t, 160, l.rate, 1e-9, "paused")
	}
	now = now.Add(10 * time.Millisecond)
	l.record(now, outcomeSuccess)
	l.record(now.Add(50*time.Millisecond), outcomeSuccess)
	assert.InDelta(t, 320, l.rate, 1e-9, "doubling again from the fourth success on")

	// Four throttles among the last 16 answers end slow start; the rate is
	// held while the answers measure the admitted rate.
	now = now.Add(50 * time.Millisecond)
	for range 3 {
		now = now.Add(time.Millisecond)
		l.record(now, outcomeThrottled)
	}
	assert.False(t, l.slowStart)
	assert.InDelta(t, 320, l.rate, 1e-9)
	exit := now

	// The client sends at the rate, 320 per second, and the service admits
	// half: from the first throttle with 16 answers seen, each throttle
	// lowers the rate toward the admitted rate plus 2 %, by at most 10 %,
	// and later ones keep it there.
	for i := range 32 {
		now = now.Add(3125 * time.Microsecond)
		if i%2 == 0 {
			l.record(now, outcomeSuccess)
			continue
		}
		before := l.rate
		l.record(now, outcomeThrottled)
		if i == 15 {
			assert.InDelta(t, 0.9*before, l.rate, 1e-9, "the admitted rate says 163.2, but one throttle cuts 10 %")
		}
		assert.GreaterOrEqual(t, l.rate, 0.9*before-1e-9)
	}
	assert.InDelta(t, 16/now.Sub(exit).Seconds()*1.02, l.rate, 1e-9)
	assert.InDelta(t, 163.2, l.rate, 1e-9)

	// Without throttles the rate grows by 1 × t attempts per second (t
	// since the last throttle that lowered it); the proportional probe
	// waits for 1.5 s and 64 successes in a row.
	l.record(now.Add(time.Second), outcomeSuccess)
	assert.InDelta(t, 163.2+1, l.rate, 1e-9)
	l.record(now.Add(2*time.Second), outcomeSuccess)
	assert.InDelta(t, 163.2+2, l.rate, 1e-9)
	assert.True(t, l.probeSince.IsZero(), "2 successes in a row: no probe yet")
	for i := range 62 {
		l.record(now.Add(2*time.Second+time.Duration(i+1)*time.Millisecond), outcomeSuccess)
	}
	probe := now.Add(2*time.Second + 62*time.Millisecond)
	assert.Equal(t, probe, l.probeSince, "the 64th success in a row starts the probe")
	l.record(probe.Add(time.Second), outcomeSuccess)
	assert.InDelta(t, 163.2+additiveGrowth*3.062+163.2*probeGrowth, l.rate, 1e-9, "+5 % a second into the probe")
}

func TestRateLimiter_NoProbeWhileSomeAttemptsAreRefused(t *testing.T) {
	// A client in a fleet has some of its attempts refused (the others'
	// growth) even at its share: with fewer than 64 successes between
	// refusals its rate never grows in proportion, however long a throttle
	// has not lowered it. Here 1 in 40 is refused, at 10 per second.
	l, now := justCut(10)
	var longest time.Duration
	for i := range 399 { // the last one a success
		now = now.Add(time.Duration(float64(time.Second) / l.rate))
		o := outcomeSuccess
		if i%40 == 39 {
			o = outcomeThrottled
		}
		l.record(now, o)
		require.True(t, l.probeSince.IsZero(), "answer %d", i)
		longest = max(longest, now.Sub(l.growSince))
	}
	require.Greater(t, longest, probeAfter, "long enough without a cut for the probe's time condition")
	assert.InDelta(t, l.growBase+additiveGrowth*now.Sub(l.growSince).Seconds(), l.rate, 1e-9, "additive growth only")
}

func TestRateLimiter_ProbeWaitsForProbeAfterAndACutStopsIt(t *testing.T) {
	l, now := justCut(100)
	cut := now
	// 100 successes in a row within 1 s: no probe before probeAfter.
	for range 100 {
		now = now.Add(10 * time.Millisecond)
		l.record(now, outcomeSuccess)
		require.True(t, l.probeSince.IsZero(), "%v after the cut", now.Sub(cut))
	}
	for now.Sub(cut) < probeAfter {
		now = now.Add(10 * time.Millisecond)
		l.record(now, outcomeSuccess)
	}
	assert.Equal(t, now, l.probeSince, "the first success from probeAfter on starts it")
	// Half of the attempts refused: a throttle that lowers the rate stops
	// the probe, and growth starts again from the rate it leaves.
	for !l.probeSince.IsZero() {
		now = now.Add(10 * time.Millisecond)
		l.record(now, outcomeSuccess)
		now = now.Add(10 * time.Millisecond)
		l.record(now, outcomeThrottled)
		require.Less(t, now.Sub(cut), 5*time.Second, "a cut")
	}
	assert.Equal(t, now, l.growSince)
	assert.InDelta(t, l.growBase, l.rate, 1e-9)
}

func TestRateLimiter_ProbeDoesNotOutliveTheLimit(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	endSlowStart(l, now)
	for now.Sub(l.growSince) < probeAfter || l.probeSince.IsZero() {
		now = now.Add(10 * time.Millisecond)
		l.record(now, outcomeSuccess)
	}
	// A minute without a throttle turns the limit off; the next throttle
	// turns it on with no probe running.
	now = now.Add(idleOff)
	l.record(now, outcomeSuccess)
	require.False(t, l.active())
	l.record(now, outcomeThrottled)
	require.True(t, l.active())
	assert.True(t, l.probeSince.IsZero())
	assert.Zero(t, l.inARow)
}

func TestRateLimiter_AThrottleThatLowersNothingLeavesGrowthGoing(t *testing.T) {
	l, now := justCut(100)
	// The client sends at its rate; the service admits all of it but one
	// attempt, refused when a bunch met its burst: the rate stays and
	// keeps growing from where it was, the probe included.
	start := now
	var probe time.Time
	for i := range 200 {
		now = now.Add(time.Duration(float64(time.Second) / l.rate))
		o := outcomeSuccess
		if i == 180 {
			probe = l.probeSince
			o = outcomeThrottled
		}
		l.record(now, o)
	}
	require.False(t, probe.IsZero(), "the probe started before the throttle")
	assert.Equal(t, start, l.growSince, "growth not restarted")
	assert.Equal(t, probe, l.probeSince, "probe not restarted")
	p := now.Sub(probe).Seconds()
	assert.InDelta(t, 100+additiveGrowth*now.Sub(start).Seconds()+100*probeGrowth*p*p*p, l.rate, 1e-9)
}

func TestRateLimiter_GrowthIsTheSameForEveryRate(t *testing.T) {
	// Two clients at 10 and 100 per second, each just throttled: a second
	// later both have grown by the same number of attempts per second
	// (Chiu and Jain: only an additive increase narrows their gap).
	var grown []float64
	for _, rate := range []float64{10, 100} {
		a, clock := newFakeAdaptive()
		l := a.limiter
		now := clock.Now()
		endSlowStart(l, now)
		l.setRate(now, rate)
		l.growBase, l.growSince = rate, now
		l.record(now.Add(time.Second), outcomeSuccess)
		grown = append(grown, l.rate-rate)
	}
	assert.InDelta(t, additiveGrowth, grown[0], 1e-9)
	assert.InDelta(t, grown[0], grown[1], 1e-9)
}

// endSlowStart turns l on at now and feeds it sustained throttles.
func endSlowStart(l *rateLimiter, now time.Time) {
	for range 1 + sustainedThrottles {
		l.record(now, outcomeThrottled)
	}
}

// justCut returns a limiter past slow start whose rate a throttle has just
// set to rate, with no answers yet in its estimate, and the fake clock's
// time.
func justCut(rate float64) (*rateLimiter, time.Time) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	endSlowStart(l, now)
	l.setRate(now, rate)
	l.growBase, l.growSince, l.windowStart, l.answers = rate, now, now, 0
	return l, now
}

func TestRateLimiter_EstimateUsesTheLatestAnswers(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	endSlowStart(l, now)
	l.answers = 0
	// 200 successes at 200 per second, then 200 at 50 per second.
	for range 200 {
		now = now.Add(5 * time.Millisecond)
		l.ring[l.answers%answerRing] = answer{at: now}
		l.answers++
	}
	for range 200 {
		now = now.Add(20 * time.Millisecond)
		l.ring[l.answers%answerRing] = answer{at: now}
		l.answers++
	}
	admitted, sent, ok := l.estimate(now)
	require.True(t, ok)
	assert.InDelta(t, 50, admitted, 1e-9, "the last %d answers only", answerRing)
	assert.InDelta(t, 50, sent, 1e-9)
}

func TestRateLimiter_EstimateNeedsEnoughAnswers(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	endSlowStart(l, now)
	for range 15 {
		l.record(now.Add(10*time.Millisecond), outcomeSuccess)
	}
	_, _, ok := l.estimate(now.Add(time.Second))
	assert.False(t, ok, "too few answers")
	l.record(now.Add(10*time.Millisecond), outcomeSuccess)
	_, _, ok = l.estimate(now.Add(40 * time.Millisecond))
	assert.False(t, ok, "too short")
	admitted, sent, ok := l.estimate(now.Add(100 * time.Millisecond))
	assert.True(t, ok)
	assert.InDelta(t, 160, admitted, 1e-9)
	assert.InDelta(t, 160, sent, 1e-9)

	// A full ring is trusted however short its span (a high rate).
	for range answerRing {
		l.record(now.Add(11*time.Millisecond), outcomeSuccess)
	}
	admitted, _, ok = l.estimate(now.Add(12 * time.Millisecond))
	assert.True(t, ok)
	assert.InDelta(t, float64(answerRing-1)/0.001, admitted, 1e-6)
}

func TestRateLimiter_ABusyClientLowersTheRateOnlyToWhatItSent(t *testing.T) {
	a, clock := newFakeAdaptive()
	l := a.limiter
	now := clock.Now()
	endSlowStart(l, now)
	l.setRate(now, 1000)
	l.growBase, l.windowStart, l.answers = 1000, now, 0
	// The client manages 100 attempts per second of the 1000 allowed; the
	// service admits 19 of 20. Each throttle cuts 10 % until the rate is
	// about what the client sent, never to the admitted estimate.
	var rates []float64
	for i := range 600 {
		now = now.Add(10 * time.Millisecond)
		if i%20 == 19 {
			l.record(now, outcomeThrottled)
			rates = append(rates, l.rate)
		} else {
			l.record(now, outcomeSuccess)
		}
	}
	assert.InDelta(t, 0.9*(1000+additiveGrowth*0.19), rates[0], 1e-9, "one throttle cuts 10 % (of 1000 and 190 ms of growth)")
	admitted, sent, _ := l.estimate(now)
	assert.InDelta(t, 100/clientBound, l.rate, 1e-6, "about what it sent (%.1f), not the admitted %.1f", sent, admitted)
}

func TestRateLimiter_NeverBelowMinFillRate(t *testing.T) {
	a, clock := newFakeAdaptive(func(o *AdaptiveOptions) { o.MinFillRate = 2 })
	l := a.limiter
	l.record(clock.Now(), outcomeThrottled)
	for range 60 {
		clock.Advance(100 * time.Millisecond)
		l.record(clock.Now(), outcomeThrottled) // nothing admitted at all
	}
	assert.Equal(t, 2.0, l.rate)
	clock.Advance(time.Minute)
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
	assert.Equal(t, clock.Now().Add(100*time.Millisecond), l.turn(next))
}

func TestRateLimiter_WaitHonoursTheContext(t *testing.T) {
	a, _ := newFakeAdaptive(func(o *AdaptiveOptions) { o.StartRate = 0.01; o.MinFillRate = 0.01 })
	a.GetInitialToken()(throttle429)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := a.GetAttemptToken(ctx) // the first turn is 100 s away
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "adaptive rate limit")
}

func TestRateLimiter_WaitEndsWhenTheTurnComes(t *testing.T) {
	a, clock := newFakeAdaptive(func(o *AdaptiveOptions) { o.StartRate = 0.01; o.MinFillRate = 0.01 })
	a.GetInitialToken()(throttle429)
	done := make(chan error)
	go func() { done <- a.GetAttemptToken(context.Background()) }()
	for { // until the waiter holds its ticket
		a.limiter.mu.Lock()
		waiting := a.limiter.next == 1
		a.limiter.mu.Unlock()
		if waiting {
			break
		}
		time.Sleep(time.Millisecond)
	}
	// Once the fake clock has passed the turn, a rate rise (which wakes the
	// waiter) lets it go.
	clock.Advance(200 * time.Second)
	a.limiter.mu.Lock()
	a.limiter.setRate(clock.Now(), 1000)
	a.limiter.mu.Unlock()
	require.NoError(t, <-done)
}
