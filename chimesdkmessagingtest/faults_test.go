package chimesdkmessagingtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailNextWithExceptions(t *testing.T) {
	tests := []struct {
		exception string
		status    int
		code      string
	}{
		{BadRequestException, 400, "BadRequest"},
		{ConflictException, 409, "Conflict"},
		{UnauthorizedClientException, 401, "Unauthorized"},
		{ForbiddenException, 403, "Forbidden"},
		{ThrottledClientException, 429, "Throttled"},
		{ServiceUnavailableException, 503, "ServiceUnavailable"},
		{ServiceFailureException, 500, "ServiceFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.exception, func(t *testing.T) {
			f := setup(t)
			f.srv.FailNext(2, Fault{Exception: tt.exception, Message: "injected"})
			for range 2 {
				resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
				assertAPIError(t, resp, body, tt.status, tt.exception, tt.code, "injected")
			}
			p, err := f.srv.Preferences(f.ch, f.member)
			require.NoError(t, err)
			assert.Nil(t, p, "a faulted request stores nothing")
			resp, _ := f.do(t, f.put(f.member, f.member, filteredBody))
			assert.Equal(t, http.StatusOK, resp.StatusCode, "the third request is served")
			log := f.srv.Requests()
			require.Len(t, log, 3)
			assert.Equal(t, "fault: "+tt.exception, log[0].Note)
			assert.Equal(t, tt.status, log[1].Status)
			assert.Equal(t, "", log[2].Note)
		})
	}
}

func TestFailNextQueuesAndCustomStatus(t *testing.T) {
	f := setup(t)
	f.srv.FailNext(1, Fault{Status: http.StatusBadGateway, Body: "<html>bad gateway</html>", Header: http.Header{"Content-Type": {"text/html"}}})
	f.srv.FailNext(1, Fault{Exception: "NotFoundException", Status: 404, Message: "gone"})
	f.srv.FailNext(1, Fault{Exception: "SomethingNew"})

	resp, body := f.do(t, f.get(f.member, f.member))
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Equal(t, "<html>bad gateway</html>", string(body))
	assert.Equal(t, "text/html", resp.Header.Get("Content-Type"))
	assert.Empty(t, resp.Header.Get("X-Amzn-ErrorType"))
	assert.NotEmpty(t, resp.Header.Get("x-amzn-RequestId"))

	resp, body = f.do(t, f.get(f.member, f.member))
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, "NotFoundException", resp.Header.Get("X-Amzn-ErrorType"))
	assert.JSONEq(t, `{"Message":"gone"}`, string(body))

	resp, _ = f.do(t, f.get(f.member, f.member))
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "SomethingNew", resp.Header.Get("X-Amzn-ErrorType"))

	resp, _ = f.do(t, f.get(f.member, f.member))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

// serveN sends n requests straight to svc.ServeHTTP and returns which
// failed.
func serveN(svc *Service, n int) []bool {
	out := make([]bool, n)
	for i := range out {
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		out[i] = rec.Code == http.StatusServiceUnavailable
	}
	return out
}

func TestFailFraction(t *testing.T) {
	fault := Fault{Exception: ServiceUnavailableException}
	count := func(v []bool) int {
		n := 0
		for _, b := range v {
			if b {
				n++
			}
		}
		return n
	}
	a, b, c := NewService(WithRandSeed(7)), NewService(WithRandSeed(7)), NewService(WithRandSeed(8))
	for _, s := range []*Service{a, b, c} {
		s.FailFraction(0.3, fault)
	}
	ra, rb, rc := serveN(a, 400), serveN(b, 400), serveN(c, 400)
	assert.Equal(t, ra, rb, "the same seed fails the same requests")
	assert.NotEqual(t, ra, rc, "another seed fails other requests")
	assert.InDelta(t, 120, count(ra), 50, "about 30%% of 400 fail")

	a.FailFraction(1, fault)
	assert.Equal(t, 10, count(serveN(a, 10)))
	a.FailFraction(0, fault)
	assert.Equal(t, 0, count(serveN(a, 10)))

	// FailNext goes first and does not draw from the fraction.
	a.FailFraction(1, Fault{Exception: BadRequestException})
	a.FailNext(1, fault)
	assert.Equal(t, []bool{true, false}, serveN(a, 2))
}

func TestLatency(t *testing.T) {
	f := setup(t)
	f.srv.SetLatency(60 * time.Millisecond)
	start := time.Now()
	resp, _ := f.do(t, f.get(f.member, f.member))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.GreaterOrEqual(t, time.Since(start), 60*time.Millisecond)

	f.srv.SetLatency(0)
	f.srv.FailNext(1, Fault{Latency: 60 * time.Millisecond})
	start = time.Now()
	resp, _ = f.do(t, f.put(f.member, f.member, filteredBody))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "latency alone serves the request")
	assert.GreaterOrEqual(t, time.Since(start), 60*time.Millisecond)
	assert.Equal(t, "fault: latency 60ms", f.srv.Requests()[1].Note)
}

