package retry

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func constantRate(r float64) func(time.Duration) float64 {
	return func(time.Duration) float64 { return r }
}

// The operating points in simulated time: G callers, 10 × R calls,
// a server admitting R per second with a burst of 10, 1 ms per attempt.
func TestRateLimiter_SimulatedThrottlingMeetsTargets(t *testing.T) {
	for _, p := range []struct{ rate, callers float64 }{{50, 8}, {150, 32}, {500, 128}} {
		t.Run(fmt.Sprintf("R=%v,G=%v", p.rate, p.callers), func(t *testing.T) {
			res := simulate(simConfig{
				callers: int(p.callers), calls: int(10 * p.rate), rateAt: constantRate(p.rate),
				burst: 10, latency: time.Millisecond,
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
