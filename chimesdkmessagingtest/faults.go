package chimesdkmessagingtest

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// DropPoint says when a [Fault] closes the connection without answering.
type DropPoint int

// Drop points.
const (
	// NoDrop answers normally.
	NoDrop DropPoint = iota
	// DropBeforeRead closes the connection after the request headers
	// arrive, before the body is read.
	DropBeforeRead
	// DropAfterRead closes the connection after the whole request has been
	// read, so the client cannot tell whether it was processed (it was
	// not).
	DropAfterRead
	// DropAfterApply serves the request (a Put is stored) and then closes
	// the connection instead of sending the answer: the client sees a
	// failure for a write that took effect.
	DropAfterApply
)

// Fault is what the service does to a request instead of serving it. Set
// one of Exception, Status or Drop; Latency may come with any of them, or
// alone to slow a request down and then serve it normally.
type Fault struct {
	// Exception names the exception to answer with, e.g.
	// ServiceUnavailableException. Its status and body Code come from the
	// exception table unless Status is set; unknown names answer 500.
	Exception string
	// Message is the exception's message.
	Message string

	// Status, when Exception is empty, answers with this raw status, Body
	// and Header and nothing else (x-amzn-RequestId is still set).
	Status int
	Body   string
	Header http.Header

	// Drop closes the connection instead of answering.
	Drop DropPoint

	// Latency delays the answer (or the drop after read), counted from
	// when the body has been read.
	Latency time.Duration
}

// responds reports whether f answers the request itself.
func (f Fault) responds() bool { return f.Exception != "" || f.Status != 0 }

// describe names f for the request log.
func (f Fault) describe() string {
	switch {
	case f.Drop == DropBeforeRead:
		return "fault: drop before read"
	case f.Drop == DropAfterRead:
		return "fault: drop after read"
	case f.Drop == DropAfterApply:
		return "fault: drop after apply"
	case f.Exception != "":
		return "fault: " + f.Exception
	case f.Status != 0:
		return "fault: status " + strconv.Itoa(f.Status)
	case f.Latency > 0:
		return "fault: latency " + f.Latency.String()
	}
	return ""
}

// writeFault writes the answer of a fault that responds.
func writeFault(w http.ResponseWriter, f Fault) int {
	for k, v := range f.Header {
		w.Header()[k] = append([]string(nil), v...)
	}
	if f.Exception != "" {
		info, ok := lookupException(f.Exception)
		status := info.status
		if f.Status != 0 {
			status = f.Status
		} else if !ok {
			status = http.StatusInternalServerError
		}
		return writeRawError(w, status, f.Exception, info.code, f.Message)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
	return f.Status
}

type queuedFault struct {
	n     int
	fault Fault
}

// faultState is the fault configuration; Service.ctlMu guards it.
type faultState struct {
	queue    []queuedFault
	rules    []FaultRule
	fraction float64
	fracF    Fault
	latency  time.Duration

	rate   tokenBucket                // every request
	opRate map[operation]*tokenBucket // one operation's requests
}

// FailNext makes the next n requests fail with f. Calls queue up: a later
// call's requests follow an earlier call's.
func (s *Service) FailNext(n int, f Fault) {
	if n <= 0 {
		return
	}
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.faults.queue = append(s.faults.queue, queuedFault{n: n, fault: f})
}

// FailFraction makes each request fail with f with probability p (0 to 1),
// drawn from the source seeded by [WithRandSeed]. Requests taken by
// FailNext do not count. p = 0 turns it off.
func (s *Service) FailFraction(p float64, f Fault) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.faults.fraction = min(max(p, 0), 1)
	s.faults.fracF = f
}

// SetLatency delays every answer by d, counted from when the request body
// has been read (0 turns it off). A request whose client hangs up, or whose
// server closes, during the delay is dropped.
func (s *Service) SetLatency(d time.Duration) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.faults.latency = d
}

// SetRateLimit lets perSecond requests through per second on average, with
// bursts of up to burst, and answers the rest with 429
// ThrottledClientException "Rate exceeded". The service's clock
// ([WithClock]) drives it. perSecond <= 0 turns it off. It limits every
// request together; [Service.SetOperationRateLimit] limits one operation.
func (s *Service) SetRateLimit(perSecond float64, burst int) {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.faults.rate = newTokenBucket(perSecond, burst, s.cfg.now())
}

// ClearFaults removes queued and fractional faults, fault rules, latency
// and every rate limit.
func (s *Service) ClearFaults() {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.faults = faultState{}
}

// nextFault takes the fault for the request now arriving, if any, and its
// description for the log: a queued FailNext fault, else the first fault
// rule that fires, else the fractional fault.
func (s *Service) nextFault(r *http.Request) (Fault, string) {
	op := operationOf(r)
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	fs := &s.faults
	if len(fs.queue) > 0 {
		q := &fs.queue[0]
		f := q.fault
		if q.n--; q.n == 0 {
			fs.queue = fs.queue[1:]
		}
		return f, f.describe()
	}
	if f, ok := s.fireRuleLocked(op); ok {
		return f, f.describe()
	}
	if fs.fraction > 0 && s.rng.Float64() < fs.fraction {
		return fs.fracF, fs.fracF.describe()
	}
	return Fault{}, ""
}

func (s *Service) latency() time.Duration {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	return s.faults.latency
}

// allowRate takes a token from the bucket of every request and from the
// bucket of r's operation, if those are limited; it takes none unless
// both have one.
func (s *Service) allowRate(r *http.Request) bool {
	op := operationOf(r)
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	now := s.cfg.now()
	all, one := &s.faults.rate, s.faults.opRate[op]
	all.refill(now)
	if one != nil {
		one.refill(now)
	}
	if !all.has() || (one != nil && !one.has()) {
		return false
	}
	all.take()
	if one != nil {
		one.take()
	}
	return true
}

// sleepCtx waits d or until ctx ends; it reports whether d passed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
