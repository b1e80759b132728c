package chimesdkmessagingtest

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"slices"
	"time"
)

// Operation names, as a [FaultRule] or [Service.SetOperationRateLimit]
// names the operation it applies to.
const (
	OperationPut = "PutChannelMembershipPreferences"
	OperationGet = "GetChannelMembershipPreferences"
)

// FaultRule injects Fault into requests of one operation, or of every
// request when Operation is empty: into each with probability Probability,
// and, when Count is positive, only into the next Count requests it fires
// on. Rules are tried in order, after the faults queued by
// [Service.FailNext] and before the one of [Service.FailFraction]; the
// first rule that fires answers.
//
// A rule whose Fault has only Latency slows the requests it fires on and
// lets them be served normally.
type FaultRule struct {
	// Operation is OperationPut, OperationGet or empty for every request
	// (requests that match no operation included).
	Operation string
	// Probability is the chance, above 0 and at most 1, that the rule
	// fires on a request of its operation. Probabilities below 1 draw
	// from the source seeded by [WithRandSeed].
	Probability float64
	// Count, when positive, is how many more requests the rule fires on
	// before it is removed; 0 keeps it until it is removed.
	Count int
	// Fault is what the rule does to a request it fires on.
	Fault Fault
}

// check reports what is wrong with r, naming the field.
func (r FaultRule) check() error {
	switch r.Operation {
	case "", OperationPut, OperationGet:
	default:
		return fmt.Errorf("the Operation %q is not an operation of this service; use %s, %s, or empty for every request", r.Operation, OperationPut, OperationGet)
	}
	if !(r.Probability > 0 && r.Probability <= 1) {
		return fmt.Errorf("the Probability %v must be above 0 and at most 1", r.Probability)
	}
	if r.Count < 0 {
		return fmt.Errorf("the Count %d must not be negative; 0 keeps the rule until it is removed", r.Count)
	}
	f := r.Fault
	if f.Latency < 0 {
		return fmt.Errorf("Fault.Latency %v must not be negative", f.Latency)
	}
	if f.Drop < NoDrop || f.Drop > DropAfterApply {
		return fmt.Errorf("Fault.Drop %d is not a DropPoint", f.Drop)
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 999) {
		return fmt.Errorf("Fault.Status %d is not an HTTP status (100 to 999)", f.Status)
	}
	if !f.responds() && f.Drop == NoDrop && f.Latency == 0 {
		return errors.New("Fault does nothing; set Exception, Status, Drop or Latency")
	}
	return nil
}

// AddFaultRules appends rules to the fault rules, after the ones already
// set. It adds none of them if one is invalid.
func (s *Service) AddFaultRules(rules ...FaultRule) error {
	for i, r := range rules {
		if err := r.check(); err != nil {
			return fmt.Errorf("rule %d: %w", i, err)
		}
	}
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	for _, r := range rules {
		s.faults.rules = append(s.faults.rules, cloneRule(r))
	}
	return nil
}

// SetFaultRules replaces the fault rules with rules (none: no rules). It
// changes nothing if one is invalid.
func (s *Service) SetFaultRules(rules []FaultRule) error {
	for i, r := range rules {
		if err := r.check(); err != nil {
			return fmt.Errorf("rule %d: %w", i, err)
		}
	}
	next := make([]FaultRule, len(rules))
	for i, r := range rules {
		next[i] = cloneRule(r)
	}
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	s.faults.rules = next
	return nil
}

// RemoveFaultRules removes the fault rules equal to one of rules, Count
// aside (a rule's Count goes down as it fires), and returns how many it
// removed.
func (s *Service) RemoveFaultRules(rules ...FaultRule) int {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	before := len(s.faults.rules)
	s.faults.rules = slices.DeleteFunc(s.faults.rules, func(have FaultRule) bool {
		return slices.ContainsFunc(rules, func(r FaultRule) bool { return sameRule(have, r) })
	})
	return before - len(s.faults.rules)
}

// FaultRules returns the fault rules in the order they are tried, each
// with the Count it has left.
func (s *Service) FaultRules() []FaultRule {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	out := make([]FaultRule, len(s.faults.rules))
	for i, r := range s.faults.rules {
		out[i] = cloneRule(r)
	}
	return out
}

// Latency returns the delay [Service.SetLatency] set.
func (s *Service) Latency() time.Duration { return s.latency() }

