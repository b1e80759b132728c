// Command compare runs every benchmark case of the benchmarks module in
// interleaved rounds and prints the medians, the ratios and whether the
// performance budget holds.
//
// Usage (from the benchmarks directory):
//
//	go run ./cmd/compare                 # 7 rounds of 1s per case, budget checked
//	go run ./cmd/compare -rounds 3 -benchtime 300ms
//	go run ./cmd/compare -smoke          # every case once, no thresholds (CI)
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
	flag.Parse()
	os.Exit(run(os.Stdout, os.Stderr, *rounds, *benchtime, *smoke, *procs, *quiet))
}

func run(stdout, stderr io.Writer, rounds int, benchtime string, smoke bool, procs int, quiet bool) int {
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

	env := benchmarks.NewEnv()
	defer env.Close()
	opts := benchmarks.MeasureOptions{Rounds: rounds, Cases: benchmarks.Cases()}
	if !quiet {
		opts.Progress = stderr
	}
	results, err := env.Measure(context.Background(), opts)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "compare: %v\n", err)
		return 2
	}
	if !benchmarks.WriteReport(stdout, results, !smoke) {
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
