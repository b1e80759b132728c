package benchmarks

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThrottleServerAdmitsTheBurstThenAnswers429(t *testing.T) {
	srv := NewThrottleServer(0.001, 3)
	defer srv.Close()
	status := func() (int, http.Header, string) {
		resp, err := http.Post(srv.URL()+"/channels/c/memberships/m/preferences", "application/json", strings.NewReader("{}"))
		require.NoError(t, err)
		defer func() { _ = resp.Body.Close() }()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, resp.Header, string(b)
	}
	for range 3 {
		code, _, body := status()
		assert.Equal(t, http.StatusOK, code)
		assert.Equal(t, preferencesResponse, body)
	}
	code, h, body := status()
	assert.Equal(t, http.StatusTooManyRequests, code)
	assert.Equal(t, "ThrottledClientException", h.Get("X-Amzn-ErrorType"))
	assert.JSONEq(t, `{"Code":"Throttled","Message":"Rate exceeded"}`, body)
	assert.EqualValues(t, 4, srv.Attempts())
	assert.EqualValues(t, 1, srv.Throttled())

	srv.Reset(0.001)
	assert.Zero(t, srv.Attempts())
	code, _, _ = status()
	assert.Equal(t, http.StatusOK, code, "Reset refills the bucket")
}

func TestThrottleScenarioSmokeEveryClient(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every client against the throttling server for a few seconds")
	}
	srv := NewThrottleServer(1, 10)
	defer srv.Close()
	p := ThrottlePoint{Rate: 200, Burst: 10, Goroutines: 2, Calls: 6}
	for _, c := range ThrottleClients() {
		r := RunThrottlePoint(context.Background(), srv, c, p)
		assert.Equal(t, 6, r.Successes+r.Failed, c.Name)
		assert.Len(t, r.Latencies, 6, c.Name)
		assert.GreaterOrEqual(t, r.Attempts, int64(6), c.Name)
		assert.Positive(t, r.Successes, "%s: the burst of 10 admits some: %s", c.Name, r.FirstErr)
	}
}

func TestThrottleResultFigures(t *testing.T) {
	r := ThrottleResult{
		Client: OursAdaptive, Point: ThrottlePoint{Rate: 10, Goroutines: 2, Calls: 20},
		Successes: 20, Attempts: 24, Elapsed: 2 * time.Second,
	}
	for i := 1; i <= 100; i++ {
		r.Latencies = append(r.Latencies, time.Duration(i)*time.Millisecond)
	}
	assert.InDelta(t, 1.0, r.GoodputRatio(), 1e-9)
	assert.InDelta(t, 1.2, r.AttemptsPerSuccess(), 1e-9)
	assert.Equal(t, 50*time.Millisecond, r.Quantile(0.5))
	assert.Equal(t, 99*time.Millisecond, r.Quantile(0.99))
	assert.Equal(t, 600*time.Millisecond, r.Point.FairWait())
	for _, c := range CheckThrottle(r) {
		assert.True(t, c.Pass, c.What)
	}
	r.Failed = 1
	r.Latencies = append(r.Latencies, time.Second, time.Second)
	var failed []string
	for _, c := range CheckThrottle(r) {
		if !c.Pass {
			failed = append(failed, c.What)
		}
	}
	assert.Len(t, failed, 2, "failed calls and p99: %v", failed)
	assert.Empty(t, CheckThrottle(ThrottleResult{Client: PeerAdaptive}), "peers are not checked")
	assert.Len(t, CheckThrottle(ThrottleResult{Client: OursStandard, Point: ThrottlePoint{Rate: 150}}), 4, "the standard-mode baseline")
}

func TestSettleTime(t *testing.T) {
	// 100 per second for 5 s, then 50 per second from 5 s, reached at 7 s.
	r := ThrottleResult{Elapsed: 12 * time.Second}
	for ms := 0; ms < 12000; {
		r.SuccessAt = append(r.SuccessAt, time.Duration(ms)*time.Millisecond)
		switch {
		case ms < 5000:
			ms += 10
		case ms < 7000:
			ms += 40
		default:
			ms += 20
		}
	}
	d, ok := r.SettleTime(5*time.Second, 50)
	require.True(t, ok)
	assert.Equal(t, 1800*time.Millisecond, d, "the first 1 s window with 45–55 successes starts at 6.8 s: 5 + 40")
	_, ok = r.SettleTime(5*time.Second, 500)
	assert.False(t, ok)
}

