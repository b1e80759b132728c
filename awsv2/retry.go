package awsv2

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	chime "github.com/chimekit/chimesdkmessaging"
	chimeretry "github.com/chimekit/chimesdkmessaging/internal/retry"
)

// useAWSRetryLoop gives a call whose retryer came from aws-sdk-go-v2 (or
// any retryer that is not one of this library's own) aws-sdk-go-v2's own
// retry loop, retry.Attempt, in place of this client's "Retry" middleware.
// That loop is the only code that can fill retry.GetAttemptResults (its
// metadata key is unexported), and it drives an aws.RetryerV2 exactly:
// GetAttemptToken before every attempt (the adaptive mode's client-side
// rate limit) with its release after it, the retry quota, the delays,
// MaxAttemptsError, amz-sdk-request.
//
// The retryer is the one this call resolved (per-call Retryer and
// RetryMaxAttempts included), read from the client's "Retry" middleware.
// fallback is the client's aws retryer, used when the call's retryer is
// this library's max-attempts wrapper around it. Options.AttemptTimeout,
// which retry.Attempt does not know, is applied below it by [attemptTimeout].
//
// A call whose retryer is this library's (the default, from RetryMode and
// RetryMaxAttempts) keeps this library's loop: its throttling behaviour,
// clock-skew correction and AttemptTimeout; retry.GetAttemptResults then
// reads the attempts that loop made (see useAttemptResults).
func useAWSRetryLoop(fallback aws.Retryer) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		m, ok := stack.Finalize.Get("Retry")
		if !ok {
			return nil
		}
		own, ok := m.(*chimeretry.Middleware)
		if !ok {
			return nil // already swapped, or replaced by the caller
		}
		r := awsRetryer(own.Retryer, fallback)
		if r == nil {
			return useAttemptResults(stack)
		}
		attempt := awsretry.NewAttemptMiddleware(r, smithyhttp.RequestCloner, func(a *awsretry.Attempt) {
			a.LogAttempts = own.LogRetries
		})
		if _, err := stack.Finalize.Swap("Retry", attempt); err != nil {
			return err
		}
		if own.AttemptTimeout > 0 {
			if err := stack.Finalize.Insert(&attemptTimeout{limit: own.AttemptTimeout}, "Retry", middleware.After); err != nil {
				return err
			}
		}
		if own.Logger != nil {
			// retry.Attempt logs through the logger in the context, as
			// aws-sdk-go-v2's generated clients set it.
			return middleware.AddSetLoggerMiddleware(stack, own.Logger)
		}
		return nil
	}
}

// awsRetryer returns the aws-sdk-go-v2 retryer a call should run with, or
// nil when r is this library's own and keeps this library's loop.
func awsRetryer(r chime.Retryer, fallback aws.Retryer) aws.Retryer {
	switch v := r.(type) {
	case nil:
		return nil
	case *chimeretry.Standard, *chimeretry.Adaptive:
		return nil
	case interface{ Unwrap() chime.Retryer }:
		// This library's per-call max-attempts wrapper.
		inner := awsRetryer(v.Unwrap(), fallback)
		if inner == nil {
			return nil
		}
		return awsretry.AddWithMaxAttempts(inner, r.MaxAttempts())
	case chimeretry.AttemptRateLimiter:
		// This library's max-attempts wrapper, which does not say what it
		// wraps: only the client's own aws retryer can be below it.
		if fallback == nil {
			return nil
		}
		return awsretry.AddWithMaxAttempts(fallback, r.MaxAttempts())
	}
	return r
}

// attemptTimeout bounds each attempt of aws-sdk-go-v2's retry loop by
// Options.AttemptTimeout, as this library's loop does: an attempt that runs
// out of time while the caller's context is alive fails with a retryable
// *AttemptTimeoutError. One instance serves one call (the stack is built per
// call), whose attempts run one after another.
type attemptTimeout struct {
	limit   time.Duration
	attempt int
}

func (*attemptTimeout) ID() string { return "chimekit.AttemptTimeout" }

func (m *attemptTimeout) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	m.attempt++
	actx, cancel := context.WithTimeout(ctx, m.limit)
	defer cancel()
	out, md, err := next.HandleFinalize(actx, in)
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		err = &attemptTimeoutError{&chimeretry.AttemptTimeoutError{Attempt: m.attempt, Limit: m.limit, Err: err}}
	}
	return out, md, err
}

// attemptTimeoutError is this library's AttemptTimeoutError, which also
// tells aws-sdk-go-v2's retryers that the call was not cancelled (the
// attempt's context was, the caller's was not), so they retry it as a
// timeout instead of stopping at the cancellation below it.
type attemptTimeoutError struct {
	*chimeretry.AttemptTimeoutError
}

// CanceledError reports false: the caller did not cancel the call.
func (attemptTimeoutError) CanceledError() bool { return false }

// Unwrap returns this library's AttemptTimeoutError.
func (e attemptTimeoutError) Unwrap() error { return e.AttemptTimeoutError }
