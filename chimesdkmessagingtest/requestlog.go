package chimesdkmessagingtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// Redacted replaces the values of secret headers in the request log.
const Redacted = "REDACTED"

// Bounds of the request log. A request whose signature does not verify is
// kept as its method, path and sizes only, so unauthenticated callers
// cannot fill the memory of a long-running fake or emulator.
const (
	// MaxLoggedRequests is how many requests the log keeps; older ones are
	// dropped first.
	MaxLoggedRequests = 10000
	// MaxLoggedBytes bounds the log's total size: paths, header names
	// and values, and bodies. When a request would take the log over it,
	// the oldest requests are dropped until it fits; a single request
	// larger than the budget is kept alone.
	MaxLoggedBytes = 8 << 20
	// MaxLoggedUnsignedPath is how much of the path of a request that is
	// not (or not yet) authenticated is kept; the rest is replaced by
	// "...".
	MaxLoggedUnsignedPath = 4096
	// maxLoggedMethod bounds the method of any request.
	maxLoggedMethod = 32
	// loggedEntryOverhead is what each kept request costs besides its
	// contents, counted against MaxLoggedBytes.
	loggedEntryOverhead = 256
)

// LoggedRequest is one request the service received, for assertions.
//
// Header and Body are kept only for a request whose SigV4 signature
// verified (Signed): Authorization and X-Amz-Security-Token values are then
// replaced by [Redacted] and the body is kept as received. Of any other
// request the log keeps the method, at most [MaxLoggedUnsignedPath] bytes
// of the path and the sizes. Printing a LoggedRequest with fmt shows
// neither header values nor the body, which may hold a FilterRule.
type LoggedRequest struct {
	// RequestID is the x-amzn-RequestId the service answered with.
	RequestID string
	// Method is the HTTP method.
	Method string
	// Path is the escaped path as received, e.g. /channels/arn%3Aaws.../preferences.
	Path string
	// Signed reports that the request's signature verified, so Header and
	// Body were kept.
	Signed bool
	// Header holds the request headers, secrets redacted (nil unless Signed).
	Header http.Header
	// HeaderBytes is the size of the request headers as received: names,
	// values and a separator per value.
	HeaderBytes int
	// Body is the request body as read (nil unless Signed).
	Body []byte
	// BodyBytes is how many body bytes were read.
	BodyBytes int
	// Status is the response status; 0 if the connection was dropped or
	// the request is still being served.
	Status int
	// Note says what happened besides the operation: an injected fault,
	// the rate limit, an aborted latency.
	Note string
}

// String describes r without header values or body.
func (r LoggedRequest) String() string {
	return r.Method + " " + r.Path + " -> " + strconv.Itoa(r.Status) + " (" + strconv.Itoa(r.BodyBytes) + " body bytes) " + r.Note
}

// Format makes every fmt verb print the String form.
func (r LoggedRequest) Format(f fmt.State, verb rune) {
	s := r.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// logEntry is a logged request and what it counts against MaxLoggedBytes.
type logEntry struct {
	req     LoggedRequest
	size    int
	dropped bool // no longer in Service.log; later updates are not counted
}

// headerSize returns the size of h as received.
func headerSize(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + 4 // ": " and CRLF
		}
	}
	return n
}

// truncate returns at most n bytes of s, marking a cut with "...".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// logArrival logs what a request is before it is authenticated: its
// method, the head of its path and the size of its headers.
func (s *Service) logArrival(r *http.Request, reqID string) *logEntry {
	e := &logEntry{req: LoggedRequest{
		RequestID:   reqID,
		Method:      truncate(r.Method, maxLoggedMethod),
		Path:        truncate(r.URL.EscapedPath(), MaxLoggedUnsignedPath),
		HeaderBytes: headerSize(r.Header),
	}}
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	if len(s.log) >= MaxLoggedRequests {
		s.dropOldestLocked(len(s.log) - MaxLoggedRequests + 1)
	}
	s.log = append(s.log, e)
	s.growLocked(e, loggedEntryOverhead+len(e.req.Method)+len(e.req.Path)+len(reqID))
	return e
}

// logContents adds the contents of a request whose signature verified:
// its whole path, its headers (secrets redacted) and its body.
func (s *Service) logContents(e *logEntry, r *http.Request, body []byte) {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range []string{"Authorization", "X-Amz-Security-Token"} {
		if _, ok := h[k]; ok {
			h[k] = []string{Redacted}
		}
	}
	path := r.URL.EscapedPath()
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	e.req.Signed = true
	e.req.Header = h
	e.req.Body = body
	s.growLocked(e, len(path)-len(e.req.Path)+headerSize(h)+len(body))
	e.req.Path = path
}

// logBodySize records how many body bytes were read.
func (s *Service) logBodySize(e *logEntry, n int) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	e.req.BodyBytes = n
}

func (s *Service) logDone(e *logEntry, status int, note string) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	e.req.Status = status
	e.req.Note = note
}

// growLocked counts n more bytes for e and drops the oldest entries, e
// excepted, until the log fits MaxLoggedBytes. s.ctlMu must be held.
func (s *Service) growLocked(e *logEntry, n int) {
	if e.dropped {
		return
	}
	e.size += n
	s.logBytes += n
	drop, over := 0, s.logBytes-MaxLoggedBytes
	for over > 0 && drop < len(s.log) && s.log[drop] != e {
		over -= s.log[drop].size
		drop++
	}
	s.dropOldestLocked(drop)
}

// dropOldestLocked removes the n oldest entries. s.ctlMu must be held.
func (s *Service) dropOldestLocked(n int) {
	if n <= 0 {
		return
	}
	for _, old := range s.log[:n] {
		old.dropped = true
		s.logBytes -= old.size
	}
	s.log = slices.Delete(s.log, 0, n)
}

// Requests returns copies of the logged requests in arrival order.
func (s *Service) Requests() []LoggedRequest {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	out := make([]LoggedRequest, len(s.log))
	for i, e := range s.log {
		out[i] = e.req
		out[i].Header = e.req.Header.Clone()
		if e.req.Body != nil {
			out[i].Body = append([]byte(nil), e.req.Body...)
		}
	}
	return out
}

// ResetRequests empties the request log.
func (s *Service) ResetRequests() {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	for _, e := range s.log {
		e.dropped = true
	}
	s.log = nil
	s.logBytes = 0
}
