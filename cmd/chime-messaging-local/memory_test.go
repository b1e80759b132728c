package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// urlWriter takes the emulator's log and reports the listening URL; it
// keeps nothing else.
type urlWriter struct {
	once sync.Once
	url  chan string
	re   *regexp.Regexp
}

func (w *urlWriter) Write(p []byte) (int, error) {
	if m := w.re.FindSubmatch(p); m != nil {
		w.once.Do(func() { w.url <- string(m[1]) })
	}
	return len(p), nil
}

// TestUnsignedHeaderFloodKeepsEmulatorMemoryBounded runs the emulator in
// this process and floods it with unsigned requests whose headers are just
// under 64 KiB, and with some over it, then checks with runtime.ReadMemStats
// that the live heap grew by a small fraction of what arrived.
func TestUnsignedHeaderFloodKeepsEmulatorMemoryBounded(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	lw := &urlWriter{url: make(chan string, 1), re: listeningURL}
	exited := make(chan int, 1)
	go func() { exited <- run(ctx, []string{"-addr", "127.0.0.1:0"}, lw, func(string) string { return "" }) }()
	defer func() {
		cancel()
		select {
		case code := <-exited:
			assert.Equal(t, exitOK, code)
		case <-time.After(startTimeout):
			t.Error("emulator did not stop")
		}
	}()
	var base string
	select {
	case base = <-lw.url:
	case <-time.After(startTimeout):
		t.Fatal("emulator did not start")
	}

	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	send := func(header string) (int, error) {
		req, err := http.NewRequest(http.MethodGet, base+"/channels/c/memberships/m/preferences", nil)
		require.NoError(t, err)
		req.Header.Set("X-Flood", header)
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode, nil
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}

	const requests = 300
	pad := strings.Repeat("h", chimesdkmessagingtest.MaxHeaderBytes-2048)
	_, err := send("warm-up")
	require.NoError(t, err)
	before := heap()
	for range requests {
		status, err := send(pad)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, status, "unsigned: MissingAuthenticationTokenException")
	}
	big := strings.Repeat("H", 1<<20)
	for range 5 {
		// Go answers 431 while the client is still sending, so the client
		// may see the answer or a reset connection.
		if status, err := send(big); err == nil {
			require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, status)
		}
	}
	after := heap()
	arrived := uint64(requests*len(pad) + 5*len(big))
	grown := int64(after) - int64(before)
	t.Logf("%d KiB of headers arrived; live heap grew by %d KiB", arrived>>10, grown>>10)
	// Keeping the headers, as before, grew it by about what arrived; a
	// sixth leaves room for buffers and the collector's timing.
	assert.Less(t, grown, int64(arrived/6), "the emulator keeps a small fraction of what arrived")
}
