package retry

import (
	"time"

	"github.com/aws/smithy-go/middleware"
)

// skewRetry decides whether the failed attempt gets an immediate retry with a
// corrected clock, and makes the correction. It also undoes a correction
// that did not help.
func (m *Middleware) skewRetry(st *callState, err error) bool {
	if m.Skew == nil || !isSkewError(err) {
		return false
	}
	if st.skewRetried {
		// The corrected retry was rejected for its time too: the Date we
		// trusted was wrong, so go back to what we had before.
		m.Skew.swap(st.skewSet, st.skewPrev)
		return false
	}
	if st.attempt >= st.maxAttempts {
		return false
	}
	date, ok := responseDate(err)
	if !ok {
		return false
	}
	prev := m.Skew.Offset()
	candidate := time.Until(date)
	if absDuration(candidate-prev) <= skewTolerance {
		return false // the Date agrees with our clock: nothing to correct
	}
	if absDuration(candidate) <= skewTolerance {
		candidate = 0
	}
	if !m.Skew.swap(prev, candidate) {
		return false // another call changed the offset meanwhile
	}
	st.skewRetried, st.skewPrev, st.skewSet = true, prev, candidate
	return true
}

// dropSkew clears a non-zero offset when a successful response shows that
// the local clock agrees with the service again.
func (m *Middleware) dropSkew(md middleware.Metadata) {
	if m.Skew == nil {
		return
	}
	off := m.Skew.Offset()
	if off == 0 {
		return
	}
	date, ok := parseDate(rawResponse(md))
	if !ok || absDuration(time.Until(date)) > skewDropWindow {
		return
	}
	m.Skew.swap(off, 0)
}
