package retry

import (
	"context"
	"fmt"
	"time"
)

// AdaptiveOptions configures [NewAdaptive]. Zero fields take the defaults
// listed with each field.
type AdaptiveOptions struct {
	// Standard configures the retries themselves (backoff, quota, attempts).
	Standard StandardOptions
	// Beta is the factor the send rate is multiplied by on a throttle
	// (default 0.7).
	Beta float64
	// ScaleConstant scales the cubic recovery curve (default 0.4).
	ScaleConstant float64
	// Smooth weighs the newest measurement of the send rate (default 0.8).
	Smooth float64
	// MinFillRate is the lowest send rate in attempts per second the limiter
	// ever allows (default 0.5), so a waiting caller is never stuck.
	MinFillRate float64
	// Clock returns the current time (default time.Now); for tests.
	Clock func() time.Time
}

func (o *AdaptiveOptions) setDefaults() {
	o.Standard.setDefaults()
	if o.Beta <= 0 || o.Beta >= 1 {
		o.Beta = 0.7
	}
	if o.ScaleConstant <= 0 {
		o.ScaleConstant = 0.4
	}
	if o.Smooth <= 0 || o.Smooth > 1 {
		o.Smooth = 0.8
	}
	if o.MinFillRate <= 0 {
		o.MinFillRate = 0.5
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
}

// Adaptive is the adaptive retry mode: [Standard] retries plus a client-side
// send-rate limit. The limit is off until the first throttling response;
// each throttle lowers the allowed rate to Beta × the measured send rate, and
// successes raise it again along a cubic curve (as in TCP CUBIC and the AWS
// SDKs' adaptive mode), never above twice the measured send rate. The rate
// never falls below MinFillRate and the bucket always holds at least one
// token, so waiting attempts always proceed; waiting honours the context and
// holds no lock. Create one per client with [NewAdaptive]; all goroutines of
// the client share it. The retry quota behaves exactly as in Standard mode
// (tokens are refunded and refilled on success).
type Adaptive struct {
	std            *Standard
	limiter        *rateLimiter
	initialRelease func(error) error
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
		std:     NewStandard(func(so *StandardOptions) { *so = std }),
		limiter: newRateLimiter(o),
	}
	a.initialRelease = func(err error) error {
		a.limiter.update(isThrottle(err))
		return a.std.initialRelease(err)
	}
	return a
}

// Standard returns the Standard retryer behind a.
func (a *Adaptive) Standard() *Standard { return a.std }

// IsErrorRetryable is [Standard.IsErrorRetryable].
func (a *Adaptive) IsErrorRetryable(err error) bool { return a.std.IsErrorRetryable(err) }

// MaxAttempts is [Standard.MaxAttempts].
func (a *Adaptive) MaxAttempts() int { return a.std.MaxAttempts() }

// RetryDelay is [Standard.RetryDelay].
func (a *Adaptive) RetryDelay(attempt int, opErr error) (time.Duration, error) {
	return a.std.RetryDelay(attempt, opErr)
}

// GetRetryToken is [Standard.GetRetryToken]; the release function also
// feeds the attempt's outcome to the rate limiter.
func (a *Adaptive) GetRetryToken(ctx context.Context, opErr error) (func(error) error, error) {
	rel, err := a.std.GetRetryToken(ctx, opErr)
	if err != nil {
		return nil, err
	}
	return func(err error) error {
		a.limiter.update(isThrottle(err))
		return rel(err)
	}, nil
}

// GetInitialToken is [Standard.GetInitialToken]; the release function also
// feeds the attempt's outcome to the rate limiter.
func (a *Adaptive) GetInitialToken() func(error) error { return a.initialRelease }

// GetAttemptToken waits until the client-side rate limit allows another
// attempt, or until ctx ends (the error then wraps ctx.Err()).
func (a *Adaptive) GetAttemptToken(ctx context.Context) error {
	for {
		wait := a.limiter.acquire()
		if wait <= 0 {
			return nil
		}
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("retry: adaptive rate limit: stopped while waiting %s to send: %w", wait, err)
		}
	}
}

// SendRate returns the allowed send rate in attempts per second and whether
// the limit is active (it is off until the first throttle).
func (a *Adaptive) SendRate() (perSecond float64, active bool) { return a.limiter.rate() }
