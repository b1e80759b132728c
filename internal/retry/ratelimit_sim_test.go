package retry

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// simServer is a token bucket (rate per second, burst) in simulated time,
// like the benchmarks module's throttling server.
type simServer struct {
	rate, burst, tokens float64
	last                time.Time
}

func (s *simServer) admit(now time.Time) bool {
	s.tokens = min(s.burst, s.tokens+now.Sub(s.last).Seconds()*s.rate)
	s.last = now
	if s.tokens >= 1 {
		s.tokens--
		return true
	}
	return false
}

// simEvent is one caller's next step.
type simEvent struct {
	at     time.Time
	caller int
	kind   int // evWake, evResponse or evStart
	seq    int
}

const (
	evWake = iota
	evResponse
	evStart // a late client's caller makes its first call
)

type simQueue []simEvent

func (q simQueue) Len() int { return len(q) }
func (q simQueue) Less(i, j int) bool {
	if q[i].at.Equal(q[j].at) {
		return q[i].seq < q[j].seq
	}
	return q[i].at.Before(q[j].at)
}
func (q simQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *simQueue) Push(x any)   { *q = append(*q, x.(simEvent)) }
func (q *simQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// simConfig is one simulated run: callers goroutines, each making calls
// back to back against a server whose rate is rateAt(elapsed). With clients
// set, the callers are split evenly among that many independent clients
// (a fleet), each with its own Adaptive retryer, sharing the one server.
type simConfig struct {
	callers int
	clients int // 0: one
	// startAt, when set, is when client c makes its first call.
	startAt  func(client int) time.Duration
	calls    int           // stop after this many calls (0: run for duration)
	duration time.Duration // stop after this long (with calls 0)
	rateAt   func(elapsed time.Duration) float64
	burst    float64
	latency  time.Duration
	// jitter, when set, adds to each attempt's latency (the n-th attempt's).
	jitter func(n int) time.Duration
}

// simResult is what a run measured.
type simResult struct {
	elapsed    time.Duration
	successes  int
	failed     int
	attempts   int
	latencies  []time.Duration
	successAt  []time.Duration // completion time of each success
	maxPerCall int
	// perClient is the successes of each client; clientAt the completion
	// times of each client's successes.
	perClient []int
	clientAt  [][]time.Duration
}

func (r simResult) quantile(q float64) time.Duration {
	s := slices.Clone(r.latencies)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(math.Ceil(q*float64(len(s))))-1)]
}

// goodputBetween is successes per second completed in [from, to).
func (r simResult) goodputBetween(from, to time.Duration) float64 {
	n := 0
	for _, t := range r.successAt {
		if t >= from && t < to {
			n++
		}
	}
	return float64(n) / (to - from).Seconds()
}

