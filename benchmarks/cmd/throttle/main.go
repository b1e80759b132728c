// Command throttle runs the throttling scenario of the benchmarks module: a
// loopback server admitting R calls per second (burst 10) and answering the
// rest 429 ThrottledClientException, G goroutines making N calls, for ours
// (standard and adaptive retry mode) and aws-sdk-go-v2 (standard, adaptive,
// adaptive with ThrottledClientException retried), then a run where the
// admitted rate halves and later doubles back, then the fleet scenario:
// K = 4, 8, 16 independent clients of ours in adaptive mode sharing the one
// server (R = 150, 64 goroutines in all, 6,000 calls), after one client
// alone at that load.
//
// Usage (from the benchmarks directory):
//
//	go run ./cmd/throttle                   # everything, targets checked
//	go run ./cmd/throttle -smoke            # a short run of each part, no thresholds (CI)
//	go run ./cmd/throttle -clients 'ours adaptive' # only the clients matching
//	go run ./cmd/throttle -only fleet -runs 3 -charts charts # the fleet 3 times, medians, charts/fleet.svg
//
// It exits 1 when a target of ours is missed (never in smoke mode) and 2
// when it cannot run. cmd/compare -throttle runs the first two parts and
// draws the goodput chart; -charts here draws the fleet chart from the
// fleet's last run.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/chimekit/chimesdkmessaging/benchmarks"
)

func main() {
	smoke := flag.Bool("smoke", false, "a short run with no thresholds (CI)")
	clients := flag.String("clients", "", "run only the clients whose name matches this regular expression (the fleet is always ours adaptive)")
	only := flag.String("only", "", `run only this part: "points" (the points and the changing rate) or "fleet"`)
	runs := flag.Int("runs", 1, "how many times the fleet scenario runs (its table adds the medians)")
	charts := flag.String("charts", "", "directory to write fleet.svg into (not in smoke mode); empty: none")
	flag.Parse()
	if err := run(*smoke, *clients, *only, *runs, *charts); err != nil {
		fmt.Fprintf(os.Stderr, "throttle: %v\n", err)
		if err == errTargetMissed {
			os.Exit(1)
		}
		os.Exit(2)
	}
}

var errTargetMissed = fmt.Errorf("a target was missed (the FAIL lines above)")

func run(smoke bool, clients, only string, runs int, charts string) error {
	var match *regexp.Regexp
	if clients != "" {
		var err error
		if match, err = regexp.Compile(clients); err != nil {
			return fmt.Errorf("-clients: %w", err)
		}
	}
	if only != "" && only != "points" && only != "fleet" {
		return fmt.Errorf(`-only %q: use "points", "fleet" or nothing`, only)
	}
	if runs < 1 {
		return fmt.Errorf("-runs %d: run the fleet at least once", runs)
	}
	ctx := context.Background()
	progress := func(format string, args ...any) { fmt.Fprintf(os.Stderr, format, args...) }
	var (
		points, changing []benchmarks.ThrottleResult
		crun             benchmarks.ChangingRun
		fleets           []benchmarks.FleetRun
	)
	fmt.Printf("Run at %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	if only != "fleet" {
		points, changing, crun = benchmarks.RunThrottleScenario(ctx, smoke, match, os.Stderr)
	}
	if only != "points" {
		fleets = benchmarks.RunFleetScenario(ctx, smoke, runs, progress)
	}
	if smoke {
		fmt.Println("## Throttling scenario (smoke)")
		fmt.Println()
		benchmarks.WriteThrottleSmokeReport(os.Stdout, points, changing, fleets)
		return nil
	}
	ok := true
	if only != "fleet" {
		fmt.Println("## Throttling scenario")
		fmt.Println()
		ok = benchmarks.WriteThrottleReport(os.Stdout, points, changing, crun, true)
		fmt.Println()
	}
	if only != "points" {
		fmt.Println("## Fleet scenario")
		fmt.Println()
		ok = benchmarks.WriteFleetReport(os.Stdout, fleets, true) && ok
		if charts != "" {
			if err := writeChart(charts, "fleet.svg", func(w io.Writer) error {
				return benchmarks.WriteFleetChart(w, fleets[len(fleets)-1])
			}); err != nil {
				return err
			}
			fmt.Printf("\nchart written to %s\n", filepath.Join(charts, "fleet.svg"))
		}
	}
	if !ok {
		return errTargetMissed
	}
	return nil
}

// writeChart writes one chart file into dir.
func writeChart(dir, name string, draw func(io.Writer) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("charts: %w", err)
	}
	if err := draw(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("charts: %s: %w", name, err)
	}
	return f.Close()
}
