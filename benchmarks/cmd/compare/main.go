// Command compare runs every benchmark case of the benchmarks module in
// interleaved rounds and prints the medians, the ratios and whether the
// performance budget holds.
//
// Usage (from the benchmarks directory):
//
//	go run ./cmd/compare                 # 7 rounds of 1s per case, budget checked
//	go run ./cmd/compare -rounds 3 -benchtime 300ms
//	go run ./cmd/compare -live-heap 0    # skip the second run with a live heap
//	go run ./cmd/compare -smoke          # every case once, no thresholds (CI)
//	go run ./cmd/compare -throttle=false # skip the throttling scenario
//
// It runs twice: every case with the benchmark process's own heap (a few
// megabytes), then the in-memory and scaling cases again while a live heap
// of -live-heap MiB is kept, as in a service (see Env.SetLiveHeap). Both
// runs print their tables and check their budgets.
//
// In the first run the runtime's mutex profile records every contended lock
// during ours/inmem/parallel; a lock of the client's own code there fails the
// budget. Then (not in smoke mode, and unless -throttle=false) it runs the
// throttling scenario of cmd/throttle and checks its targets, and writes two
// SVG charts into -charts (default "charts", i.e. benchmarks/charts): cost.svg
// (per-call cost against the peers) and goodput.svg (goodput over time in the
// changing-rate run, ours against aws-sdk-go-v2).
//
// It exits 1 when a budget ratio or target fails (never in smoke mode) and 2
// when a case cannot run.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chimekit/chimesdkmessaging/benchmarks"
)

func main() {
	testing.Init()
	rounds := flag.Int("rounds", 7, "interleaved rounds per case")
	benchtime := flag.String("benchtime", "1s", "length of each run, as go test -benchtime (e.g. 1s, 5000x)")
	smoke := flag.Bool("smoke", false, "run every case once (1 round, 1 iteration) and check no threshold")
	procs := flag.Int("procs", 2, "GOMAXPROCS for the whole run (the parallel budget is stated at 2)")
	quiet := flag.Bool("q", false, "do not print a line per run")
	liveHeap := flag.Int("live-heap", 64, "MiB of live heap for the second run; 0 skips it")
	throttle := flag.Bool("throttle", true, "run the throttling scenario after the cost runs (never in smoke mode)")
	charts := flag.String("charts", "charts", "directory the SVG charts are written to (not in smoke mode); empty: none")
	flag.Parse()
	o := options{rounds: *rounds, benchtime: *benchtime, smoke: *smoke, procs: *procs, quiet: *quiet,
		liveHeapMiB: *liveHeap, throttle: *throttle && !*smoke, charts: *charts}
	if o.smoke {
		o.charts = ""
	}
	os.Exit(run(os.Stdout, os.Stderr, o))
}

// options are the command's flags.
type options struct {
	rounds      int
	benchtime   string
	smoke       bool
	procs       int
	quiet       bool
	liveHeapMiB int
	throttle    bool
	charts      string
}

