// Package retry implements the client's retry behaviour: the [Middleware]
// that runs every attempt of an operation, the [Standard] and [Adaptive]
// retry strategies, and the client-wide [ClockSkew] correction.
//
// # Attempts
//
// [Middleware] sits in the Finalize step (ID "Retry"), after endpoint
// resolution and before signing, so every attempt is signed afresh. The
// first attempt uses the request as given (no copy); before it, the request
// is remembered, and every retry gets a fresh copy rebuilt from that, so
// nothing the layers below did to an earlier attempt carries over. For each
// retry the body is rewound (a body that cannot be rewound ends the call with
// a clear error). Each attempt sets
// "amz-sdk-request: attempt=N; max=M", waits for the adaptive rate limiter
// when the Retryer has one ([AttemptRateLimiter]), and calls the next handler.
// The invocation id set in the Build step is left untouched, so it is the same
// on every attempt.
//
// After a failed attempt the checks run in this order: parent context done →
// stop at once; clock-skew correction (below); retryable? → attempts left? →
// retry token from the quota → delay → resend. A cancelled or expired parent
// context also interrupts the backoff sleep; the error then wraps ctx.Err()
// and names the attempt.
//
// # Backoff
//
// The delay before retry n (n = 1-based number of the attempt that just
// failed) is full jitter:
//
//	delay = rand[0,1) × min(base × 2^n, MaxBackoff)
//
// with base = BaseDelay (default 1 s: first retry ≤ 2 s, second ≤ 4 s, as in
// aws-sdk-go-v2) for transient errors and base = ThrottleBaseDelay (default
// 2 s) for throttling errors (HTTP 429, ThrottledClientException and the
// throttle codes). Unlike aws-sdk-go-v2 the jitter also applies once the cap
// is reached. When the response carries x-amz-retry-after (milliseconds) or
// Retry-After (seconds or an HTTP date, measured against the response's own
// Date header when present), the delay becomes max(hint, jittered delay),
// clamped to MaxBackoff: the service's hint is a lower bound, MaxBackoff an
// absolute upper bound.
//
// # Retry quota
//
// Each [Standard] owns one token bucket (capacity QuotaCapacity, default 500)
// shared by all calls of the client. A retry takes RetryCost tokens (5), or
// RetryTimeoutCost (10) when the failed attempt timed out. The tokens come back
// when the retried attempt succeeds or ends in an error that is not
// retryable; a success on the first attempt adds NoRetryIncrement (1), never
// beyond capacity. An empty bucket ends the call with [QuotaExceededError].
// In adaptive mode retries after a throttle take no tokens.
//
// # Clock skew
//
// When an attempt fails because the service rejects the request time
// (RequestTimeTooSkewed, RequestExpired, RequestInTheFuture, or
// InvalidSignatureException / SignatureDoesNotMatch whose message says
// "expired" or "not yet current") and the response has a parsable Date
// header, the middleware sets the client's offset to (Date − local now) and
// retries once at once: no backoff, no quota cost, but the retry is one of
// MaxAttempts (so MaxAttempts = 1 means no skew retry either). At most one
// skew retry happens per call. Guards against a bogus Date (for example a
// cached one from a proxy):
//
//   - if Date agrees within ±5 s with the already corrected clock, the offset
//     is not changed and no skew retry is made;
//   - if the corrected retry fails with a skew error again, the offset is put
//     back to its previous value, so a bogus Date never leaves the client
//     worse off than without the correction.
//
// A non-zero offset is dropped (set to zero) when a successful response's
// Date lies within ±1 minute of the uncorrected local clock, since the
// correction is then no longer needed. The Middleware reads that Date from
// the response the Deserialize step recorded with [SetRawResponse]; without
// it the offset is only changed by skew errors.
//
// # Adaptive mode
//
// [Adaptive] adds a client-wide send-rate limit that is off (one atomic load
// per attempt) until the first throttle and then queues attempts FIFO at a
// rate that follows the service's admitted rate; throttled attempts are
// retried without backoff (the queue spaces them; a Retry-After or
// x-amz-retry-after hint is still the delay), without retry quota, and,
// within a per-call allowance, without counting toward MaxAttempts. See
// [Adaptive] for the reasons and rateLimiter for the algorithm.
package retry
