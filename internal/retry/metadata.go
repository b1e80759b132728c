package retry

import (
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

type attemptsKey struct{}

type rawResponseKey struct{}

// Attempts returns how many attempts a finished call made, read from its
// metadata (output.ResultMetadata or the metadata returned by the stack); 0
// when the call did not pass through the [Middleware].
func Attempts(md middleware.Metadata) int {
	n, _ := md.Get(attemptsKey{}).(int)
	return n
}

func setAttempts(md *middleware.Metadata, n int) { md.Set(attemptsKey{}, n) }

// SetRawResponse records the HTTP response of an attempt in its metadata so
// the [Middleware] can read the Date of successful responses. The client's
// Deserialize step calls it.
func SetRawResponse(md *middleware.Metadata, resp *smithyhttp.Response) {
	md.Set(rawResponseKey{}, resp)
}

func rawResponse(md middleware.Metadata) *smithyhttp.Response {
	resp, _ := md.Get(rawResponseKey{}).(*smithyhttp.Response)
	return resp
}
