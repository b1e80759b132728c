// Command scale measures the local emulator (cmd/chime-messaging-local) at
// 1,000, 100,000 and 1,000,000 memberships: durable PUTs per second at 1
// and 32 concurrent clients with their p50 and p99, start-up time,
// resident memory and the state store's size on disk, with the in-memory
// emulator (no -state) measured in the same run as the reference.
//
// Usage (from the benchmarks directory):
//
//	go run ./cmd/scale                 # 1k, 100k and 1M; targets checked
//	go run ./cmd/scale -smoke          # 1k, a second a point, no targets (CI)
//	go run ./cmd/scale -sizes 1000,100000 -duration 10s
//
// It builds the emulator from this checkout (or runs -bin), seeds each
// size from a generated seed file (100 members a channel, each user in 10
// channels), and writes preferences of memberships spread over the whole
// state through this module's client, each as its member. The targets, at
// the largest size measured: durable PUTs/s at 32 clients ≥ 0.5 × the
// in-memory emulator's; durable p50 at 1 client ≤ 1.5 × its p50 at the
// smallest size; its start-up < 5 s and resident memory < 1 GB (the
// in-memory one starts from the seed, a reference). It exits 1 when
// one is missed (never with -smoke) and 2 when it cannot run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Targets of the issue (the emulator at production scale).
const (
	targetThroughputRatio = 0.5 // durable PUTs/s at 32 clients over in-memory
	targetP50Ratio        = 1.5 // durable p50 at 1 client, largest over smallest size
	targetStartup         = 5 * time.Second
	targetRSS             = 1 << 30
)

func main() {
	smoke := flag.Bool("smoke", false, "1,000 memberships, a short load, no targets (CI)")
	sizes := flag.String("sizes", "1000,100000,1000000", "comma-separated membership counts")
	duration := flag.Duration("duration", 8*time.Second, "load time of each point (clients × mode × size)")
	bin := flag.String("bin", "", "emulator binary to run (default: build ../cmd/chime-messaging-local of this checkout)")
	work := flag.String("work", "", "directory for seed files and stores (default: a temporary directory, removed after)")
	flag.Parse()
	if *smoke {
		*sizes, *duration = "1000", time.Second
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < perChannel {
			fmt.Fprintf(os.Stderr, "scale: -sizes: %q is not a count of at least %d memberships\n", s, perChannel)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	code, err := run(context.Background(), ns, *duration, *bin, *work, *smoke)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
	}
	os.Exit(code)
}

func run(ctx context.Context, sizes []int, duration time.Duration, bin, work string, smoke bool) (int, error) {
	if work == "" {
		dir, err := os.MkdirTemp("", "chime-scale-")
		if err != nil {
			return 2, err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	if bin == "" {
		bin = filepath.Join(work, "chime-messaging-local")
		if err := buildEmulator(ctx, bin); err != nil {
			return 2, err
		}
	}
	var results []result
	for _, n := range sizes {
		rs, err := measureSize(ctx, bin, work, n, duration)
		if err != nil {
			return 2, fmt.Errorf("%d memberships: %w", n, err)
		}
		results = append(results, rs...)
	}
	printTable(os.Stdout, results)
	if smoke {
		return 0, nil
	}
	misses := checkTargets(results)
	for _, m := range misses {
		fmt.Println("target missed:", m)
	}
	if len(misses) > 0 {
		return 1, nil
	}
	fmt.Println("every target met")
	return 0, nil
}