func TestWriteThrottleReport(t *testing.T) {
	run := ChangingRun{Steps: []RateStep{{0, 10}, {2 * time.Second, 5}}, Duration: 4 * time.Second, Goroutines: 2}
	ok := ThrottleResult{Client: OursAdaptive, Point: ThrottlePoint{Rate: 10, Goroutines: 2, Calls: 20},
		Successes: 20, Attempts: 22, Elapsed: 2 * time.Second, Latencies: []time.Duration{100 * time.Millisecond}}
	changing := ThrottleResult{Client: OursAdaptive, Point: ThrottlePoint{Rate: 10, Goroutines: 2}, Elapsed: 4 * time.Second}
	for ms := 0; ms < 4000; ms += 100 {
		if ms >= 2000 {
			ms += 100
		}
		changing.SuccessAt = append(changing.SuccessAt, time.Duration(ms)*time.Millisecond)
	}
	var sb strings.Builder
	assert.True(t, WriteThrottleReport(&sb, []ThrottleResult{ok}, []ThrottleResult{changing}, run, true))
	out := sb.String()
	assert.Contains(t, out, "| 10, 2, 20 | ours adaptive | 1.000 | 0 | 1.10 | 100 ms | 100 ms | 600 ms |")
	assert.Contains(t, out, "| ours adaptive | 1.00 / 1.00 | 0.0 s | 0 |")
	assert.NotContains(t, out, "FAIL")

	bad := ok
	bad.Failed, bad.FirstErr = 3, "operation error: throttled"
	sb.Reset()
	assert.False(t, WriteThrottleReport(&sb, []ThrottleResult{bad}, nil, run, true))
	assert.Contains(t, sb.String(), "failed 3 = 0 | FAIL |")
	assert.Contains(t, sb.String(), "first error of ours adaptive")
	sb.Reset()
	assert.True(t, WriteThrottleReport(&sb, []ThrottleResult{bad}, nil, run, false), "smoke mode checks nothing")
	assert.NotContains(t, sb.String(), "FAIL")
}

// wellFormed reports whether s parses as XML to the end.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		require.NoError(t, err)
	}
}

func TestCharts(t *testing.T) {
	var sb strings.Builder
	results := []Result{
		{Case: Case{Client: Ours, Transport: InMemory}, Samples: []Sample{{NsPerOp: 3000, AllocsPerOp: 40}}},
		{Case: Case{Client: Peer, Transport: InMemory}, Samples: []Sample{{NsPerOp: 30000, AllocsPerOp: 300}}},
		{Case: Case{Client: Ours, Transport: Loopback}, Samples: []Sample{{NsPerOp: 60000, AllocsPerOp: 90}}},
	}
	require.NoError(t, WriteCostChart(&sb, results))
	cost := sb.String()
	wellFormed(t, cost)
	assert.Equal(t, 6, strings.Count(cost, `<rect x=`), "3 bars in each of 2 panels")
	assert.Contains(t, cost, ">30.0 µs<")
	assert.Contains(t, cost, ">ours · in memory<")

	sb.Reset()
	run := ChangingRunFor(true)
	r := ThrottleResult{Client: OursAdaptive, Elapsed: run.Duration}
	for ms := 0; ms < 1500; ms += 20 {
		r.SuccessAt = append(r.SuccessAt, time.Duration(ms)*time.Millisecond)
	}
	peer := ThrottleResult{Client: PeerAdaptiveRetry429, Elapsed: run.Duration}
	require.NoError(t, WriteGoodputChart(&sb, run, []ThrottleResult{r, peer}))
	goodput := sb.String()
	wellFormed(t, goodput)
	assert.Equal(t, 3, strings.Count(goodput, "<polyline"), "the admitted rate and two clients")
	assert.Contains(t, goodput, ">"+PeerAdaptiveRetry429+" (0 failed calls)<")
}
