package retry

import (
	"context"
	"math/rand/v2"
	"time"
)

// Defaults of [StandardOptions].
const (
	DefaultMaxAttempts       = 3
	DefaultMaxBackoff        = 20 * time.Second
	DefaultBaseDelay         = time.Second
	DefaultThrottleBaseDelay = 2 * time.Second
	DefaultRetryCost         = 5
	DefaultRetryTimeoutCost  = 10
	DefaultNoRetryIncrement  = 1
	DefaultQuotaCapacity     = 500
)

// StandardOptions configures [NewStandard]. Zero (or negative) fields take
// the defaults listed with each field.
type StandardOptions struct {
	// MaxAttempts is the total number of attempts, the first one included
	// (default 3). 1 disables retries.
	MaxAttempts int
	// MaxBackoff caps every delay, server hints included (default 20 s).
	MaxBackoff time.Duration
	// BaseDelay is the backoff base for transient errors (default 1 s):
	// delay = rand × min(BaseDelay × 2^n, MaxBackoff) after failed attempt n,
	// so the defaults give ≤ 2 s, ≤ 4 s, ... ≤ 20 s.
	BaseDelay time.Duration
	// ThrottleBaseDelay is the backoff base for throttling errors (HTTP 429,
	// ThrottledClientException, throttle codes); default 2 s.
	ThrottleBaseDelay time.Duration
	// RetryCost is the tokens a retry takes from the quota (default 5).
	RetryCost int
	// RetryTimeoutCost is the tokens a retry after a timeout takes (default 10).
	RetryTimeoutCost int
	// NoRetryIncrement is the tokens added by a first-attempt success (default 1).
	NoRetryIncrement int
	// QuotaCapacity is the size of the client-wide token bucket (default 500).
	QuotaCapacity int
	// DisableRetryQuota turns the token bucket off: retries are then limited
	// by MaxAttempts only.
	DisableRetryQuota bool
	// Rand is the jitter source, returning values in [0,1); it must be safe
	// for concurrent use. Default: math/rand/v2's Float64.
	Rand func() float64
}

func (o *StandardOptions) setDefaults() {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = DefaultBaseDelay
	}
	if o.ThrottleBaseDelay <= 0 {
		o.ThrottleBaseDelay = DefaultThrottleBaseDelay
	}
	if o.RetryCost <= 0 {
		o.RetryCost = DefaultRetryCost
	}
	if o.RetryTimeoutCost <= 0 {
		o.RetryTimeoutCost = DefaultRetryTimeoutCost
	}
	if o.NoRetryIncrement <= 0 {
		o.NoRetryIncrement = DefaultNoRetryIncrement
	}
	if o.QuotaCapacity <= 0 {
		o.QuotaCapacity = DefaultQuotaCapacity
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
}

// Standard is the standard retry mode: exponential backoff with full jitter
// and a client-wide retry quota. Create one per client with [NewStandard]; it
// is safe for concurrent use.
type Standard struct {
	opts           StandardOptions
	quota          *quota
	initialRelease func(error) error
}

// NewStandard returns a Standard retryer with the defaults of
// [StandardOptions], changed by optFns.
func NewStandard(optFns ...func(*StandardOptions)) *Standard {
	var o StandardOptions
	for _, fn := range optFns {
		fn(&o)
	}
	o.setDefaults()
	s := &Standard{opts: o, quota: newQuota(o.QuotaCapacity, o.DisableRetryQuota)}
	s.initialRelease = s.releaseInitial
	return s
}

// IsErrorRetryable reports whether err is worth another attempt; see the
// package documentation for the classification.
func (s *Standard) IsErrorRetryable(err error) bool { return isRetryable(err) }

// MaxAttempts returns the total number of attempts allowed.
func (s *Standard) MaxAttempts() int { return s.opts.MaxAttempts }

// RetryDelay returns the delay before the retry that follows the failed
// attempt number attempt: rand × min(base × 2^attempt, MaxBackoff), raised to
// a server's Retry-After / x-amz-retry-after hint and clamped to MaxBackoff.
func (s *Standard) RetryDelay(attempt int, opErr error) (time.Duration, error) {
	base := s.opts.BaseDelay
	if isThrottle(opErr) {
		base = s.opts.ThrottleBaseDelay
	}
	d := jitteredBackoff(attempt, base, s.opts.MaxBackoff, s.opts.Rand())
	if hint, ok := retryAfter(opErr, time.Now()); ok && hint > d {
		d = hint
	}
	return min(d, s.opts.MaxBackoff), nil
}

// GetRetryToken takes RetryCost tokens (RetryTimeoutCost after a timeout)
// from the quota. The returned function gives them back when it is called
// with nil (the retry succeeded) or with an error that is not retryable.
// When the bucket is short it returns a [QuotaExceededError] wrapping opErr.
func (s *Standard) GetRetryToken(ctx context.Context, opErr error) (func(error) error, error) {
	cost := s.opts.RetryCost
	if isTimeout(opErr) {
		cost = s.opts.RetryTimeoutCost
	}
	ok, available := s.quota.take(cost)
	if !ok {
		return nil, &QuotaExceededError{Available: available, Cost: cost, Err: opErr}
	}
	return func(err error) error {
		if err == nil || !isRetryable(err) {
			s.quota.give(cost)
		}
		return nil
	}, nil
}

// GetInitialToken returns the release function of a first attempt: a success
// adds NoRetryIncrement tokens to the quota.
func (s *Standard) GetInitialToken() func(error) error { return s.initialRelease }

func (s *Standard) releaseInitial(err error) error {
	if err == nil {
		s.quota.give(s.opts.NoRetryIncrement)
	}
	return nil
}
