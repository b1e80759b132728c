package retry

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

const (
	// skewTolerance: a Date this close to the (corrected) clock is not
	// evidence of skew, whatever the service says.
	skewTolerance = 5 * time.Second
	// skewDropWindow: a successful response whose Date is this close to the
	// uncorrected local clock shows that no offset is needed any more.
	skewDropWindow = time.Minute
)

// ClockSkew holds the client's clock offset from the service. It is safe for
// concurrent use; the zero value means no offset. See the package
// documentation for when the [Middleware] changes it.
type ClockSkew struct {
	offset atomic.Int64 // nanoseconds
}

// Now returns the local time corrected by the offset. A nil ClockSkew
// returns time.Now().
func (c *ClockSkew) Now() time.Time {
	if c == nil {
		return time.Now()
	}
	return time.Now().Add(time.Duration(c.offset.Load()))
}

// Offset returns the current offset (service time minus local time).
func (c *ClockSkew) Offset() time.Duration {
	if c == nil {
		return 0
	}
	return time.Duration(c.offset.Load())
}

// swap replaces old with new only if nobody changed the offset meanwhile.
func (c *ClockSkew) swap(old, new time.Duration) bool {
	return c.offset.CompareAndSwap(int64(old), int64(new))
}

// isSkewError reports whether the service rejected the request time.
func isSkewError(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.ErrorCode() {
	case "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture":
		return true
	case "InvalidSignatureException", "SignatureDoesNotMatch":
		msg := strings.ToLower(apiErr.ErrorMessage())
		return strings.Contains(msg, "expired") || strings.Contains(msg, "not yet current")
	}
	return false
}

// responseDate returns the parsed Date header of the response in err's chain.
func responseDate(err error) (time.Time, bool) {
	var respErr *smithyhttp.ResponseError
	if !errors.As(err, &respErr) || respErr.Response == nil {
		return time.Time{}, false
	}
	return parseDate(respErr.Response)
}

func parseDate(resp *smithyhttp.Response) (time.Time, bool) {
	if resp == nil || resp.Response == nil {
		return time.Time{}, false
	}
	v := resp.Header.Get("Date")
	if v == "" {
		return time.Time{}, false
	}
	t, err := http.ParseTime(v)
	return t, err == nil
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
