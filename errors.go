package chimesdkmessaging

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ServiceID names the service in every *smithy.OperationError.
const ServiceID = "Chime SDK Messaging"

// ResponseError is the HTTP layer of an error response: it carries the
// status code (through the embedded *smithyhttp.ResponseError) and the
// request ID the service assigned. errors.As finds both this type and
// *smithyhttp.ResponseError; below them sits the API error (a types.*Exception
// or a *smithy.GenericAPIError).
type ResponseError struct {
	*smithyhttp.ResponseError

	// RequestID is the x-amzn-RequestId header of the response, or "".
	RequestID string
}

// ServiceRequestID returns the request ID the service assigned; quote it
// when you contact AWS Support.
func (e *ResponseError) ServiceRequestID() string { return e.RequestID }

// Error reads like "https response error StatusCode: 429, RequestID: abc,
// ThrottledClientException: Rate exceeded".
func (e *ResponseError) Error() string {
	return "https response error StatusCode: " + strconv.Itoa(e.Response.StatusCode) +
		", RequestID: " + e.RequestID + ", " + errText(e.Err)
}

// As lets errors.As find the embedded *smithyhttp.ResponseError and what it wraps.
func (e *ResponseError) As(target any) bool { return errors.As(e.ResponseError, target) }

// Unwrap returns the API error below.
func (e *ResponseError) Unwrap() error { return e.Err }

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// requestIDFrom returns the request ID of a response: x-amzn-RequestId,
// falling back to X-Amz-RequestId.
func requestIDFrom(h http.Header) string {
	if v := h.Get("X-Amzn-Requestid"); v != "" {
		return v
	}
	return h.Get("X-Amz-Requestid")
}

// SanitizeErrorCode reduces a raw error code as restJson1 services send it to
// the bare shape name: text after the first ':' is dropped
// ("ThrottledClientException:http://internal..." → "ThrottledClientException"),
// then text up to the last '#' ("aws.chime#ForbiddenException" →
// "ForbiddenException", as botocore does; no shape name holds a '#').
// Surrounding white space is trimmed.
func SanitizeErrorCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return strings.TrimSpace(code)
}

// statusExceptions maps an HTTP status to the modelled exception of the same
// status, for error responses that name no usable code.
func statusException(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "BadRequestException"
	case http.StatusUnauthorized:
		return "UnauthorizedClientException"
	case http.StatusForbidden:
		return "ForbiddenException"
	case http.StatusConflict:
		return "ConflictException"
	case http.StatusTooManyRequests:
		return "ThrottledClientException"
	case http.StatusInternalServerError:
		return "ServiceFailureException"
	case http.StatusServiceUnavailable:
		return "ServiceUnavailableException"
	}
	return ""
}

// operationError wraps err as every error of this client is wrapped.
func operationError(op string, err error) error {
	return &smithy.OperationError{ServiceID: ServiceID, OperationName: op, Err: err}
}