// simulate runs cfg through the limiters of fresh Adaptive retryers (one
// per client) with their default options, in simulated time: nothing
// sleeps.
func simulate(cfg simConfig) simResult {
	start := time.Unix(1_700_000_000, 0)
	nClients := max(cfg.clients, 1)
	retryers := make([]*Adaptive, nClients)
	for i := range retryers {
		retryers[i] = NewAdaptive(func(o *AdaptiveOptions) { o.Clock = func() time.Time { return start } })
	}
	srv := &simServer{rate: cfg.rateAt(0), burst: cfg.burst, tokens: cfg.burst, last: start}
	maxAttempts := retryers[0].MaxAttempts()

	type caller struct {
		client    int
		ticket    int64
		waiting   bool
		callStart time.Time
		attempt   int
		paced     int
		admitted  bool
	}
	callers := make([]caller, cfg.callers)
	for i := range callers {
		callers[i].client = i * nClients / cfg.callers
	}
	var q simQueue
	seq := 0
	push := func(at time.Time, c, kind int) {
		seq++
		heap.Push(&q, simEvent{at: at, caller: c, kind: kind, seq: seq})
	}
	res := simResult{perClient: make([]int, nClients), clientAt: make([][]time.Duration, nClients)}
	started := 0
	// request starts caller c's next attempt at now: it waits for its turn
	// when the limit is on, else sends at once.
	var request func(now time.Time, c int)
	send := func(now time.Time, c int) {
		callers[c].waiting = false
		srv.rate = cfg.rateAt(now.Sub(start))
		callers[c].admitted = srv.admit(now)
		res.attempts++
		lat := cfg.latency
		if cfg.jitter != nil {
			lat += cfg.jitter(res.attempts)
		}
		push(now.Add(lat), c, evResponse)
	}
	request = func(now time.Time, c int) {
		l := retryers[callers[c].client].limiter
		l.started.Add(1)
		if !l.active() {
			send(now, c)
			return
		}
		callers[c].ticket, callers[c].waiting = l.take(now), true
		push(maxTime(now, l.turn(callers[c].ticket)), c, evWake)
	}
	newCall := func(now time.Time, c int) bool {
		if cfg.calls > 0 && started >= cfg.calls || cfg.calls == 0 && now.Sub(start) >= cfg.duration {
			return false
		}
		started++
		callers[c].callStart, callers[c].attempt, callers[c].paced = now, 1, 0
		request(now, c)
		return true
	}
	for c := range callers {
		if cfg.startAt != nil {
			if at := cfg.startAt(callers[c].client); at > 0 {
				push(start.Add(at), c, evStart)
				continue
			}
		}
		newCall(start, c)
	}
	for q.Len() > 0 {
		ev := heap.Pop(&q).(simEvent)
		now, c := ev.at, ev.caller
		a := retryers[callers[c].client]
		l := a.limiter
		if ev.kind == evResponse {
			res.elapsed = now.Sub(start)
		}
		switch ev.kind {
		case evStart:
			newCall(now, c)
		case evWake:
			if !callers[c].waiting {
				continue
			}
			if !l.active() {
				send(now, c)
				continue
			}
			if at := l.turn(callers[c].ticket); at.After(now) {
				push(at, c, evWake)
				continue
			}
			send(now, c)
		case evResponse:
			wake := l.wake
			l.answered.Add(1)
			o := outcomeThrottled
			if callers[c].admitted {
				o = outcomeSuccess
			}
			if o == outcomeSuccess && !l.active() {
				// The lock-free path: nothing recorded.
			} else {
				l.record(now, o)
			}
			if l.wake != wake && wake != nil {
				// Rate rose: every waiter recomputes its turn.
				for i := range callers {
					if callers[i].waiting && callers[i].client == callers[c].client {
						push(maxTime(now, l.turn(callers[i].ticket)), i, evWake)
					}
				}
			}
			if o == outcomeThrottled && a.PacedThrottle(errThrottled, callers[c].paced) {
				callers[c].paced++
			}
			if o == outcomeSuccess || callers[c].attempt >= maxAttempts+callers[c].paced {
				if o == outcomeSuccess {
					res.successes++
					res.successAt = append(res.successAt, now.Sub(start))
					res.perClient[callers[c].client]++
					res.clientAt[callers[c].client] = append(res.clientAt[callers[c].client], now.Sub(start))
				} else {
					res.failed++
				}
				res.maxPerCall = max(res.maxPerCall, callers[c].attempt)
				res.latencies = append(res.latencies, now.Sub(callers[c].callStart))
				newCall(now, c)
				continue
			}
			callers[c].attempt++
			request(now, c)
		}
	}
	return res
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

var errThrottled = respErr(429, "ThrottledClientException", nil)

func constantRate(r float64) func(time.Duration) float64 {
	return func(time.Duration) float64 { return r }
}

// The operating points in simulated time: G callers, 10 × R calls,
// a server admitting R per second with a burst of 10, 1 ms per attempt.
func TestRateLimiter_SimulatedThrottlingMeetsTargets(t *testing.T) {
	// A busy machine: attempts take 1 to 21 ms, and one in 200 stalls
	// 150 ms more (a pause of the process, a late timer).
	busy := func(seed uint64) func(int) time.Duration {
		rng := rand.New(rand.NewPCG(seed, 2))
		return func(int) time.Duration {
			d := time.Duration(rng.Int64N(int64(20 * time.Millisecond)))
			if rng.IntN(200) == 0 {
				d += 150 * time.Millisecond
			}
			return d
		}
	}
	for _, p := range []struct {
		rate, callers float64
		jitter        func(int) time.Duration
	}{
		{50, 8, nil}, {150, 32, nil}, {500, 128, nil},
		{50, 8, busy(1)}, {150, 32, busy(2)}, {500, 128, busy(3)}, {500, 128, busy(4)}, {150, 32, busy(5)},
		{3000, 256, nil}, // a full ring of answers spans less than minEstimateSpan
	} {
		t.Run(fmt.Sprintf("R=%v,G=%v,busy=%v", p.rate, p.callers, p.jitter != nil), func(t *testing.T) {
			res := simulate(simConfig{
				callers: int(p.callers), calls: int(10 * p.rate), rateAt: constantRate(p.rate),
				burst: 10, latency: time.Millisecond, jitter: p.jitter,
			})
			goodput := float64(res.successes) / res.elapsed.Seconds() / p.rate
			perSuccess := float64(res.attempts) / float64(res.successes)
			p50, p99 := res.quantile(0.5), res.quantile(0.99)
			t.Logf("goodput/R %.3f failed %d attempts/success %.3f p50 %v p99 %v (limit %v) max attempts %d",
				goodput, res.failed, perSuccess, p50, p99, time.Duration(3*p.callers/p.rate*float64(time.Second)), res.maxPerCall)
			assert.GreaterOrEqual(t, goodput, 0.90)
			assert.Zero(t, res.failed)
			assert.LessOrEqual(t, perSuccess, 1.3)
			assert.LessOrEqual(t, p99.Seconds(), 3*p.callers/p.rate)
		})
	}
}

func TestRateLimiter_SimulatedRateChangeIsFollowed(t *testing.T) {
	const r0 = 150.0
	rateAt := func(e time.Duration) float64 {
		switch {
		case e < 10*time.Second:
			return r0
		case e < 20*time.Second:
			return r0 / 2
		}
		return r0
	}
	res := simulate(simConfig{callers: 32, duration: 30 * time.Second, rateAt: rateAt, burst: 10, latency: time.Millisecond})
	for _, change := range []struct {
		at   time.Duration
		rate float64
	}{{10 * time.Second, r0 / 2}, {20 * time.Second, r0}} {
		settled := time.Duration(-1)
		for d := time.Duration(0); d < 10*time.Second; d += 100 * time.Millisecond {
			from := change.at + d
			g := res.goodputBetween(from, from+time.Second)
			if g >= 0.9*change.rate && g <= 1.1*change.rate {
				settled = d
				break
			}
		}
		t.Logf("rate → %v at %v: within 10 %% after %v", change.rate, change.at, settled)
		assert.GreaterOrEqual(t, settled, time.Duration(0))
		assert.LessOrEqual(t, settled, 5*time.Second)
	}
	assert.Zero(t, res.failed)
}
