package benchmarks

import (
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"
)

// The control cases measure the machine, not a client: how well plain
// allocation and plain computation scale from one goroutine to
// GOMAXPROCS goroutines. They tell a scaling limit of the Go runtime on the
// machine apart from one in the client's code.
const (
	// AllocOnly allocates, per call, allocOnlyCount heap objects of
	// allocOnlySize bytes and does nothing else: about the allocation
	// profile of one call of ours (35 allocations, 4.7 KB).
	AllocOnly Client = "alloc-only"

	// CPUOnly hashes cpuOnlyBytes with SHA-256 per call and allocates
	// nothing.
	CPUOnly Client = "cpu-only"

	// AllocAndHash does both per call: the allocations of AllocOnly and
	// the hashing of allocAndHashBytes. It has about the allocations and
	// the duration of one call of ours, so about its allocation rate, and
	// shares nothing between goroutines: the scaling a client with ours'
	// allocation profile could reach on the machine without a single lock.
	AllocAndHash Client = "alloc+hash"

	// None is the transport of the control cases: they send nothing.
	None Transport = "none"
)

const (
	allocOnlyCount = 35
	allocOnlySize  = 128
	cpuOnlyBytes   = 4096

	allocAndHashBytes = 8192
)

// allocObject returns a new heap object; noinline keeps the compiler from
// proving it does not escape and putting it on the stack.
//
//go:noinline
func allocObject() *[allocOnlySize]byte { return new([allocOnlySize]byte) }

func newAllocOnlyCall() call {
	return func(context.Context) error {
		var objs [allocOnlyCount]*[allocOnlySize]byte
		for i := range objs {
			objs[i] = allocObject()
			objs[i][0] = byte(i)
		}
		for i, o := range objs {
			if o[0] != byte(i) {
				return fmt.Errorf("alloc-only: object %d lost its contents", i)
			}
		}
		return nil
	}
}

func newAllocAndHashCall() call {
	alloc := newAllocOnlyCall()
	return func(ctx context.Context) error {
		if err := alloc(ctx); err != nil {
			return err
		}
		var buf [allocAndHashBytes]byte
		if sha256.Sum256(buf[:]) == ([sha256.Size]byte{}) {
			return fmt.Errorf("alloc+hash: zero hash")
		}
		return nil
	}
}

func newCPUOnlyCall() call {
	return func(context.Context) error {
		var buf [cpuOnlyBytes]byte
		sum := sha256.Sum256(buf[:])
		if sum == ([sha256.Size]byte{}) {
			return fmt.Errorf("cpu-only: zero hash")
		}
		return nil
	}
}

// LiveHeapBytes returns the size of the live heap SetLiveHeap keeps.
func (e *Env) LiveHeapBytes() int { return len(e.liveHeap) }

// SetLiveHeap keeps n bytes of pointer-free memory reachable until the next
// SetLiveHeap or Close, then runs a GC so the pacer sees it. A benchmark
// process's own heap is a few megabytes, so its GC runs every few
// megabytes allocated; a service has a live heap of tens or hundreds of
// megabytes, which makes GC cycles that much rarer. The memory is never
// written and holds no pointers, so it costs no marking and usually no page
// faults (the runtime clears it only when it reuses freed memory), only
// pacing.
func (e *Env) SetLiveHeap(n int) {
	e.liveHeap = nil
	if n > 0 {
		e.liveHeap = make([]byte, n)
	}
	runtime.GC()
}
