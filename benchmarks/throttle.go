package benchmarks

import (
	"context"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// ThrottlePoint is one operating point of the throttling scenario: a server
// admitting Rate calls per second (burst Burst) and Goroutines goroutines
// making Calls calls in all, back to back.
type ThrottlePoint struct {
	Rate       float64
	Burst      float64
	Goroutines int
	Calls      int
}

// String is "R=150 G=32 N=1500".
func (p ThrottlePoint) String() string {
	return fmt.Sprintf("R=%g G=%d N=%d", p.Rate, p.Goroutines, p.Calls)
}

// FairWait is 3 × G / R, the p99 latency target: what a fair queue gives a
// call (G / R) with room for two more turns.
func (p ThrottlePoint) FairWait() time.Duration {
	return time.Duration(3 * float64(p.Goroutines) / p.Rate * float64(time.Second))
}

// ThrottlePoints are the operating points (10 × R calls each);
// smoke mode runs a small one only.
func ThrottlePoints(smoke bool) []ThrottlePoint {
	if smoke {
		return []ThrottlePoint{{Rate: 50, Burst: 10, Goroutines: 4, Calls: 20}}
	}
	return []ThrottlePoint{
		{Rate: 50, Burst: 10, Goroutines: 8, Calls: 500},
		{Rate: 150, Burst: 10, Goroutines: 32, Calls: 1500},
		{Rate: 500, Burst: 10, Goroutines: 128, Calls: 5000},
	}
}

// ThrottleResult is what one client did at one point (or in one changing
// run, where Point.Calls is 0).
type ThrottleResult struct {
	Client    string
	Point     ThrottlePoint
	Successes int
	Failed    int
	Attempts  int64         // requests the server received
	Elapsed   time.Duration // start to the last call's end
	Latencies []time.Duration
	SuccessAt []time.Duration // when each success ended, from the start
	FirstErr  string          // the first failed call's error
}

// GoodputRatio is successes per second ÷ the point's rate.
func (r ThrottleResult) GoodputRatio() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Successes) / r.Elapsed.Seconds() / r.Point.Rate
}

// AttemptsPerSuccess is the server's requests ÷ successful calls (+Inf with
// no success).
func (r ThrottleResult) AttemptsPerSuccess() float64 {
	if r.Successes == 0 {
		return math.Inf(1)
	}
	return float64(r.Attempts) / float64(r.Successes)
}

// Quantile returns the q-quantile of the calls' latencies (nearest rank).
func (r ThrottleResult) Quantile(q float64) time.Duration {
	s := slices.Clone(r.Latencies)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[max(0, min(len(s)-1, int(math.Ceil(q*float64(len(s))))-1))]
}

// GoodputBetween is the successes per second that ended in [from, to).
func (r ThrottleResult) GoodputBetween(from, to time.Duration) float64 {
	n := 0
	for _, t := range r.SuccessAt {
		if t >= from && t < to {
			n++
		}
	}
	return float64(n) / (to - from).Seconds()
}

// SettleTime is how long after at the goodput over a one-second window first
// lies within ±10 % of rate; false when it never does before the run ends.
func (r ThrottleResult) SettleTime(at time.Duration, rate float64) (time.Duration, bool) {
	for d := time.Duration(0); at+d+time.Second <= r.Elapsed; d += 100 * time.Millisecond {
		g := r.GoodputBetween(at+d, at+d+time.Second)
		if g >= 0.9*rate && g <= 1.1*rate {
			return d, true
		}
	}
	return 0, false
}

// RateStep sets the server's rate at At from the start of a changing run.
type RateStep struct {
	At   time.Duration
	Rate float64
}

// ChangingRun is the run where the admitted rate changes: Steps[0] is the
// starting rate (At 0); the run lasts Duration.
type ChangingRun struct {
	Steps      []RateStep
	Duration   time.Duration
	Goroutines int
	Burst      float64
}

// ChangingRunFor returns the run where the rate halves a third of the way
// in and doubles back two thirds of the way in.
func ChangingRunFor(smoke bool) ChangingRun {
	phase, rate, g := 6*time.Second, 150.0, 32
	if smoke {
		phase, rate, g = 500*time.Millisecond, 50, 4
	}
	return ChangingRun{
		Steps:      []RateStep{{0, rate}, {phase, rate / 2}, {2 * phase, rate}},
		Duration:   3 * phase,
		Goroutines: g,
		Burst:      10,
	}
}

