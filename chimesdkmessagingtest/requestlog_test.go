package chimesdkmessagingtest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnsignedRequestsKeepSizesOnly(t *testing.T) {
	f := setup(t)
	r := f.put(f.member, f.member, filteredBody)
	r.unsigned = true
	r.path = prefsPath(f.ch, f.member) + strings.Repeat("x", 2*MaxLoggedUnsignedPath)
	r.mutate = func(req *http.Request) { req.Header.Set("X-Padding", strings.Repeat("p", 5000)) }
	resp, _ := f.do(t, r)
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

	bad := f.put(f.member, f.member, filteredBody)
	bad.mutate = func(req *http.Request) {
		req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "Signature=", "Signature=0", 1))
	}
	resp, _ = f.do(t, bad)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)

	log := f.srv.Requests()
	require.Len(t, log, 2)
	for _, e := range log {
		assert.False(t, e.Signed)
		assert.NotContains(t, e.Header, "X-Padding", "no header contents before the signature verifies")
		assert.NotContains(t, e.Header, "Authorization")
		assert.NotContains(t, e.Header, "X-Amz-Chime-Bearer")
		assert.Nil(t, e.Body, "no body contents before the signature verifies")
		assert.Equal(t, len(filteredBody), e.BodyBytes)
		assert.Equal(t, http.MethodPut, e.Method)
	}
	assert.Len(t, log[0].Path, MaxLoggedUnsignedPath+len("..."))
	assert.True(t, strings.HasSuffix(log[0].Path, "..."))
	assert.Greater(t, log[0].HeaderBytes, 5000, "the size of what arrived is kept")
	assert.Equal(t, prefsPath(f.ch, f.member), log[1].Path)
	assert.Len(t, log[1].Header.Get("X-Amz-Date"), len("20060102T150405Z"), "the request time is kept, to tell why a signature expired")
	assert.Len(t, log[1].Header, 1)
}

func TestRequestLogByteBudget(t *testing.T) {
	svc := NewService()
	body := bytes.Repeat([]byte("b"), 1<<20)
	const n = 3 * MaxLoggedBytes / (1 << 20)
	for i := range n {
		r := httptest.NewRequest(http.MethodPut, "/p", nil)
		e := svc.logArrival(r, "id-"+string(rune('a'+i%26)))
		svc.logContents(e, r, body) // as if its signature had verified
		svc.ctlMu.Lock()
		total := 0
		for _, e := range svc.log {
			total += e.size
		}
		assert.Equal(t, total, svc.logBytes, "the count matches the entries")
		assert.LessOrEqual(t, svc.logBytes, MaxLoggedBytes, "after %d requests", i+1)
		svc.ctlMu.Unlock()
	}
	log := svc.Requests()
	assert.Less(t, len(log), n, "the oldest were dropped")
	assert.Greater(t, len(log), MaxLoggedBytes/(1<<20)-2, "as few as needed were dropped")

	// A single request larger than the budget is kept alone.
	r := httptest.NewRequest(http.MethodPut, "/p", nil)
	e := svc.logArrival(r, "huge")
	svc.logContents(e, r, make([]byte, MaxLoggedBytes+1))
	log = svc.Requests()
	require.Len(t, log, 1)
	assert.Equal(t, "huge", log[0].RequestID)

	svc.ResetRequests()
	assert.Empty(t, svc.Requests())
	svc.logDone(e, 200, "") // an entry updated after it left the log is not counted
	svc.ctlMu.Lock()
	assert.Zero(t, svc.logBytes)
	svc.ctlMu.Unlock()
}

// TestUnsignedHeaderFloodKeepsMemoryBounded sends unsigned requests with
// headers just under MaxHeaderBytes, and a few over it, and checks that
// the live heap grows by far less than what arrived: before the signature
// verifies, only sizes, the method and the head of the path are kept.
func TestUnsignedHeaderFloodKeepsMemoryBounded(t *testing.T) {
	srv := NewServer()
	t.Cleanup(srv.Close)
	hc := srv.HTTPClient()
	const requests = 300
	pad := strings.Repeat("h", MaxHeaderBytes-2048)

	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	send := func(header string) int {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/channels/c/memberships/m/preferences", nil)
		require.NoError(t, err)
		req.Header.Set("X-Flood", header)
		resp, err := hc.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	send("warm-up")
	srv.ResetRequests()
	before := heap()
	for range requests {
		require.Equal(t, http.StatusForbidden, send(pad), "unsigned: MissingAuthenticationToken")
	}
	for range 5 {
		require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, send(pad+pad))
	}
	after := heap()

	log := srv.Requests()
	require.Len(t, log, requests, "over-large headers never reach the service")
	for _, e := range log {
		require.Empty(t, e.Header.Get("X-Flood"))
		require.Greater(t, e.HeaderBytes, len(pad))
	}
	arrived := uint64(requests * len(pad))
	grown := int64(after) - int64(before)
	t.Logf("%d KiB of headers arrived; live heap grew by %d KiB", arrived>>10, grown>>10)
	// Keeping the headers, as before, grew it by about what arrived; a
	// sixth leaves room for buffers and the collector's timing.
	assert.Less(t, grown, int64(arrived/6), "the log keeps a small fraction of what arrived")
	runtime.KeepAlive(log)
}
