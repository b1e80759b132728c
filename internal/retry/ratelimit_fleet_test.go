package retry

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// jain is Jain's fairness index of xs: (Σx)² ÷ (n Σx²), 1 when all are
// equal, 1/n when one has everything.
func jain(xs []int) float64 {
	var sum, sq float64
	for _, x := range xs {
		sum += float64(x)
		sq += float64(x) * float64(x)
	}
	if sq == 0 {
		return 1
	}
	return sum * sum / (float64(len(xs)) * sq)
}

func TestFleetTrace(t *testing.T) {
	simulate(simConfig{callers: 64, clients: 4, calls: 6000, rateAt: constantRate(150), burst: 10, latency: time.Millisecond,
		trace: func(at time.Duration, c int, o outcome, rate float64) {
			if c == 3 && at < 8*time.Second {
				t.Logf("%v c%d o%d rate %.2f", at, c, o, rate)
			}
		}})
}

func TestFleetExplore(t *testing.T) {
	for _, k := range []int{4, 8, 16} {
		res := simulate(simConfig{callers: 64, clients: k, calls: 6000, rateAt: constantRate(150), burst: 10, latency: time.Millisecond})
		goodput := float64(res.successes) / res.elapsed.Seconds() / 150
		t.Logf("K=%d goodput/R %.3f failed %d att/succ %.3f p99 %v jain %.3f per client %v", k, goodput, res.failed,
			float64(res.attempts)/float64(res.successes), res.quantile(0.99), jain(res.perClient), res.perClient)
		for c := range k {
			if testing.Short() {
				break
			}
			var sb strings.Builder
			for s := 0; s < int(res.elapsed.Seconds()); s += 4 {
				n := 0
				for _, at := range res.clientAt[c] {
					if at >= time.Duration(s)*time.Second && at < time.Duration(s+4)*time.Second {
						n++
					}
				}
				fmt.Fprintf(&sb, "%5.1f", float64(n)/4)
			}
			t.Logf("  client %2d: %s", c, sb.String())
		}
	}
}
