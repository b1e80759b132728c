package benchmarks

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// throttledBody is the body of a 429; the error type is in the
// X-Amzn-ErrorType header, which both clients read first.
const throttledBody = `{"Code":"Throttled","Message":"Rate exceeded"}`

// ThrottleServer is a loopback server that admits requests at a rate per
// second with a burst (a token bucket) and answers the rest 429
// ThrottledClientException, as Chime SDK Messaging does past an account's
// quota. An admitted request gets the canned response of the loopback cases.
type ThrottleServer struct {
	srv *httptest.Server

	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time

	attempts  atomic.Int64
	throttled atomic.Int64
}

// NewThrottleServer starts a server on 127.0.0.1 admitting rate requests per
// second with a burst of burst; the bucket starts full.
func NewThrottleServer(rate, burst float64) *ThrottleServer {
	s := &ThrottleServer{rate: rate, burst: burst, tokens: burst, last: time.Now()}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// URL is the server's base URL.
func (s *ThrottleServer) URL() string { return s.srv.URL }

// Close shuts the server down.
func (s *ThrottleServer) Close() { s.srv.Close() }

// SetRate changes the admitted rate from now on.
func (s *ThrottleServer) SetRate(rate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refill(time.Now())
	s.rate = rate
}

// Reset refills the bucket and zeroes the counters, for the next run.
func (s *ThrottleServer) Reset(rate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate, s.tokens, s.last = rate, s.burst, time.Now()
	s.attempts.Store(0)
	s.throttled.Store(0)
}

// Attempts returns the requests received since the last Reset.
func (s *ThrottleServer) Attempts() int64 { return s.attempts.Load() }

// Throttled returns the requests answered 429 since the last Reset.
func (s *ThrottleServer) Throttled() int64 { return s.throttled.Load() }

func (s *ThrottleServer) refill(now time.Time) {
	s.tokens = min(s.burst, s.tokens+now.Sub(s.last).Seconds()*s.rate)
	s.last = now
}

func (s *ThrottleServer) admit() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refill(time.Now())
	if s.tokens >= 1 {
		s.tokens--
		return true
	}
	return false
}

func (s *ThrottleServer) serve(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.attempts.Add(1)
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["X-Amzn-Requestid"] = []string{requestID}
	if !s.admit() {
		s.throttled.Add(1)
		h["X-Amzn-Errortype"] = []string{"ThrottledClientException"}
		h["Content-Length"] = []string{strconv.Itoa(len(throttledBody))}
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, throttledBody)
		return
	}
	body := responseFor(r.URL.Path)
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	_, _ = io.WriteString(w, body)
}