func run(stdout, stderr io.Writer, o options) int {
	rounds, benchtime, smoke, procs, quiet, liveHeapMiB := o.rounds, o.benchtime, o.smoke, o.procs, o.quiet, o.liveHeapMiB
	if smoke {
		rounds, benchtime = 1, "1x"
	}
	if err := flag.Set("test.benchtime", benchtime); err != nil {
		_, _ = fmt.Fprintf(stderr, "compare: -benchtime %q: %v\n", benchtime, err)
		return 2
	}
	if procs < 1 {
		_, _ = fmt.Fprintf(stderr, "compare: -procs %d: set at least 1\n", procs)
		return 2
	}
	runtime.GOMAXPROCS(procs)
	_, _ = fmt.Fprintf(stdout, "machine: %s, nproc %d, GOMAXPROCS %d, %s %s/%s\n",
		cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	_, _ = fmt.Fprintf(stdout, "rounds %d, benchtime %s per run\n\n", rounds, benchtime)

	if liveHeapMiB < 0 {
		_, _ = fmt.Fprintf(stderr, "compare: -live-heap %d: set 0 or more MiB\n", liveHeapMiB)
		return 2
	}

	env := benchmarks.NewEnv()
	defer env.Close()
	passes := []struct {
		title    string
		liveHeap int
		cases    []benchmarks.Case
		ratios   func([]benchmarks.Result) []benchmarks.Ratio
	}{
		{"## Run 1: the benchmark's own heap", 0, benchmarks.Cases(), benchmarks.Ratios},
	}
	if liveHeapMiB > 0 {
		passes = append(passes, struct {
			title    string
			liveHeap int
			cases    []benchmarks.Case
			ratios   func([]benchmarks.Result) []benchmarks.Ratio
		}{fmt.Sprintf("## Run 2: with a %d MiB live heap", liveHeapMiB), liveHeapMiB << 20, benchmarks.LiveHeapCases(), benchmarks.LiveHeapRatios})
	}
	ok := true
	var costResults []benchmarks.Result
	for i, p := range passes {
		env.SetLiveHeap(p.liveHeap)
		opts := benchmarks.MeasureOptions{Rounds: rounds, Cases: p.cases}
		if i == 0 {
			opts.MutexProfileCase = mutexProfileCase
		}
		if !quiet {
			opts.Progress = stderr
		}
		results, err := env.Measure(context.Background(), opts)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "compare: %v\n", err)
			return 2
		}
		_, _ = fmt.Fprintf(stdout, "%s\n\n", p.title)
		if !benchmarks.WriteReport(stdout, results, p.ratios(results), !smoke) {
			ok = false
		}
		if i == 0 {
			costResults = results
			if !writeLockReport(stdout, !smoke) {
				ok = false
			}
		}
		_, _ = fmt.Fprintln(stdout)
	}
	if o.throttle {
		env.SetLiveHeap(0) // the scenario runs with the process's own heap
		var progress io.Writer
		if !quiet {
			progress = stderr
		}
		points, changing, crun := benchmarks.RunThrottleScenario(context.Background(), false, nil, progress)
		_, _ = fmt.Fprintf(stdout, "## Throttling scenario (as go run ./cmd/throttle)\n\n")
		if !benchmarks.WriteThrottleReport(stdout, points, changing, crun, true) {
			ok = false
		}
		_, _ = fmt.Fprintln(stdout)
		if o.charts != "" {
			if err := writeChart(o.charts, "goodput.svg", func(w io.Writer) error {
				return benchmarks.WriteGoodputChart(w, crun, changingForChart(changing))
			}); err != nil {
				_, _ = fmt.Fprintf(stderr, "compare: %v\n", err)
				return 2
			}
		}
	}
	if o.charts != "" {
		if err := writeChart(o.charts, "cost.svg", func(w io.Writer) error { return benchmarks.WriteCostChart(w, costResults) }); err != nil {
			_, _ = fmt.Fprintf(stderr, "compare: %v\n", err)
			return 2
		}
		_, _ = fmt.Fprintf(stdout, "charts written to %s\n", o.charts)
	}
	if !ok {
		return 1
	}
	return 0
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// mutexProfileCase is the hot path whose lock contention is checked.
const mutexProfileCase = "ours/inmem/parallel"

// writeLockReport prints the contention the mutex profile recorded at locks
// of the client's own code during mutexProfileCase; with thresholds any such
// lock fails.
func writeLockReport(w io.Writer, thresholds bool) bool {
	locks := benchmarks.ClientLockContention()
	result := "not checked (smoke)"
	if thresholds {
		result = "PASS"
		if len(locks) > 0 {
			result = "FAIL"
		}
	}
	_, _ = fmt.Fprintf(w, "\nMutex profile of %s (every contended lock recorded): locks of the client's own code: %d | %s\n",
		mutexProfileCase, len(locks), result)
	for _, l := range locks {
		_, _ = fmt.Fprintf(w, "  - %s\n", l)
	}
	return !thresholds || len(locks) == 0
}

// changingForChart keeps ours adaptive and the best-configured peer.
func changingForChart(rs []benchmarks.ThrottleResult) []benchmarks.ThrottleResult {
	var out []benchmarks.ThrottleResult
	for _, r := range rs {
		if r.Client == benchmarks.OursAdaptive || r.Client == benchmarks.PeerAdaptiveRetry429 {
			out = append(out, r)
		}
	}
	return out
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
