package retry

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// isTransientCode reports service error codes retried with the normal
// backoff.
func isTransientCode(code string) bool {
	switch code {
	case "ServiceFailureException", "ServiceUnavailableException",
		"RequestTimeout", "RequestTimeoutException":
		return true
	}
	return false
}

// isThrottleCode reports service error codes retried with the throttling
// backoff: the throttling codes the AWS SDKs retry (as in aws-sdk-go-v2's
// aws/retry package) plus this service's ThrottledClientException.
func isThrottleCode(code string) bool {
	switch code {
	case "ThrottledClientException",
		"Throttling", "ThrottlingException", "ThrottledException",
		"RequestThrottledException", "TooManyRequestsException",
		"ProvisionedThroughputExceededException", "TransactionInProgressException",
		"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
		"RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException":
		return true
	}
	return false
}

// retryableStatus are HTTP status codes retried whatever the error code.
func retryableStatus(code int) bool {
	switch code {
	case 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// isRetryable is the classification behind [Standard.IsErrorRetryable]; the
// first definite answer wins.
func isRetryable(err error) bool {
	if err == nil {
		return false
	}
	// A per-attempt timeout ends the attempt's own context (the transport
	// then reports it as canceled) while the caller's is alive: retry it.
	var at *AttemptTimeoutError
	if errors.As(err, &at) {
		return true
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	var canceled *smithy.CanceledError
	if errors.As(err, &canceled) {
		return false
	}
	var r interface{ RetryableError() bool }
	if errors.As(err, &r) {
		return r.RetryableError()
	}
	if isClientError(err) {
		return false
	}
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) {
		if respErr.Response != nil && retryableStatus(respErr.Response.StatusCode) {
			return true
		}
		return retryableCode(err)
	}
	if isConnectionError(err) {
		return true
	}
	return retryableCode(err)
}

// isClientError reports errors made before anything was sent: invalid input
// and serialization failures. They never succeed on a retry.
func isClientError(err error) bool {
	var ip *smithy.InvalidParamsError
	var ipv smithy.InvalidParamsError
	var se *smithy.SerializationError
	return errors.As(err, &ip) || errors.As(err, &ipv) || errors.As(err, &se)
}

func retryableCode(err error) bool {
	code := errorCode(err)
	if code == "" {
		return false
	}
	return isTransientCode(code) || isThrottleCode(code)
}

// errorCode returns the service error code in err's chain, or "".
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// statusCode returns the HTTP status of the response in err's chain, or 0.
func statusCode(err error) int {
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) && respErr.Response != nil {
		return respErr.Response.StatusCode
	}
	return 0
}

// isThrottle reports throttling errors: HTTP 429 or a throttle code.
func isThrottle(err error) bool {
	if err == nil {
		return false
	}
	if statusCode(err) == 429 {
		return true
	}
	return isThrottleCode(errorCode(err))
}

// isTimeout reports errors where an attempt ran out of time before a response
// arrived; their retries cost RetryTimeoutCost.
func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	var at *AttemptTimeoutError
	if errors.As(err, &at) {
		return true
	}
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) {
		return false
	}
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isConnectionError reports transport failures that happened before a
// complete response arrived and are worth another attempt. DNS "no such
// host" is not one of them.
func isConnectionError(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return false
		}
		if dnsErr.IsTimeout || dnsErr.IsTemporary {
			return true
		}
	}
	switch {
	case errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, net.ErrClosed):
		return true
	}
	if isTimeout(err) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var sendErr *smithyhttp.RequestSendError
	if errors.As(err, &sendErr) {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return true
		}
		// Some transports only report these as text.
		msg := sendErr.Error()
		return strings.Contains(msg, "connection reset") ||
			strings.Contains(msg, "broken pipe") ||
			strings.Contains(msg, "use of closed network connection")
	}
	return false
}
