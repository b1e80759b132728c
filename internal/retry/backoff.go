package retry

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// jitteredBackoff returns rand × min(base × 2^attempt, maxBackoff), the full
// jitter delay after the failed attempt number attempt (1-based).
func jitteredBackoff(attempt int, base, maxBackoff time.Duration, r float64) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	ceiling := maxBackoff
	if attempt < 62 && base <= maxBackoff>>attempt {
		ceiling = base << attempt
	}
	if !(r >= 0) { // also catches NaN
		r = 0
	}
	if r >= 1 {
		r = math.Nextafter(1, 0)
	}
	return time.Duration(r * float64(ceiling))
}

// retryAfter returns the server's requested wait from x-amz-retry-after
// (milliseconds) or, failing that, Retry-After (delta seconds or an HTTP
// date). An HTTP date is measured against the response's Date header when it
// has one, so the client's own clock error does not matter.
func retryAfter(err error, now time.Time) (time.Duration, bool) {
	var respErr *smithyhttp.ResponseError
	if !errors.As(err, &respErr) || respErr.Response == nil {
		return 0, false
	}
	h := respErr.Response.Header
	if v := strings.TrimSpace(h.Get("X-Amz-Retry-After")); v != "" {
		if ms, perr := strconv.ParseInt(v, 10, 64); perr == nil && ms >= 0 && ms < math.MaxInt64/int64(time.Millisecond) {
			return time.Duration(ms) * time.Millisecond, true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, perr := strconv.ParseInt(v, 10, 64); perr == nil {
		if secs < 0 || secs > math.MaxInt64/int64(time.Second) {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	at, perr := http.ParseTime(v)
	if perr != nil {
		return 0, false
	}
	if date, derr := http.ParseTime(h.Get("Date")); derr == nil {
		now = date
	}
	d := at.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}
