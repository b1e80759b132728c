package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Client counts measured at each point.
var clientCounts = []int{1, 32}

// result is one emulator (in memory or durable) at one size.
type result struct {
	n         int
	durable   bool
	startup   time.Duration
	cpu       time.Duration // CPU time of the start-up
	rss, peak int64         // after the loads
	stateSize int64         // bytes on disk (durable)
	loads     map[int]loadResult
}

func (r result) mode() string {
	if r.durable {
		return "durable (-state)"
	}
	return "in memory"
}

// measureSize measures the in-memory emulator, then the durable one, at
// n memberships. The durable one is started once with -seed to create its
// store (not measured), then started again from the store and measured.
func measureSize(ctx context.Context, bin, work string, n int, d time.Duration) ([]result, error) {
	l := newLayout(n)
	seed := filepath.Join(work, fmt.Sprintf("seed-%d.json", n))
	if err := l.writeSeed(seed); err != nil {
		return nil, err
	}
	state := filepath.Join(work, fmt.Sprintf("state-%d.db", n))
	_ = os.Remove(state)
	first, err := startEmulator(bin, "-seed", seed, "-state", state)
	if err != nil {
		return nil, err
	}
	if err := first.stop(); err != nil {
		return nil, err
	}
	var out []result
	for _, durable := range []bool{false, true} {
		args := []string{"-seed", seed}
		if durable {
			args = []string{"-state", state}
		}
		e, err := startEmulator(bin, args...)
		if err != nil {
			return nil, err
		}
		r := result{n: n, durable: durable, startup: e.startup, cpu: e.startupCPU, loads: map[int]loadResult{}}
		for round, clients := range clientCounts {
			lr, err := putLoad(ctx, e.url, l, clients, d, round)
			if err != nil {
				_ = e.stop()
				return nil, fmt.Errorf("%s, %d clients: %w", r.mode(), clients, err)
			}
			r.loads[clients] = lr
		}
		if r.rss, r.peak, err = e.rss(); err != nil {
			_ = e.stop()
			return nil, err
		}
		if err := e.stop(); err != nil {
			return nil, err
		}
		if durable {
			info, err := os.Stat(state)
			if err != nil {
				return nil, err
			}
			r.stateSize = info.Size()
		}
		fmt.Fprintf(os.Stderr, "scale: %d memberships, %s measured\n", n, r.mode())
		out = append(out, r)
	}
	return out, nil
}

// printTable prints the results as a Markdown table.
func printTable(w io.Writer, results []result) {
	fmt.Fprintln(w, "| memberships | emulator | start-up (CPU) | RSS (peak) | state on disk | PUTs/s 1 client | p50 / p99 | PUTs/s 32 clients | p50 / p99 |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		size := "—"
		if r.durable {
			size = mib(r.stateSize)
		}
		one, many := r.loads[1], r.loads[32]
		fmt.Fprintf(w, "| %s | %s | %.2f s (%.2f s) | %s (%s) | %s | %.0f | %s / %s | %.0f | %s / %s |\n",
			thousands(r.n), r.mode(), r.startup.Seconds(), r.cpu.Seconds(), mib(r.rss), mib(r.peak), size,
			one.perSec, ms(one.p50), ms(one.p99), many.perSec, ms(many.p50), ms(many.p99))
	}
}

// checkTargets returns the targets the largest size missed.
func checkTargets(results []result) []string {
	byKey := map[string]result{}
	small, large := results[0].n, results[0].n
	for _, r := range results {
		byKey[fmt.Sprint(r.n, r.durable)] = r
		small, large = min(small, r.n), max(large, r.n)
	}
	mem, dur, dur0 := byKey[fmt.Sprint(large, false)], byKey[fmt.Sprint(large, true)], byKey[fmt.Sprint(small, true)]
	var misses []string
	if ratio := dur.loads[32].perSec / mem.loads[32].perSec; ratio < targetThroughputRatio {
		misses = append(misses, fmt.Sprintf("at %s memberships durable PUTs/s at 32 clients is %.2f × in memory (%.0f / %.0f); the target is ≥ %.1f",
			thousands(large), ratio, dur.loads[32].perSec, mem.loads[32].perSec, targetThroughputRatio))
	}
	if ratio := float64(dur.loads[1].p50) / float64(dur0.loads[1].p50); ratio > targetP50Ratio {
		misses = append(misses, fmt.Sprintf("durable p50 at 1 client is %.2f × at %s memberships what it is at %s (%s / %s); the target is ≤ %.1f",
			ratio, thousands(large), thousands(small), ms(dur.loads[1].p50), ms(dur0.loads[1].p50), targetP50Ratio))
	}
	// The start-up and memory targets are the durable emulator's; the
	// in-memory one starts from the seed file and is the reference.
	if dur.startup >= targetStartup {
		misses = append(misses, fmt.Sprintf("durable start-up at %s memberships took %.2f s (%.2f s of CPU); the target is < %v",
			thousands(large), dur.startup.Seconds(), dur.cpu.Seconds(), targetStartup))
	}
	if dur.peak >= targetRSS {
		misses = append(misses, fmt.Sprintf("durable peak RSS at %s memberships is %s; the target is < 1 GiB", thousands(large), mib(dur.peak)))
	}
	return misses
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// thousands prints n with thousands separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
