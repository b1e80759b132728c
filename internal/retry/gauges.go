package retry

// The accessors below let the client report the retry state as metrics
// (client.retry.quota_available, client.retry.send_rate). They read the
// client-wide state of a retryer; none of them is on the path of a call that
// records no metrics.

// QuotaAvailable returns the tokens left in the retry quota.
func (s *Standard) QuotaAvailable() int { return s.quota.level() }

// QuotaAvailable returns the tokens left in the retry quota.
func (a *Adaptive) QuotaAvailable() int { return a.std.QuotaAvailable() }

// SendRate returns the client-side send rate, in attempts per second, and
// whether the limit is on (it is off until the first throttle).
func (a *Adaptive) SendRate() (float64, bool) { return a.limiter.snapshot() }

// IsThrottle reports whether err is a throttling error: HTTP 429 or a
// throttling error code (one table, the one the retryers use).
func IsThrottle(err error) bool { return isThrottle(err) }
