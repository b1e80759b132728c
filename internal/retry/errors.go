package retry

import (
	"fmt"
	"time"
)

// QuotaExceededError is returned when the client's own retry token bucket
// does not hold enough tokens for another retry. It is a client-side limit,
// not an error from the service. Err is the last attempt's error, so
// errors.As still finds the service error behind it.
type QuotaExceededError struct {
	Attempts  int   // attempts made in this call (0 when unknown)
	Available int   // tokens left in the bucket
	Cost      int   // tokens the retry needed
	Err       error // the last attempt's error
}

// Error says plainly that the client-side quota ran out.
func (e *QuotaExceededError) Error() string {
	attempts := ""
	if e.Attempts > 0 {
		attempts = fmt.Sprintf(" after %d attempt(s)", e.Attempts)
	}
	return fmt.Sprintf("retry quota exceeded: this client's own retry token bucket is empty "+
		"(%d tokens left, %d needed), so it stopped%s without retrying; this is a client-side "+
		"limit, not a service error (many recent failures; retry later, or turn the quota off "+
		"with DisableRetryQuota); last error: %v", e.Available, e.Cost, attempts, e.Err)
}

// Unwrap returns the last attempt's error.
func (e *QuotaExceededError) Unwrap() error { return e.Err }

// MaxAttemptsError is returned when a retryable error persisted through all
// allowed attempts. Err is the last attempt's error.
type MaxAttemptsError struct {
	Attempts int
	Err      error
}

// Error names the number of attempts made.
func (e *MaxAttemptsError) Error() string {
	return fmt.Sprintf("gave up after %d attempt(s), the maximum "+
		"(raise RetryMaxAttempts to try longer); last error: %v", e.Attempts, e.Err)
}

// Unwrap returns the last attempt's error.
func (e *MaxAttemptsError) Unwrap() error { return e.Err }

// AttemptTimeoutError reports that one attempt ran past
// [Middleware.AttemptTimeout] while the caller's context was still alive. It
// is retryable and counts as a timeout for the retry quota.
type AttemptTimeoutError struct {
	Attempt int
	Limit   time.Duration // the per-attempt timeout
	Err     error
}

// Error names the attempt and its timeout.
func (e *AttemptTimeoutError) Error() string {
	return fmt.Sprintf("attempt %d timed out after %s (per-attempt timeout): %v",
		e.Attempt, e.Limit, e.Err)
}

// Unwrap returns the error the attempt ended with.
func (e *AttemptTimeoutError) Unwrap() error { return e.Err }

// RetryableError reports that a timed-out attempt is worth another try.
func (e *AttemptTimeoutError) RetryableError() bool { return true }

// Timeout reports true: the attempt ran out of time.
func (e *AttemptTimeoutError) Timeout() bool { return true }
