package chimesdkmessagingtest

import (
	"fmt"
	"net/http"
	"strconv"
)

// Redacted replaces the values of secret headers in the request log.
const Redacted = "REDACTED"

// MaxLoggedRequests is how many requests the log keeps; older ones are
// dropped first.
const MaxLoggedRequests = 10000

// LoggedRequest is one request the service received, for assertions.
// Authorization and X-Amz-Security-Token values are replaced by
// [Redacted]; the body is kept as received. Printing a LoggedRequest with
// fmt shows neither header values nor the body, which may hold a
// FilterRule.
type LoggedRequest struct {
	// RequestID is the x-amzn-RequestId the service answered with.
	RequestID string
	// Method is the HTTP method.
	Method string
	// Path is the escaped path as received, e.g. /channels/arn%3Aaws.../preferences.
	Path string
	// Header holds the request headers, secrets redacted.
	Header http.Header
	// Body is the request body as read (nil if it was not read).
	Body []byte
	// Status is the response status; 0 if the connection was dropped or
	// the request is still being served.
	Status int
	// Note says what happened besides the operation: an injected fault,
	// the rate limit, an aborted latency.
	Note string
}

// String describes r without header values or body.
func (r LoggedRequest) String() string {
	return r.Method + " " + r.Path + " -> " + strconv.Itoa(r.Status) + " (" + strconv.Itoa(len(r.Body)) + " body bytes) " + r.Note
}

// Format makes every fmt verb print the String form.
func (r LoggedRequest) Format(f fmt.State, verb rune) {
	s := r.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

func (s *Service) logArrival(r *http.Request, reqID string) *LoggedRequest {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range []string{"Authorization", "X-Amz-Security-Token"} {
		if _, ok := h[k]; ok {
			h[k] = []string{Redacted}
		}
	}
	e := &LoggedRequest{RequestID: reqID, Method: r.Method, Path: r.URL.EscapedPath(), Header: h}
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	if len(s.log) >= MaxLoggedRequests {
		s.log = append(s.log[:0:0], s.log[len(s.log)-MaxLoggedRequests+1:]...)
	}
	s.log = append(s.log, e)
	return e
}

func (s *Service) logBody(e *LoggedRequest, body []byte) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	e.Body = body
}

func (s *Service) logDone(e *LoggedRequest, status int, note string) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	e.Status = status
	e.Note = note
}

// Requests returns copies of the logged requests in arrival order.
func (s *Service) Requests() []LoggedRequest {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	out := make([]LoggedRequest, len(s.log))
	for i, e := range s.log {
		out[i] = *e
		out[i].Header = e.Header.Clone()
		out[i].Body = append([]byte(nil), e.Body...)
	}
	return out
}

// ResetRequests empties the request log.
func (s *Service) ResetRequests() {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.log = nil
}
