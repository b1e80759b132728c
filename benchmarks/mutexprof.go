package benchmarks

import (
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
)

// clientModule is the import path of the measured client's module; its
// benchmarks module (this one) is not the client.
const clientModule = "github.com/chimekit/chimesdkmessaging"

// LockContention is contention the runtime's mutex profile recorded at one
// lock, named by the function that released it.
type LockContention struct {
	Function string
	Events   int64
	Delay    time.Duration
}

// String is "function: N events, D".
func (c LockContention) String() string {
	return fmt.Sprintf("%s: %d events, %s", c.Function, c.Events, c.Delay)
}

// ClientLockContention returns the contention the mutex profile holds at
// locks of the client's own code: sync.Mutex and sync.RWMutex contention
// whose releasing function is in the client module. The profile only holds
// what happened while runtime.SetMutexProfileFraction was above 0 (see
// MeasureOptions.MutexProfileCase).
func ClientLockContention() []LockContention {
	n, _ := runtime.MutexProfile(nil)
	records := make([]runtime.BlockProfileRecord, n+16)
	n, ok := runtime.MutexProfile(records)
	if !ok {
		return []LockContention{{Function: "(mutex profile grew while being read)"}}
	}
	perNs := cyclesPerNanosecond()
	byFunc := map[string]*LockContention{}
	for _, r := range records[:n] {
		fn := lockHolder(r.Stack())
		if !isClientFunction(fn) {
			continue
		}
		c := byFunc[fn]
		if c == nil {
			c = &LockContention{Function: fn}
			byFunc[fn] = c
		}
		c.Events += r.Count
		c.Delay += time.Duration(float64(r.Cycles) / perNs)
	}
	var out []LockContention
	for _, c := range byFunc {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b LockContention) int { return strings.Compare(a.Function, b.Function) })
	return out
}

// lockHolder is, for contention at a sync.Mutex or sync.RWMutex, the
// function that released it: the code whose lock it was. It gives "" for
// locks that belong to the standard library or the runtime: those of package
// sync itself (sync.Pool's, taken after a collection), and the runtime's own
// (the allocator's, the scheduler's), recorded with runtime frames on top —
// none of them is a lock of the client's even when its code was running.
func lockHolder(stack []uintptr) string {
	var funcs []string
	frames := runtime.CallersFrames(stack)
	for {
		f, more := frames.Next()
		funcs = append(funcs, f.Function)
		if !more {
			return lockOwner(funcs)
		}
	}
}

// lockOwner is lockHolder on the function names of a stack, innermost first.
func lockOwner(funcs []string) string {
	for i, fn := range funcs {
		if isLockMethod(fn) {
			continue
		}
		if i == 0 || strings.HasPrefix(fn, "sync.") || strings.HasPrefix(fn, "internal/") || strings.HasPrefix(fn, "runtime.") {
			return ""
		}
		return fn
	}
	return ""
}

// isLockMethod reports the methods of sync.Mutex and sync.RWMutex (and the
// internal mutex behind them).
func isLockMethod(fn string) bool {
	for _, p := range []string{"sync.(*Mutex).", "sync.(*RWMutex).", "internal/sync.(*Mutex)."} {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

func isClientFunction(fn string) bool {
	rest, ok := strings.CutPrefix(fn, clientModule)
	if !ok || (rest != "" && rest[0] != '.' && rest[0] != '/') {
		return false
	}
	return !strings.HasPrefix(rest, "/benchmarks")
}

// cyclesPerNanosecond converts the profile's delay (CPU ticks) to time,
// with the rate the runtime reports in the text form of the profile; 1 when
// it cannot be read.
func cyclesPerNanosecond() float64 {
	var sb strings.Builder
	if p := pprof.Lookup("mutex"); p != nil && p.WriteTo(&sb, 1) == nil {
		for _, line := range strings.Split(sb.String(), "\n") {
			if v, ok := strings.CutPrefix(line, "cycles/second="); ok {
				if hz, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && hz > 0 {
					return hz / 1e9
				}
			}
		}
	}
	return 1
}
