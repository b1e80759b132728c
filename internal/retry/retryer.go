package retry

import (
	"context"
	"time"
)

// Retryer decides whether and when a failed attempt is retried. It has the
// same method set as aws-sdk-go-v2's aws.Retryer, so a retryer written for
// that SDK can be used here.
//
// The [Middleware] calls GetInitialToken before the first attempt and
// GetRetryToken before every retry, and calls the returned release function
// exactly once with the result (nil on success) of the attempt that follows.
type Retryer interface {
	// IsErrorRetryable reports whether err is worth another attempt.
	IsErrorRetryable(err error) bool
	// MaxAttempts is the total number of attempts, the first one included.
	MaxAttempts() int
	// RetryDelay returns how long to wait before the retry that follows the
	// failed attempt number attempt (1-based).
	RetryDelay(attempt int, opErr error) (time.Duration, error)
	// GetRetryToken takes what a retry costs from the retry quota.
	GetRetryToken(ctx context.Context, opErr error) (releaseToken func(error) error, err error)
	// GetInitialToken returns the release function for the first attempt.
	GetInitialToken() (releaseToken func(error) error)
}

// AttemptRateLimiter is optionally implemented by a [Retryer] (adaptive
// mode). The [Middleware] calls GetAttemptToken before every attempt; it
// blocks until the client may send, or returns an error wrapping ctx.Err().
type AttemptRateLimiter interface {
	GetAttemptToken(ctx context.Context) error
}

// PacedThrottles is optionally implemented by a [Retryer] whose rate limiter
// paces throttled attempts ([Adaptive]). After each failed attempt the
// [Middleware] calls PacedThrottle with the attempt's error and how many
// attempts of the call it has not counted so far; when it returns true the
// attempt is not counted toward MaxAttempts (the amz-sdk-request header's
// max then grows by one).
type PacedThrottles interface {
	PacedThrottle(err error, paced int) bool
}

func nopRelease(error) error { return nil }
