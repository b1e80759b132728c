package benchmarks

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJainIndex(t *testing.T) {
	for _, c := range []struct {
		xs   []int
		want float64
	}{
		{[]int{10, 10, 10, 10}, 1},
		{[]int{40, 0, 0, 0}, 0.25},
		{[]int{1, 2}, 0.9}, // 9 ÷ (2 × 5)
		{nil, 1},
		{[]int{0, 0}, 1},
	} {
		assert.InDelta(t, c.want, JainIndex(c.xs), 1e-12, "%v", c.xs)
	}
}

// fleetResult builds a fleet result whose clients had the given successes,
// with every call taking latency.
func fleetResult(k int, successes []int, latency time.Duration) FleetResult {
	p := FleetPoint{Rate: 10, Burst: 10, Clients: k, Goroutines: 8, Calls: 0}
	r := FleetResult{Point: p, PerClient: make([]ThrottleResult, k)}
	r.Total = ThrottleResult{Client: OursAdaptive, Point: p.Single(), Elapsed: 10 * time.Second}
	for i, n := range successes {
		r.PerClient[i].Successes = n
		r.Total.Successes += n
		for range n {
			r.Total.Latencies = append(r.Total.Latencies, latency)
		}
	}
	r.Total.Attempts = int64(r.Total.Successes)
	return r
}

func TestCheckFleet(t *testing.T) {
	single := ThrottleResult{Latencies: []time.Duration{time.Second}}
	fair := fleetResult(8, []int{12, 12, 12, 12, 12, 12, 12, 12}, 1400*time.Millisecond)
	for _, c := range CheckFleet(fair, single) {
		assert.True(t, c.Pass, c.What)
	}
	assert.Len(t, CheckFleet(fair, single), 5)

	unfair := fleetResult(8, []int{40, 40, 4, 4, 2, 2, 2, 2}, 1600*time.Millisecond)
	var failed []string
	for _, c := range CheckFleet(unfair, single) {
		if !c.Pass {
			failed = append(failed, c.What)
		}
	}
	require.Len(t, failed, 2, "Jain's index and p99: %v", failed)
	assert.Contains(t, failed[0], "Jain's index 0.35")
	assert.Contains(t, failed[1], "p99 1600 ms ≤ 1.5 × single client's 1000 ms")

	assert.Empty(t, CheckFleet(fleetResult(4, []int{40, 0, 0, 0}, time.Second), single), "fleets of 4 are reported only")
}

func TestWriteFleetReport(t *testing.T) {
	single := ThrottleResult{Client: OursAdaptive, Point: ThrottlePoint{Rate: 10, Goroutines: 8}, Successes: 100, Attempts: 105,
		Elapsed: 10 * time.Second, Latencies: []time.Duration{time.Second}}
	runs := []FleetRun{
		{Single: single, Fleets: []FleetResult{fleetResult(8, []int{12, 12, 12, 12, 12, 12, 12, 12}, 1200*time.Millisecond)}},
		{Single: single, Fleets: []FleetResult{fleetResult(8, []int{16, 8, 12, 12, 12, 12, 12, 12}, 1400*time.Millisecond)}},
		{Single: single, Fleets: []FleetResult{fleetResult(8, []int{12, 12, 12, 12, 12, 12, 12, 12}, 1300*time.Millisecond)}},
	}
	var sb strings.Builder
	assert.True(t, WriteFleetReport(&sb, runs, true))
	out := sb.String()
	assert.Contains(t, out, "| 1 | 1 client | 1.000 | 0 | 1.05 | 1000 ms | 1000 ms | — | — |")
	assert.Contains(t, out, "| 2 | 8 clients | 0.960 | 0 | 1.00 | 1400 ms | 1400 ms | 0.973 | 0.67–1.33 |")
	assert.Contains(t, out, "| median of 3 | 8 clients | 0.960 | 0 | 1.00 | 1300 ms | 1300 ms | 1.000 | 1.00–1.00 |")
	assert.NotContains(t, out, "FAIL")

	runs[1].Fleets[0].Total.Failed = 2
	sb.Reset()
	assert.False(t, WriteFleetReport(&sb, runs, true))
	assert.Contains(t, sb.String(), "| run 2, K=8 R=10 G=8 N=0: failed 2 = 0 | FAIL |")
}

func TestWriteFleetChart(t *testing.T) {
	run := FleetRun{Single: ThrottleResult{Latencies: []time.Duration{time.Second}}}
	for _, k := range []int{4, 8} {
		f := fleetResult(k, make([]int, k), time.Second)
		for c := range f.PerClient {
			for ms := 0; ms < 10000; ms += 100 * (c + 1) {
				f.PerClient[c].SuccessAt = append(f.PerClient[c].SuccessAt, time.Duration(ms)*time.Millisecond)
			}
		}
		run.Fleets = append(run.Fleets, f)
	}
	var sb strings.Builder
	require.NoError(t, WriteFleetChart(&sb, run))
	chart := sb.String()
	wellFormed(t, chart)
	assert.Equal(t, 4+8, strings.Count(chart, "<polyline"), "one line per client")
	assert.Contains(t, chart, ">fair share R / K = 2.5<")
	assert.Contains(t, chart, ">K = 8: Jain&#39;s index")
}

func TestFleetScenarioSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small fleet against the throttling server for a few seconds")
	}
	srv := NewThrottleServer(1, 10)
	defer srv.Close()
	var ours ThrottleClient
	for _, c := range ThrottleClients() {
		if c.Name == OursAdaptive {
			ours = c
		}
	}
	p := FleetPoint{Rate: 200, Burst: 10, Clients: 3, Goroutines: 7, Calls: 30}
	r := RunFleet(context.Background(), srv, ours, p)
	require.Len(t, r.PerClient, 3)
	goroutines := 0
	for _, c := range r.PerClient {
		goroutines += c.Point.Goroutines
		assert.Positive(t, c.Successes, "every client makes calls")
	}
	assert.Equal(t, 7, goroutines, "3 + 2 + 2")
	assert.Equal(t, 30, r.Total.Successes+r.Total.Failed)
	assert.Len(t, r.Total.Latencies, 30)
	assert.Equal(t, srv.Attempts(), r.Total.Attempts)

	var sb strings.Builder
	WriteThrottleSmokeReport(&sb, nil, nil, []FleetRun{{Single: r.Total, Fleets: []FleetResult{r}}})
	assert.Contains(t, sb.String(), "too short to measure a rate")
	assert.Contains(t, sb.String(), "| fleet K=3 R=200 G=7 N=30 | 3 clients, ours adaptive (each: ")
	assert.NotContains(t, sb.String(), "goodput /")
}
