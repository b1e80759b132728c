package retry

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Middleware runs the attempts of one operation call; see the package
// documentation. Its fields are set once by the client and not changed
// afterwards; it is safe for concurrent use.
type Middleware struct {
	// Retryer decides about retries; nil means a single attempt.
	Retryer Retryer
	// Skew is the client's clock offset, corrected on skew errors; nil turns
	// the correction off.
	Skew *ClockSkew
	// Logger receives one Debug line per retry when LogRetries is set.
	Logger     logging.Logger
	LogRetries bool
	// AttemptTimeout bounds each attempt (0: no bound). An attempt that runs
	// out of time while the caller's context is alive fails with a retryable
	// [AttemptTimeoutError]. The attempt's context ends when the attempt
	// returns, so the output must not keep reading the response body.
	AttemptTimeout time.Duration
	// ReuseHeaderValues lets first attempts share immutable amz-sdk-request
	// value slices between calls instead of allocating one each. Set it only
	// when no code of the caller's can write into a header value in place:
	// no middleware of the caller's, and an HTTP client bound by the
	// http.RoundTripper contract (which forbids modifying the request).
	ReuseHeaderValues bool
}

// ID returns "Retry".
func (m *Middleware) ID() string { return "Retry" }

// callState is what one call remembers between its attempts.
type callState struct {
	attempt     int
	maxAttempts int // including the attempts not counted (PacedThrottles)
	paced       int // attempts not counted toward the Retryer's MaxAttempts
	skewRetried bool
	skewPrev    time.Duration // offset before the skew correction
	skewSet     time.Duration // offset the correction set
	snap        snapshot      // the request before the first attempt
}

// HandleFinalize runs the attempts of one call.
func (m *Middleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	out middleware.FinalizeOutput, md middleware.Metadata, err error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return out, md, fmt.Errorf("unexpected request type %T, want *smithyhttp.Request "+
			"(the Retry middleware must run in the Finalize step of an HTTP client)", in.Request)
	}
	r := m.Retryer
	if r == nil {
		r = noRetries{}
	}
	limiter, _ := r.(AttemptRateLimiter)
	st := callState{attempt: 1, maxAttempts: max(r.MaxAttempts(), 1)}
	if st.maxAttempts > 1 {
		st.snap.take(req)
	}
	release := r.GetInitialToken()

	for {
		out, md, err = m.attempt(ctx, in, req, &st, limiter, next)
		ctxErr := ctx.Err()
		if release != nil {
			if err != nil && ctxErr != nil {
				_ = release(notRetried{err})
			} else {
				_ = release(err)
			}
		}
		setAttempts(&md, st.attempt)
		if err == nil {
			m.dropSkew(md)
			return out, md, nil
		}
		if ctxErr != nil {
			return out, md, stoppedError(st.attempt, st.maxAttempts, ctxErr, err)
		}
		if m.skewRetry(&st, err) {
			st.attempt++
			release = r.GetInitialToken()
			continue
		}
		if !r.IsErrorRetryable(err) {
			return out, md, err
		}
		// MaxAttempts 1 means no retries at all, paced or not.
		if pacer, ok := r.(PacedThrottles); ok && r.MaxAttempts() > 1 && pacer.PacedThrottle(err, st.paced) {
			st.paced++
			st.maxAttempts++
		}
		if st.attempt >= st.maxAttempts {
			return out, md, &MaxAttemptsError{Attempts: st.attempt, Err: err}
		}
		var tokErr error
		release, tokErr = r.GetRetryToken(ctx, err)
		if tokErr != nil {
			var qe *QuotaExceededError
			if errors.As(tokErr, &qe) {
				qe.Attempts = st.attempt
				return out, md, tokErr
			}
			return out, md, fmt.Errorf("no retry token after attempt %d: %w; last error: %w", st.attempt, tokErr, err)
		}
		delay, delayErr := r.RetryDelay(st.attempt, err)
		if delayErr != nil {
			delayErr = fmt.Errorf("computing the delay after attempt %d: %w; last error: %w", st.attempt, delayErr, err)
			_ = release(notRetried{delayErr})
			return out, md, delayErr
		}
		m.logRetry(ctx, st.attempt, delay, err)
		if sleepErr := sleep(ctx, delay); sleepErr != nil {
			_ = release(notRetried{sleepErr})
			return out, md, fmt.Errorf("stopped while waiting %s before attempt %d of %d: %w; last error: %w",
				delay, st.attempt+1, st.maxAttempts, sleepErr, err)
		}
		st.attempt++
	}
}

