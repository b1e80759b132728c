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
// [Adaptive] adds a client-wide send-rate limit that is off (two atomic adds
// and a load per attempt, no lock) until the first throttle and then queues
// attempts FIFO at a rate that follows the service's admitted rate; throttled attempts are
// retried without backoff (the queue spaces them; a Retry-After or
// x-amz-retry-after hint is still the delay), without retry quota, and,
// within a per-call allowance, without counting toward MaxAttempts. See
// [Adaptive] for the reasons and rateLimiter for the algorithm.
//
// # Fleets
//
// A service often runs many processes, each with its own client, against
// one account's rate. Each client's limiter sees only its own answers, yet
// together they should share the rate fairly. The anchor is the CUBIC-style
// client-side limiter of the AWS SDKs (a cubic growth curve, a
// multiplicative cut on a throttle) and Chiu and Jain, "Analysis of the
// Increase and Decrease Algorithms for Congestion Avoidance in Computer
// Networks" (1989): independent controllers that cut their rate by a factor
// on congestion and raise it by the same amount between congestion events
// converge to equal shares, because the cut shrinks the gap between two
// clients and the equal increase leaves it as it is; a multiplicative
// increase and decrease keeps the shares' ratios forever. What slows the
// convergence is feedback that is uneven or stale.
//
// The limiter follows that, in three rules:
//
//   - the increase is additive: additiveGrowth × t³ attempts per second t
//     seconds after the client's last throttle, the same for a client at 5
//     per second and one at 500. The earlier curve grew in proportion to the
//     client's own rate, and a throttle set the rate to the client's own
//     admitted rate, which against a shared bucket is in proportion to its
//     rate too: together multiplicative, so whatever shares the first
//     seconds handed out were kept. Simulated with 16 clients sharing 150
//     per second, some clients stayed at 0.5 per second and others at 45
//     for the whole run, and a client that started 10 s late got 0.6 of
//     its share for its first 10 s;
//   - the estimate is fresh: the admitted rate is measured over the answers
//     of the last second (at least 16), not the last 128 answers, which for
//     a client at 9 per second reached 14 s back. With a stale estimate a
//     client whose rate fell keeps its share (its estimate is above its
//     rate, so a throttle lowers nothing), and one that grew is cut to
//     where it was;
//   - a throttle cuts at most 10 %: while the fleet contends, a client's
//     latest answers may admit almost nothing, and a cut to that estimate
//     put clients at the 0.5 per second floor, where every attempt was
//     throttled and none could grow again.
//
// The additive increase must be small: every client adds it, so a fleet of
// K probes K times as fast as one client, and its overshoot is refused: at
// 0.3 (+0.3 per second after 1 s, +2.4 after 2 s) 16 clients sharing 150
// per second have about 10 % of attempts refused where one client has 5 %.
// A small increase is slow to find a much higher admitted rate, so from
// 1.5 s after a client's last throttle its rate also grows in proportion, as
// before; a client in a fleet is seldom that long without a throttle, and
// the proportional part starts from nothing then. A throttle that lowers
// nothing (the client got all it sent: a bunch met the service's burst)
// does not restart that clock, or a busy machine's bunches would keep a
// client below a rate that has just risen. The benchmarks module's
// fleet scenario (cmd/throttle) measures all of this over loopback.
//
// Two costs remain. A client sees only its own throttles, a sixteenth of
// them in a fleet of 16, so its rate swings more than one client's: with 4
// goroutines each, the fleet's p99 is about 1.5 × one client's of 64. And a
// client that starts late overshoots its share for a while (its slow start
// meets clients that hold theirs, which give it back at most 10 % a cut).
package retry