// sameRule reports whether a and b are equal but for Count.
func sameRule(a, b FaultRule) bool {
	a.Count, b.Count = 0, 0
	if len(a.Fault.Header) == 0 && len(b.Fault.Header) == 0 {
		a.Fault.Header, b.Fault.Header = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

// cloneRule copies r and its header, so the caller's value and the
// service's do not share one.
func cloneRule(r FaultRule) FaultRule {
	r.Fault.Header = r.Fault.Header.Clone()
	return r
}

// fireRuleLocked finds the first rule for op that fires and returns its
// fault; it counts the firing. ctlMu is held.
func (s *Service) fireRuleLocked(op operation) (Fault, bool) {
	fs := &s.faults
	for i := range fs.rules {
		r := &fs.rules[i]
		if r.Operation != "" && r.Operation != op.name() {
			continue
		}
		if r.Probability < 1 && s.rng.Float64() >= r.Probability {
			continue
		}
		f := r.Fault
		if r.Count > 0 {
			if r.Count--; r.Count == 0 {
				fs.rules = slices.Delete(fs.rules, i, i+1)
			}
		}
		return f, true
	}
	return Fault{}, false
}

// RateLimit is one rate limit: the bucket of every request (Operation
// empty, set by [Service.SetRateLimit]) or of one operation.
type RateLimit struct {
	Operation string
	PerSecond float64
	Burst     int
}

// SetOperationRateLimit limits the requests of opName (OperationPut or
// OperationGet; empty is every request, as [Service.SetRateLimit]) to
// perSecond a second on average, with bursts of up to burst (at least 1),
// answering the rest with 429 ThrottledClientException "Rate exceeded"
// exactly as SetRateLimit does. A request must pass both the limit of every
// request and the one of its operation. perSecond <= 0 removes the limit.
func (s *Service) SetOperationRateLimit(opName string, perSecond float64, burst int) error {
	if math.IsNaN(perSecond) || math.IsInf(perSecond, 0) {
		return fmt.Errorf("perSecond %v must be a finite number", perSecond)
	}
	var op operation
	switch opName {
	case "":
		s.SetRateLimit(perSecond, burst)
		return nil
	case OperationPut:
		op = opPut
	case OperationGet:
		op = opGet
	default:
		return fmt.Errorf("operation %q is not an operation of this service; use %s, %s, or empty for every request", opName, OperationPut, OperationGet)
	}
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	if perSecond <= 0 {
		delete(s.faults.opRate, op)
		return nil
	}
	if s.faults.opRate == nil {
		s.faults.opRate = map[operation]*tokenBucket{}
	}
	b := newTokenBucket(perSecond, burst, s.cfg.now())
	s.faults.opRate[op] = &b
	return nil
}

// RateLimits returns the rate limits set: the one of every request first,
// then Put's, then Get's.
func (s *Service) RateLimits() []RateLimit {
	s.ctlMu.Lock()
	defer s.ctlMu.Unlock()
	var out []RateLimit
	if b := s.faults.rate; b.ratePerSec > 0 {
		out = append(out, RateLimit{PerSecond: b.ratePerSec, Burst: int(b.burst)})
	}
	for _, op := range []operation{opPut, opGet} {
		if b := s.faults.opRate[op]; b != nil {
			out = append(out, RateLimit{Operation: op.name(), PerSecond: b.ratePerSec, Burst: int(b.burst)})
		}
	}
	return out
}

// tokenBucket is one rate limit; ratePerSec <= 0 lets everything through.
type tokenBucket struct {
	ratePerSec float64
	burst      float64
	tokens     float64
	last       time.Time
}

func newTokenBucket(perSecond float64, burst int, now time.Time) tokenBucket {
	b := float64(max(burst, 1))
	return tokenBucket{ratePerSec: perSecond, burst: b, tokens: b, last: now}
}

// refill adds the tokens earned since the last refill.
func (b *tokenBucket) refill(now time.Time) {
	if b.ratePerSec <= 0 {
		return
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(b.burst, b.tokens+el*b.ratePerSec)
	}
	b.last = now
}

// has reports whether a request may pass.
func (b *tokenBucket) has() bool { return b.ratePerSec <= 0 || b.tokens >= 1 }

// take spends a token.
func (b *tokenBucket) take() {
	if b.ratePerSec > 0 {
		b.tokens--
	}
}

// name is the operation's name, or "" for no operation.
func (o operation) name() string {
	if o == 0 {
		return ""
	}
	return o.String()
}

// operationOf returns the operation r asks for, or 0 when it matches none.
func operationOf(r *http.Request) operation {
	rt, err := parseRoute(r)
	if err != nil {
		return 0
	}
	return rt.op
}

// ExceptionStatus returns the HTTP status the service answers the exception
// called name with (for example 429 for ThrottledClientException), and
// whether name is one of the exceptions the fake knows.
func ExceptionStatus(name string) (int, bool) {
	info, ok := lookupException(name)
	return info.status, ok
}
