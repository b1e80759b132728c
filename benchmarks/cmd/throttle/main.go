// Command throttle runs the throttling scenario of the benchmarks module: a
// loopback server admitting R calls per second (burst 10) and answering the
// rest 429 ThrottledClientException, G goroutines making N calls, for ours
// (standard and adaptive retry mode) and aws-sdk-go-v2 (standard, adaptive,
// adaptive with ThrottledClientException retried), then a run where the
// admitted rate halves and later doubles back.
//
// Usage (from the benchmarks directory):
//
//	go run ./cmd/throttle          # the points, targets checked
//	go run ./cmd/throttle -smoke   # a short run, no thresholds (CI)
//	go run ./cmd/throttle -clients 'ours adaptive' # only the clients matching
//
// It exits 1 when a target of ours is missed (never in smoke mode) and 2
// when it cannot run. cmd/compare -throttle runs the same and also draws the
// goodput chart.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"

	"github.com/chimekit/chimesdkmessaging/benchmarks"
)

func main() {
	smoke := flag.Bool("smoke", false, "a short run with no thresholds (CI)")
	clients := flag.String("clients", "", "run only the clients whose name matches this regular expression")
	flag.Parse()
	var only *regexp.Regexp
	if *clients != "" {
		var err error
		if only, err = regexp.Compile(*clients); err != nil {
			fmt.Fprintf(os.Stderr, "throttle: -clients: %v\n", err)
			os.Exit(2)
		}
	}
	points, changing, run := benchmarks.RunThrottleScenario(context.Background(), *smoke, only, os.Stderr)
	fmt.Println("## Throttling scenario")
	fmt.Println()
	if !benchmarks.WriteThrottleReport(os.Stdout, points, changing, run, !*smoke) {
		os.Exit(1)
	}
}
