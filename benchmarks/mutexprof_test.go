package benchmarks

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsClientFunction(t *testing.T) {
	for fn, want := range map[string]bool{
		"github.com/chimekit/chimesdkmessaging.(*Client).invoke":                     true,
		"github.com/chimekit/chimesdkmessaging/internal/retry.(*rateLimiter).wait":   true,
		"github.com/chimekit/chimesdkmessaging/benchmarks.(*memTransport).RoundTrip": false,
		"github.com/chimekit/chimesdkmessagingx.f":                                   false,
		"net/http.(*Transport).getConn":                                              false,
	} {
		assert.Equal(t, want, isClientFunction(fn), fn)
	}
}

// contend makes goroutines fight over one mutex of this (test) package.
func contend() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2000 {
				mu.Lock()
				runtime.Gosched()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func TestLockHolderNamesTheCodeThatHeldTheLock(t *testing.T) {
	runtime.SetMutexProfileFraction(1)
	contend()
	runtime.SetMutexProfileFraction(0)
	n, _ := runtime.MutexProfile(nil)
	records := make([]runtime.BlockProfileRecord, n+16)
	n, _ = runtime.MutexProfile(records)
	found := false
	for _, r := range records[:n] {
		if lockHolder(r.Stack()) == "github.com/chimekit/chimesdkmessaging/benchmarks.contend.func1" {
			found = true
		}
	}
	assert.True(t, found, "the contended lock is attributed to contend's goroutine")
	assert.Empty(t, ClientLockContention(), "a lock of the benchmarks module is not the client's")
}

func TestLockHolderSkipsRuntimeLocks(t *testing.T) {
	pc := make([]uintptr, 8)
	n := runtime.Callers(1, pc) // starts in this test function, not in sync
	assert.Empty(t, lockHolder(pc[:n]))
}

func TestLockOwner(t *testing.T) {
	for _, tt := range []struct {
		stack []string
		want  string
	}{
		{[]string{"sync.(*Mutex).Unlock", "example.com/x.(*cache).get", "runtime.goexit"}, "example.com/x.(*cache).get"},
		{[]string{"sync.(*Mutex).Unlock", "sync.(*RWMutex).Unlock", "example.com/x.f"}, "example.com/x.f"},
		{[]string{"sync.(*Mutex).Unlock", "sync.(*Pool).pinSlow", "sync.(*Pool).pin", "sync.(*Pool).Put", "example.com/x.f"}, ""},
		{[]string{"runtime.unlock", "runtime.mProf_PostSweep", "runtime.GC", "example.com/x.f"}, ""},
		{[]string{"example.com/x.f"}, ""},
		{nil, ""},
	} {
		assert.Equal(t, tt.want, lockOwner(tt.stack), "%v", tt.stack)
	}
}
