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
//
// It runs twice: every case with the benchmark process's own heap (a few
// megabytes), then the in-memory and scaling cases again while a live heap
// of -live-heap MiB is kept, as in a service (see Env.SetLiveHeap). Both
// runs print their tables and check their budgets.
//
// It exits 1 when a budget ratio fails (never in smoke mode) and 2 when a
// case cannot run.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
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
	flag.Parse()
	os.Exit(run(os.Stdout, os.Stderr, *rounds, *benchtime, *smoke, *procs, *quiet, *liveHeap))
}

func run(stdout, stderr io.Writer, rounds int, benchtime string, smoke bool, procs int, quiet bool, liveHeapMiB int) int {
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
	for _, p := range passes {
		env.SetLiveHeap(p.liveHeap)
		opts := benchmarks.MeasureOptions{Rounds: rounds, Cases: p.cases}
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
		_, _ = fmt.Fprintln(stdout)
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
