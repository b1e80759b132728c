package benchmarks

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"
	"testing"
)

// Sample is one measurement of a case, per operation.
type Sample struct {
	NsPerOp float64

	// CPUNsPerOp is the process's CPU time (user + system, all threads,
	// the loopback server and the GC included) per call, over every run
	// testing.Benchmark made. Unlike NsPerOp it barely moves when other
	// processes take the CPU. 0 when not measured.
	CPUNsPerOp float64

	AllocsPerOp float64
	BytesPerOp  float64
}

// Result is every sample of one case.
type Result struct {
	Case    Case
	Samples []Sample
}

// Median returns the median of each metric separately (the mean of the two
// middle values for an even count); the zero Sample when there are none.
func (r Result) Median() Sample {
	return Sample{
		NsPerOp:     median(r.Samples, func(s Sample) float64 { return s.NsPerOp }),
		CPUNsPerOp:  median(r.Samples, func(s Sample) float64 { return s.CPUNsPerOp }),
		AllocsPerOp: median(r.Samples, func(s Sample) float64 { return s.AllocsPerOp }),
		BytesPerOp:  median(r.Samples, func(s Sample) float64 { return s.BytesPerOp }),
	}
}

// Spread returns the lowest and highest ns/op of the samples.
func (r Result) Spread() (lo, hi float64) {
	for i, s := range r.Samples {
		if i == 0 || s.NsPerOp < lo {
			lo = s.NsPerOp
		}
		if s.NsPerOp > hi {
			hi = s.NsPerOp
		}
	}
	return lo, hi
}

func median(ss []Sample, metric func(Sample) float64) float64 {
	if len(ss) == 0 {
		return 0
	}
	v := make([]float64, len(ss))
	for i, s := range ss {
		v[i] = metric(s)
	}
	sort.Float64s(v)
	m := len(v) / 2
	if len(v)%2 == 1 {
		return v[m]
	}
	return (v[m-1] + v[m]) / 2
}

// MeasureOptions configure [Measure].
type MeasureOptions struct {
	// Rounds is how many times every case runs; at least 1.
	Rounds int

	// Cases run in this order in round 0; each later round starts one case
	// further on, so no case always follows the same neighbour.
	Cases []Case

	// Progress, when set, receives one line per benchmark run.
	Progress io.Writer

	// MutexProfileCase names a case (Case.Name) during whose runs the
	// runtime records every contended lock; ClientLockContention reads them
	// afterwards. Empty: no mutex profiling.
	MutexProfileCase string
}

// Measure first makes one checked call of every case (so a broken client
// fails with its own error), then runs Rounds interleaved rounds of
// testing.Benchmark over the cases. The length of each run follows the
// -test.benchtime flag (testing.Init must have run in a main program).
func (e *Env) Measure(ctx context.Context, o MeasureOptions) ([]Result, error) {
	if o.Rounds < 1 {
		return nil, fmt.Errorf("MeasureOptions.Rounds is %d: set at least 1", o.Rounds)
	}
	if len(o.Cases) == 0 {
		return nil, fmt.Errorf("MeasureOptions.Cases is empty: pass Cases() or a subset")
	}
	for _, c := range o.Cases {
		if err := e.check(ctx, c); err != nil {
			return nil, err
		}
	}
	results := make([]Result, len(o.Cases))
	for i, c := range o.Cases {
		results[i].Case = c
	}
	for round := 0; round < o.Rounds; round++ {
		for k := range o.Cases {
			i := (k + round) % len(o.Cases)
			c := o.Cases[i]
			calls := 0 // every call of every run, warm-up calls included
			cpu0 := processCPUTime()
			profile := o.MutexProfileCase != "" && c.Name() == o.MutexProfileCase
			if profile {
				runtime.SetMutexProfileFraction(1)
			}
			r := testing.Benchmark(func(b *testing.B) { calls += b.N + 1; e.Run(b, c) })
			if profile {
				runtime.SetMutexProfileFraction(0)
			}
			cpu := processCPUTime() - cpu0
			if r.N == 0 {
				return nil, fmt.Errorf("%s: benchmark failed in round %d (a call returned an error)", c.Name(), round+1)
			}
			s := Sample{
				NsPerOp:     float64(r.T.Nanoseconds()) / float64(r.N),
				AllocsPerOp: float64(r.MemAllocs) / float64(r.N),
				BytesPerOp:  float64(r.MemBytes) / float64(r.N),
			}
			if cpu0 != 0 && calls > 0 {
				s.CPUNsPerOp = float64(cpu.Nanoseconds()) / float64(calls)
			}
			results[i].Samples = append(results[i].Samples, s)
			if o.Progress != nil {
				_, _ = fmt.Fprintf(o.Progress, "round %d/%d %-30s %10.0f ns/op %10.0f cpu-ns/op %6.1f allocs/op %8.0f B/op (N=%d)\n",
					round+1, o.Rounds, c.Name(), s.NsPerOp, s.CPUNsPerOp, s.AllocsPerOp, s.BytesPerOp, r.N)
			}
		}
	}
	return results, nil
}

// check makes one call of c and returns its error, naming the case.
func (e *Env) check(ctx context.Context, c Case) error {
	fn, cleanup, err := e.newCall(c)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := fn(ctx); err != nil {
		return fmt.Errorf("%s: %w", c.Name(), err)
	}
	return nil
}
