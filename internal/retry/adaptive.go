package retry

import (
	"context"
	"time"
)

// Defaults of [AdaptiveOptions].
const (
	DefaultStartRate         = 10
	DefaultMaxPacedThrottles = 10
)

// AdaptiveOptions configures [NewAdaptive]. Zero fields take the defaults
// listed with each field.
type AdaptiveOptions struct {
	// Standard configures the retries themselves (backoff, quota, attempts).
	Standard StandardOptions
	// StartRate is the send rate, in attempts per second, the limit starts
	// from when the first throttle turns it on (default 10); it then doubles
	// every 50 ms until throttles are sustained.
	StartRate float64
	// MaxPacedThrottles is how many throttled attempts, made at their turn
	// while the rate limit is on, a call may make without their counting
	// toward Standard.MaxAttempts (default 10; a negative value makes every
	// attempt count).
	MaxPacedThrottles int
	// MinFillRate is the lowest send rate in attempts per second the limiter
	// ever allows (default 0.5), so a waiting caller is never stuck.
	MinFillRate float64
	// Clock returns the current time (default time.Now); for tests.
	Clock func() time.Time
}

func (o *AdaptiveOptions) setDefaults() {
	o.Standard.setDefaults()
	if o.StartRate <= 0 {
		o.StartRate = DefaultStartRate
	}
	if o.MinFillRate <= 0 {
		o.MinFillRate = 0.5
	}
	if o.MaxPacedThrottles == 0 {
		o.MaxPacedThrottles = DefaultMaxPacedThrottles
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
}

// Adaptive is the adaptive retry mode: [Standard] retries plus a client-wide
// send-rate limit that converges on the rate the service admits.
//
// The limit is off until the first throttling response (HTTP 429 or a
// throttle code): until then an attempt costs two atomic adds and a load,
// and takes no lock. Once on, attempts wait their turn in one FIFO queue per client,
// evenly spaced at the allowed rate, which follows the service's admitted
// rate as measured from successful responses (see rateLimiter); the limit
// turns itself off after a minute without a throttle. Waiting honours the
// context.
//
// Throttled attempts are retried differently from Standard mode, because the
// queue already spaces them:
//
//   - no backoff: the retry waits for its turn in the queue, unless the
//     response carries x-amz-retry-after or Retry-After, which is then the
//     delay (clamped to MaxBackoff);
//   - no attempt used up: a throttled attempt made while the limit is on
//     does not count toward MaxAttempts, for up to MaxPacedThrottles such
//     attempts per call (see [PacedThrottles]). The limiter sends at about
//     the admitted rate, so some attempts are refused while it grows toward
//     more; with a fixed count of three, a few calls in thousands would fail
//     although the client as a whole lost nothing;
//   - no retry quota: a retry after a throttle takes no tokens. The AWS SDKs
//     and Tools Reference Guide ("Retry behavior",
//     https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html)
//     describes standard mode charging every retry to the quota, which is how
//     aws-sdk-go-v2's adaptive mode behaves too; with a limiter that already
//     paces throttled retries that only makes calls fail under sustained
//     throttling, so here the quota guards against failing services (5xx,
//     timeouts, connection errors) only.
//
// Other errors are retried exactly as in Standard mode. Create one per client
// with [NewAdaptive]; it is safe for concurrent use.
type Adaptive struct {
	std             *Standard
	limiter         *rateLimiter
	maxPaced        int
	initialRelease  func(error) error
	throttleRelease func(error) error // of a retry after a throttle: no tokens to give back
}

// NewAdaptive returns an Adaptive retryer configured by optFns.
func NewAdaptive(optFns ...func(*AdaptiveOptions)) *Adaptive {
	var o AdaptiveOptions
	for _, fn := range optFns {
		fn(&o)
	}
	o.setDefaults()
	std := o.Standard
	a := &Adaptive{
		std:      NewStandard(func(so *StandardOptions) { *so = std }),
		limiter:  newRateLimiter(o),
		maxPaced: max(o.MaxPacedThrottles, 0),
	}
	a.throttleRelease = func(err error) error {
		a.limiter.observe(outcomeOf(err))
		return nil
	}
	a.initialRelease = func(err error) error {
		a.limiter.observe(outcomeOf(err))
		return a.std.initialRelease(err)
	}
	return a
}

// IsErrorRetryable is [Standard.IsErrorRetryable].
func (a *Adaptive) IsErrorRetryable(err error) bool { return a.std.IsErrorRetryable(err) }

// MaxAttempts is [Standard.MaxAttempts].
func (a *Adaptive) MaxAttempts() int { return a.std.MaxAttempts() }

// RetryDelay is [Standard.RetryDelay], except after a throttle while the
// limit is on: then it is the service's x-amz-retry-after / Retry-After hint
// (clamped to MaxBackoff), or 0 without one, since the queue spaces the retry.
func (a *Adaptive) RetryDelay(attempt int, opErr error) (time.Duration, error) {
	if isThrottle(opErr) && a.limiter.active() {
		hint, _ := retryAfter(opErr, time.Now())
		return min(hint, a.std.opts.MaxBackoff), nil
	}
	return a.std.RetryDelay(attempt, opErr)
}

// GetRetryToken is [Standard.GetRetryToken], except that a retry after a
// throttle takes no tokens. The release function also feeds the attempt's
// outcome to the rate limiter.
func (a *Adaptive) GetRetryToken(ctx context.Context, opErr error) (func(error) error, error) {
	if isThrottle(opErr) {
		return a.throttleRelease, nil
	}
	rel, err := a.std.GetRetryToken(ctx, opErr)
	if err != nil {
		return nil, err
	}
	return func(err error) error {
		a.limiter.observe(outcomeOf(err))
		return rel(err)
	}, nil
}

// GetInitialToken is [Standard.GetInitialToken]; the release function also
// feeds the attempt's outcome to the rate limiter.
func (a *Adaptive) GetInitialToken() func(error) error { return a.initialRelease }

// GetAttemptToken waits for this attempt's turn while the rate limit is on,
// or until ctx ends (the error then wraps ctx.Err()). It returns at once
// while the limit is off.
func (a *Adaptive) GetAttemptToken(ctx context.Context) error { return a.limiter.wait(ctx) }

// PacedThrottle reports whether the failed attempt that ended in err is not
// counted toward MaxAttempts: it was throttled while the rate limit was on,
// and the call has made fewer than MaxPacedThrottles such attempts (paced,
// the ones already not counted).
func (a *Adaptive) PacedThrottle(err error, paced int) bool {
	return paced < a.maxPaced && a.limiter.active() && isThrottle(err)
}