func TestLatencyAbortedByClient(t *testing.T) {
	f := setup(t)
	f.srv.SetLatency(time.Hour)
	req, err := f.build(f.put(f.member, f.member, filteredBody))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := f.hc.Do(req.WithContext(ctx))
		errc <- err
	}()
	// The client gives up once the fake has read the body and waits out its
	// latency: an event in the request log, not a point on a clock.
	require.Eventually(t, func() bool {
		log := f.srv.Requests()
		return len(log) == 1 && log[0].BodyBytes > 0
	}, 10*time.Second, time.Millisecond)
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	require.Eventually(t, func() bool {
		return strings.HasPrefix(f.srv.Requests()[0].Note, "aborted during latency")
	}, 10*time.Second, 10*time.Millisecond)
	p, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.Nil(t, p, "an aborted request stores nothing")
}

func TestDropConnection(t *testing.T) {
	tests := []struct {
		drop     DropPoint
		note     string
		bodySeen bool
	}{
		{DropBeforeRead, "fault: drop before read", false},
		{DropAfterRead, "fault: drop after read", true},
	}
	for _, tt := range tests {
		t.Run(tt.note, func(t *testing.T) {
			f := setup(t)
			f.srv.FailNext(1, Fault{Drop: tt.drop})
			_, err := f.send(f.put(f.member, f.member, filteredBody))
			require.Error(t, err, "the connection is closed without an answer")
			p, perr := f.srv.Preferences(f.ch, f.member)
			require.NoError(t, perr)
			assert.Nil(t, p, "a dropped request is not processed")

			resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
			assert.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
			log := f.srv.Requests()
			require.Len(t, log, 2)
			assert.Equal(t, tt.note, log[0].Note)
			assert.Equal(t, 0, log[0].Status)
			assert.Equal(t, tt.bodySeen, len(log[0].Body) > 0)
		})
	}
}

func TestDropWithoutHijacker(t *testing.T) {
	svc := NewService()
	svc.FailNext(1, Fault{Drop: DropBeforeRead})
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		svc.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	})
}

func TestRateLimit(t *testing.T) {
	f := setup(t)
	f.srv.SetRateLimit(2, 3)
	statuses := func(n int) []int {
		var out []int
		for range n {
			resp, body := f.do(t, f.get(f.member, f.member))
			if resp.StatusCode == http.StatusTooManyRequests {
				assertAPIError(t, resp, body, 429, ThrottledClientException, "Throttled", "Rate exceeded")
			}
			out = append(out, resp.StatusCode)
		}
		return out
	}
	assert.Equal(t, []int{200, 200, 200, 429, 429}, statuses(5), "a burst of 3, then throttled")
	f.clock.Advance(time.Second)
	assert.Equal(t, []int{200, 200, 429}, statuses(3), "2 per second")
	f.clock.Advance(time.Hour)
	assert.Equal(t, []int{200, 200, 200, 429}, statuses(4), "tokens never exceed the burst")
	log := f.srv.Requests()
	assert.Equal(t, "throttled by the rate limit", log[len(log)-1].Note)

	f.srv.ClearFaults()
	assert.Equal(t, []int{200, 200, 200, 200}, statuses(4))
}

func TestClearFaults(t *testing.T) {
	f := setup(t)
	f.srv.FailNext(5, Fault{Exception: ServiceFailureException})
	f.srv.FailFraction(1, Fault{Exception: ServiceFailureException})
	f.srv.SetLatency(time.Hour)
	f.srv.ClearFaults()
	resp, _ := f.do(t, f.get(f.member, f.member))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestRequestLog(t *testing.T) {
	f := setup(t, WithCredentials("AKIDTEMP000000000000", "temp-secret", "session-token-value"))
	resp, _ := f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	log := f.srv.Requests()
	require.Len(t, log, 1)
	r := log[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, prefsPath(f.ch, f.member), r.Path, "the path is logged escaped, %2F kept")
	assert.Contains(t, r.Path, "%2Fchannel%2Fchan-1")
	assert.Equal(t, []string{Redacted}, r.Header["Authorization"])
	assert.Equal(t, []string{Redacted}, r.Header["X-Amz-Security-Token"])
	assert.Equal(t, f.member, r.Header.Get("X-Amz-Chime-Bearer"))
	assert.Equal(t, filteredBody, string(r.Body))
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, resp.Header.Get("x-amzn-RequestId"), r.RequestID)

	for _, s := range []string{fmt.Sprint(r), fmt.Sprintf("%+v", r), fmt.Sprintf("%#v", log), r.String()} {
		assert.NotContains(t, s, "urgent", "printing a logged request hides the body")
		assert.NotContains(t, s, "session-token-value")
		assert.Contains(t, s, "PUT /channels/")
	}

	// The returned log is a copy.
	log[0].Body[0] = 'X'
	assert.Equal(t, filteredBody, string(f.srv.Requests()[0].Body))

	f.srv.ResetRequests()
	assert.Empty(t, f.srv.Requests())
}