// attempt makes attempt number st.attempt.
func (m *Middleware) attempt(ctx context.Context, in middleware.FinalizeInput, req *smithyhttp.Request,
	st *callState, limiter AttemptRateLimiter, next middleware.FinalizeHandler,
) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if st.attempt > 1 {
		if err := req.RewindStream(); err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf(
				"cannot rewind the request body for attempt %d (%w); give the request a seekable body "+
					"(for example a bytes.Reader) or set max attempts to 1", st.attempt, err)
		}
	}
	if limiter != nil {
		if err := limiter.GetAttemptToken(ctx); err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, err
		}
	}
	deadline, hasDeadline := ctx.Deadline()
	if st.attempt == 1 {
		// The first attempt uses the request itself; retries are rebuilt
		// from the snapshot taken before it.
		switch {
		case hasDeadline:
			req.Header["Amz-Sdk-Request"] = []string{withTTL(requestHeader(st.attempt, st.maxAttempts), deadline, m.Skew)}
		case m.ReuseHeaderValues && st.maxAttempts >= 1 && st.maxAttempts < len(firstAttemptValues):
			req.Header["Amz-Sdk-Request"] = firstAttemptValues[st.maxAttempts]
		default:
			req.Header["Amz-Sdk-Request"] = []string{requestHeader(st.attempt, st.maxAttempts)}
		}
		in.Request = req
	} else {
		v := requestHeader(st.attempt, st.maxAttempts)
		if hasDeadline {
			v = withTTL(v, deadline, m.Skew)
		}
		in.Request = st.snap.build(v)
	}

	if m.AttemptTimeout <= 0 {
		return next.HandleFinalize(ctx, in)
	}
	actx, cancel := context.WithTimeout(ctx, m.AttemptTimeout)
	defer cancel()
	out, md, err := next.HandleFinalize(actx, in)
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		err = &AttemptTimeoutError{Attempt: st.attempt, Limit: m.AttemptTimeout, Err: err}
	}
	return out, md, err
}

// firstAttemptValues holds at index n the header value slice of
// "attempt=1; max=n" for n from 1 to 9, with capacity 1 so an append copies.
// It is the only cache of the header: shared value slices for first
// attempts when ReuseHeaderValues is set, shared strings otherwise.
var firstAttemptValues = func() (v [10][]string) {
	for n := 1; n < len(v); n++ {
		v[n] = []string{"attempt=1; max=" + strconv.Itoa(n)}[0:1:1]
	}
	return v
}()

// withTTL appends "; ttl=<time>" to an amz-sdk-request value: the caller's
// deadline in the service's clock (the local clock moved by the learnt
// skew), as the AWS SDKs send it, so the service can tell when the client
// stops waiting.
func withTTL(v string, deadline time.Time, skew *ClockSkew) string {
	return v + "; ttl=" + deadline.Add(skew.Offset()).UTC().Format("20060102T150405Z")
}

// requestHeader formats "attempt=N; max=M".
func requestHeader(attempt, maxAttempts int) string {
	if attempt == 1 && maxAttempts >= 1 && maxAttempts < len(firstAttemptValues) {
		return firstAttemptValues[maxAttempts][0]
	}
	return "attempt=" + strconv.Itoa(attempt) + "; max=" + strconv.Itoa(maxAttempts)
}

// stoppedError reports that the caller's context ended during or after an
// attempt; it always wraps ctxErr.
func stoppedError(attempt, maxAttempts int, ctxErr, err error) error {
	if errors.Is(err, ctxErr) {
		return fmt.Errorf("attempt %d of %d stopped: %w", attempt, maxAttempts, err)
	}
	return fmt.Errorf("attempt %d of %d stopped: %w; attempt error: %w", attempt, maxAttempts, ctxErr, err)
}

// sleep waits d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// notRetried marks an error that ends the call, for release functions: it
// is not retryable whatever it wraps, so a taken retry token is returned.
type notRetried struct{ error }

func (e notRetried) Unwrap() error        { return e.error }
func (e notRetried) RetryableError() bool { return false }

// noRetries is the Retryer used when Middleware.Retryer is nil.
type noRetries struct{}

func (noRetries) IsErrorRetryable(error) bool { return false }
func (noRetries) MaxAttempts() int            { return 1 }
func (noRetries) RetryDelay(int, error) (time.Duration, error) {
	return 0, nil
}
func (noRetries) GetRetryToken(context.Context, error) (func(error) error, error) {
	return nopRelease, nil
}
func (noRetries) GetInitialToken() func(error) error { return nopRelease }
