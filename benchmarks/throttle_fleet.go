package benchmarks

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// FleetPoint is one run of the fleet scenario: Clients independent clients
// (each its own client, retryer, HTTP connection pool and Goroutines ÷
// Clients goroutines, as separate processes of one service would be) share
// one ThrottleServer admitting Rate calls per second (burst Burst), and make
// Calls calls in all, back to back.
type FleetPoint struct {
	Rate       float64
	Burst      float64
	Clients    int
	Goroutines int // in all
	Calls      int // in all
}

// String is "K=8 R=150 G=64 N=6000".
func (p FleetPoint) String() string {
	return fmt.Sprintf("K=%d R=%g G=%d N=%d", p.Clients, p.Rate, p.Goroutines, p.Calls)
}

// Single is the same load made by one client: its p99 is what a fleet's
// p99 is compared with.
func (p FleetPoint) Single() ThrottlePoint {
	return ThrottlePoint{Rate: p.Rate, Burst: p.Burst, Goroutines: p.Goroutines, Calls: p.Calls}
}

// FleetPoints are the fleets (K = 4, 8, 16 sharing R = 150 with 64
// goroutines in all, 6,000 calls); smoke mode runs a small one only.
func FleetPoints(smoke bool) []FleetPoint {
	if smoke {
		return []FleetPoint{{Rate: 50, Burst: 10, Clients: 4, Goroutines: 8, Calls: 150}}
	}
	var ps []FleetPoint
	for _, k := range []int{4, 8, 16} {
		ps = append(ps, FleetPoint{Rate: 150, Burst: 10, Clients: k, Goroutines: 64, Calls: 6000})
	}
	return ps
}

// FleetResult is what a fleet did at one point: Total sums its clients
// (its Point is p.Single(), its Attempts the server's), PerClient has each
// client's own figures.
type FleetResult struct {
	Point     FleetPoint
	Total     ThrottleResult
	PerClient []ThrottleResult
}

// Successes returns each client's successful calls.
func (r FleetResult) Successes() []int {
	out := make([]int, len(r.PerClient))
	for i, c := range r.PerClient {
		out[i] = c.Successes
	}
	return out
}

// JainIndex is Jain's fairness index over the clients' successful calls:
// (Σx)² ÷ (n Σx²); 1 when every client got the same, 1/n when one got all
// (Jain, Chiu and Hawe, DEC-TR-301, 1984).
func (r FleetResult) JainIndex() float64 { return JainIndex(r.Successes()) }

// JainIndex is Jain's fairness index of xs; 1 when xs is empty or all zero.
func JainIndex(xs []int) float64 {
	var sum, squares float64
	for _, x := range xs {
		sum += float64(x)
		squares += float64(x) * float64(x)
	}
	if squares == 0 {
		return 1
	}
	return sum * sum / (float64(len(xs)) * squares)
}

// ShareRange is the smallest and largest client's successes ÷ the fair
// share (successes ÷ clients).
func (r FleetResult) ShareRange() (lo, hi float64) {
	s := r.Successes()
	if len(s) == 0 || r.Total.Successes == 0 {
		return 0, 0
	}
	fair := float64(r.Total.Successes) / float64(len(s))
	return float64(slices.Min(s)) / fair, float64(slices.Max(s)) / fair
}

// RunFleet runs a fleet of p.Clients clients of configuration c against srv
// (reset to p's rate first). The calls are drawn from one counter, so a
// client that gets less of the rate also makes fewer of the calls.
func RunFleet(ctx context.Context, srv *ThrottleServer, c ThrottleClient, p FleetPoint) FleetResult {
	srv.Reset(p.Rate)
	var next atomic.Int64
	res := FleetResult{Point: p, PerClient: make([]ThrottleResult, p.Clients)}
	var wg sync.WaitGroup
	start := time.Now()
	for i := range p.Clients {
		// Spread the goroutines as evenly as they go (64 ÷ 16 = 4 each).
		g := p.Goroutines/p.Clients + btoi(i < p.Goroutines%p.Clients)
		cp := ThrottlePoint{Rate: p.Rate / float64(p.Clients), Burst: p.Burst, Goroutines: g}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.PerClient[i] = runCallsFrom(ctx, start, srv, c, cp, func(time.Duration) bool { return next.Add(1) <= int64(p.Calls) })
		}()
	}
	wg.Wait()
	res.Total = ThrottleResult{Client: c.Name, Point: p.Single(), Attempts: srv.Attempts()}
	for _, cr := range res.PerClient {
		res.Total.Successes += cr.Successes
		res.Total.Failed += cr.Failed
		res.Total.Elapsed = max(res.Total.Elapsed, cr.Elapsed)
		res.Total.Latencies = append(res.Total.Latencies, cr.Latencies...)
		res.Total.SuccessAt = append(res.Total.SuccessAt, cr.SuccessAt...)
		if res.Total.FirstErr == "" {
			res.Total.FirstErr = cr.FirstErr
		}
	}
	slices.Sort(res.Total.SuccessAt)
	return res
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FleetRun is one repetition of the fleet scenario: the single client at
// the fleets' load, then every fleet, all in one run of the process.
type FleetRun struct {
	Single ThrottleResult
	Fleets []FleetResult
}

// RunFleetScenario runs ours in adaptive mode alone and as every fleet of
// FleetPoints, runs times; progress lines go to progress when it is not nil.
func RunFleetScenario(ctx context.Context, smoke bool, runs int, progress func(format string, args ...any)) []FleetRun {
	srv := NewThrottleServer(1, 10)
	defer srv.Close()
	var ours ThrottleClient
	for _, c := range ThrottleClients() {
		if c.Name == OursAdaptive {
			ours = c
		}
	}
	say := func(format string, args ...any) {
		if progress != nil {
			progress(format, args...)
		}
	}
	points := FleetPoints(smoke)
	var out []FleetRun
	for run := 1; run <= runs && ctx.Err() == nil; run++ {
		var fr FleetRun
		fr.Single = RunThrottlePoint(ctx, srv, ours, points[0].Single())
		if smoke {
			say("smoke fleet: %s one client: %d of %d calls succeeded, %d failed\n", points[0].Single(), fr.Single.Successes, points[0].Calls, fr.Single.Failed)
		} else {
			say("fleet run %d: %s one client: goodput/R %.3f failed %d attempts/success %.2f p99 %s\n",
				run, points[0].Single(), fr.Single.GoodputRatio(), fr.Single.Failed, fr.Single.AttemptsPerSuccess(), ms(fr.Single.Quantile(0.99)))
		}
		for _, p := range points {
			r := RunFleet(ctx, srv, ours, p)
			fr.Fleets = append(fr.Fleets, r)
			if smoke {
				say("smoke fleet: %s: %d of %d calls succeeded (each client: %s), %d failed\n", p, r.Total.Successes, p.Calls, joinInts(r.Successes()), r.Total.Failed)
				continue
			}
			say("fleet run %d: %s: goodput/R %.3f failed %d attempts/success %.2f p99 %s Jain %.3f per client %v\n",
				run, p, r.Total.GoodputRatio(), r.Total.Failed, r.Total.AttemptsPerSuccess(), ms(r.Total.Quantile(0.99)), r.JainIndex(), r.Successes())
		}
		out = append(out, fr)
	}
	return out
}
