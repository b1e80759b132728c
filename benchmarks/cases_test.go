package benchmarks

import (
	"context"
	"flag"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seen is a request as a transport or the server saw it.
type seen struct {
	method, path, auth, bearer, contentType string
	body                                    string
}

type recorder struct {
	mu   sync.Mutex
	reqs []seen
}

func (rc *recorder) inspect(r *http.Request) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.reqs = append(rc.reqs, seen{
		method: r.Method, path: r.URL.EscapedPath(), auth: r.Header.Get("Authorization"),
		bearer: r.Header.Get("X-Amz-Chime-Bearer"), contentType: r.Header.Get("Content-Type"), body: string(body),
	})
}

func (rc *recorder) all() []seen {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]seen(nil), rc.reqs...)
}

const (
	wantPreferencesPath = "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fchannel%2Faaaabbbbccccdddd" +
		"/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fuser%2Fuser-1/preferences"
	wantRoomPath        = "/accounts/" + accountID + "/rooms/" + roomID + "/memberships/" + memberID
	wantPreferencesBody = `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}}`
	wantCredentialScope = "Credential=" + accessKeyID + "/"
)

func TestEveryCaseSendsItsRequestAndDecodesTheResponse(t *testing.T) {
	tests := []struct {
		client Client
		method string
		path   string
		body   string
		signed bool
		bearer string
	}{
		{client: Ours, method: http.MethodPut, path: wantPreferencesPath, body: wantPreferencesBody, signed: true, bearer: memberArn},
		{client: Peer, method: http.MethodPost, path: wantRoomPath, body: `{"Role":"Administrator"}`, signed: true},
		{client: HandSigned, method: http.MethodPut, path: wantPreferencesPath, body: wantPreferencesBody, signed: true, bearer: memberArn},
		{client: HandUnsigned, method: http.MethodPut, path: wantPreferencesPath, body: wantPreferencesBody, bearer: memberArn},
		{client: TransportOnly, method: http.MethodPut, path: wantPreferencesPath},
	}
	for _, transport := range []Transport{InMemory, Loopback} {
		for _, tt := range tests {
			c := Case{Client: tt.client, Transport: transport}
			t.Run(c.Name(), func(t *testing.T) {
				rec := &recorder{}
				env := newEnv(rec.inspect)
				defer env.Close()
				require.NoError(t, env.check(context.Background(), c))
				reqs := rec.all()
				require.Len(t, reqs, 1, "one call, no retry")
				got := reqs[0]
				assert.Equal(t, tt.method, got.method)
				assert.Equal(t, tt.path, got.path)
				if tt.body == "" {
					assert.Empty(t, got.body)
				} else {
					assert.JSONEq(t, tt.body, got.body)
				}
				assert.Equal(t, tt.bearer, got.bearer)
				if tt.signed {
					assert.True(t, strings.HasPrefix(got.auth, "AWS4-HMAC-SHA256 "+wantCredentialScope), got.auth)
					assert.Contains(t, got.auth, "/us-east-1/chime/aws4_request")
				} else {
					assert.Empty(t, got.auth)
				}
			})
		}
	}
}

func TestRunFailsWhenTheClientBreaks(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	require.NotNil(t, bt)
	old := bt.Value.String()
	require.NoError(t, bt.Value.Set("5x"))
	t.Cleanup(func() { _ = bt.Value.Set(old) })

	// A server answering 500 makes every client's call fail; the
	// benchmark must then fail rather than measure error paths.
	env := NewEnv()
	env.server.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
	})
	defer env.Close()
	for _, cl := range []Client{Ours, Peer, HandSigned, HandUnsigned, TransportOnly} {
		c := Case{Client: cl, Transport: Loopback}
		t.Run(c.Name(), func(t *testing.T) {
			assert.Error(t, env.check(context.Background(), c))
			r := testing.Benchmark(func(b *testing.B) { env.Run(b, c) })
			assert.Zero(t, r.N, "a failing benchmark reports no result")
		})
	}
}

func TestMemTransportDrainsAndClosesTheRequestBody(t *testing.T) {
	body := &closeRecorder{Reader: strings.NewReader("0123456789")}
	req, err := http.NewRequest(http.MethodPut, "https://example.com/channels/x", body)
	require.NoError(t, err)
	resp, err := newMemTransport(nil).RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, 0, body.Len(), "body drained")
	assert.True(t, body.closed, "body closed")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEmpty(t, resp.Header.Get("Date"))
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, preferencesResponse, string(got))
	assert.Equal(t, int64(len(got)), resp.ContentLength)
}

type closeRecorder struct {
	*strings.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestCaseNamesAreUnique(t *testing.T) {
	names := map[string]bool{}
	for _, c := range Cases() {
		assert.False(t, names[c.Name()], "duplicate %s", c.Name())
		names[c.Name()] = true
	}
	for _, r := range Ratios(nil) {
		assert.True(t, r.Missing, "%s without results", r.Name)
	}
}

// TestControlsCostWhatTheyClaim checks the allocation profile of the
// controls: alloc-only makes allocOnlyCount heap allocations per call and
// cpu-only none.
func TestControlsCostWhatTheyClaim(t *testing.T) {
	ctx := context.Background()
	allocOnly, cpuOnly, allocAndHash := newAllocOnlyCall(), newCPUOnlyCall(), newAllocAndHashCall()
	require.NoError(t, allocOnly(ctx))
	require.NoError(t, cpuOnly(ctx))
	require.NoError(t, allocAndHash(ctx))
	assert.Equal(t, float64(allocOnlyCount), testing.AllocsPerRun(100, func() { _ = allocOnly(ctx) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = cpuOnly(ctx) }))
	assert.Equal(t, float64(allocOnlyCount), testing.AllocsPerRun(100, func() { _ = allocAndHash(ctx) }))

	env := NewEnv()
	defer env.Close()
	for _, c := range ScalingCases() {
		fn, cleanup, err := env.newCall(c)
		require.NoError(t, err, c.Name())
		assert.NoError(t, fn(ctx), c.Name())
		cleanup()
	}
}

// TestSetLiveHeapKeepsTheHeapLive checks that the live heap counts in the
// heap the GC paces by, and is released by SetLiveHeap(0).
func TestSetLiveHeapKeepsTheHeapLive(t *testing.T) {
	env := NewEnv()
	defer env.Close()
	const n = 32 << 20
	var ms runtime.MemStats
	env.SetLiveHeap(n)
	assert.Equal(t, n, env.LiveHeapBytes())
	runtime.GC()
	runtime.ReadMemStats(&ms)
	assert.GreaterOrEqual(t, ms.HeapAlloc, uint64(n), "kept live across a GC")
	if os.Getenv("GOGC") == "" {
		assert.GreaterOrEqual(t, ms.NextGC, uint64(2*n), "the pacer counts it (GOGC=100)")
	}

	env.SetLiveHeap(0)
	assert.Zero(t, env.LiveHeapBytes())
	runtime.ReadMemStats(&ms)
	assert.Less(t, ms.HeapAlloc, uint64(n), "released")
}