// RunThrottlePoint runs client c at point p against srv (reset to p's rate
// first) and returns what it measured.
func RunThrottlePoint(ctx context.Context, srv *ThrottleServer, c ThrottleClient, p ThrottlePoint) ThrottleResult {
	srv.Reset(p.Rate)
	var next atomic.Int64
	return runCalls(ctx, srv, c, p, func(time.Duration) bool { return next.Add(1) <= int64(p.Calls) })
}

// RunChanging runs client c through run against srv. The result's
// Point.Rate is the starting rate.
func RunChanging(ctx context.Context, srv *ThrottleServer, c ThrottleClient, run ChangingRun) ThrottleResult {
	srv.Reset(run.Steps[0].Rate)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() {
		defer wg.Done()
		for _, s := range run.Steps[1:] {
			select {
			case <-time.After(time.Until(start.Add(s.At))):
				srv.SetRate(s.Rate)
			case <-stop:
				return
			}
		}
	}()
	p := ThrottlePoint{Rate: run.Steps[0].Rate, Burst: run.Burst, Goroutines: run.Goroutines}
	res := runCalls(ctx, srv, c, p, func(since time.Duration) bool { return since < run.Duration })
	close(stop)
	wg.Wait()
	return res
}

// runCalls makes calls from p.Goroutines goroutines while more(time since
// the start) says so.
func runCalls(ctx context.Context, srv *ThrottleServer, c ThrottleClient, p ThrottlePoint, more func(time.Duration) bool) ThrottleResult {
	res := runCallsFrom(ctx, time.Now(), srv, c, p, more)
	res.Attempts = srv.Attempts()
	return res
}

// runCallsFrom is runCalls with the start given (a fleet's clients share
// it) and without Attempts (the server counts every client's): one client
// with its own HTTP connection pool.
func runCallsFrom(ctx context.Context, start time.Time, srv *ThrottleServer, c ThrottleClient, p ThrottlePoint, more func(time.Duration) bool) ThrottleResult {
	hc := newThrottleHTTPClient(p.Goroutines)
	defer hc.CloseIdleConnections()
	fn := c.newCall(srv.URL(), hc)
	res := ThrottleResult{Client: c.Name, Point: p}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range p.Goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for more(time.Since(start)) && ctx.Err() == nil {
				t0 := time.Now()
				err := fn(ctx)
				end := time.Now()
				mu.Lock()
				res.Latencies = append(res.Latencies, end.Sub(t0))
				if err != nil {
					res.Failed++
					if res.FirstErr == "" {
						res.FirstErr = err.Error()
					}
				} else {
					res.Successes++
					res.SuccessAt = append(res.SuccessAt, end.Sub(start))
				}
				res.Elapsed = max(res.Elapsed, end.Sub(start))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return res
}

// RunThrottleScenario runs every client at every point and the changing
// run for ours adaptive and standard and the best-configured peer; progress
// lines go to progress when it is not nil.
//
// With only set, only the clients whose name it matches run.
func RunThrottleScenario(ctx context.Context, smoke bool, only *regexp.Regexp, progress io.Writer) (points, changing []ThrottleResult, run ChangingRun) {
	srv := NewThrottleServer(1, 10)
	defer srv.Close()
	var clients []ThrottleClient
	for _, c := range ThrottleClients() {
		if only == nil || only.MatchString(c.Name) {
			clients = append(clients, c)
		}
	}
	for _, p := range ThrottlePoints(smoke) {
		for _, c := range clients {
			r := RunThrottlePoint(ctx, srv, c, p)
			points = append(points, r)
			switch {
			case progress == nil:
			case smoke:
				_, _ = fmt.Fprintf(progress, "smoke %s %-42s %d of %d calls succeeded, %d failed\n", p, c.Name, r.Successes, p.Calls, r.Failed)
			default:
				_, _ = fmt.Fprintf(progress, "%s %-42s goodput/R %.3f failed %d attempts/success %.2f p99 %s\n",
					p, c.Name, r.GoodputRatio(), r.Failed, r.AttemptsPerSuccess(), ms(r.Quantile(0.99)))
			}
		}
	}
	run = ChangingRunFor(smoke)
	for _, c := range clients {
		if c.Name != OursAdaptive && c.Name != OursStandard && c.Name != PeerAdaptiveRetry429 {
			continue
		}
		r := RunChanging(ctx, srv, c, run)
		changing = append(changing, r)
		if progress != nil {
			_, _ = fmt.Fprintf(progress, "changing rate %-42s successes %d failed %d\n", c.Name, r.Successes, r.Failed)
		}
	}
	return points, changing, run
}
