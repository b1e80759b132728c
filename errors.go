package chimesdkmessaging

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/exceptions"
	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/types"
)

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

// operationError wraps err as every error of this client is wrapped.
func operationError(op string, err error) error {
	return &smithy.OperationError{ServiceID: ServiceID, OperationName: op, Err: err}
}

// decodeError turns an error response into the API error it names.
//
// The code comes from the X-Amzn-ErrorType header, else the body's __type,
// else the body's code/Code, sanitised with [SanitizeErrorCode]. A code naming
// one of the operation's exceptions (models) gives that type. This service's
// body Code holds an ErrorCode value (e.g. "Throttled"), not a shape name, so
// when no shape name is present the HTTP status picks the exception of that
// status instead. Anything else, an exception the operation does not model
// included, is a *smithy.GenericAPIError: never another exception.
func decodeError(resp *smithyhttp.Response, body []byte, models func(string) bool) error {
	var typ, code, msg string
	var hasMsg bool
	nonJSON := false
	if len(strings.TrimSpace(string(body))) > 0 {
		var d jsonwire.Decoder
		d.Reset(body)
		if d.Kind() == jsonwire.KindObject {
			d.ObjectStart()
			for d.More() {
				k := string(d.Key())
				switch {
				case d.Kind() != jsonwire.KindString: // only string members count
					d.Skip()
				case k == "__type":
					typ, _ = d.String()
				case strings.EqualFold(k, "code"):
					code, _ = d.String()
				case strings.EqualFold(k, "message"):
					msg, hasMsg = d.String()
				default:
					d.Skip()
				}
			}
			d.End()
		}
		nonJSON = d.Kind() != jsonwire.KindEnd || d.Err() != nil
		if nonJSON {
			typ, code, msg, hasMsg = "", "", "", false
		}
	}

	name := SanitizeErrorCode(resp.Header.Get("X-Amzn-Errortype"))
	if name == "" {
		name = SanitizeErrorCode(typ)
	}
	if name == "" {
		name = SanitizeErrorCode(code)
	}

	exc, found := exceptions.ByName(name)
	if found && !models(exc.Name) {
		found = false
	}
	if !found && (name == "" || isErrorCodeValue(name)) {
		if exc, found = exceptions.ByStatus(resp.StatusCode); found && !models(exc.Name) {
			found = false
		}
	}
	if nonJSON && !hasMsg {
		msg, hasMsg = nonJSONMessage(resp, body), true
	}
	var msgPtr *string
	if hasMsg {
		msgPtr = &msg
	}
	if found {
		return exc.New(types.ErrorCode(code), msgPtr)
	}
	if name == "" {
		name = "UnknownError"
	}
	if !hasMsg {
		msg = name
	}
	fault := smithy.FaultClient
	if resp.StatusCode >= 500 {
		fault = smithy.FaultServer
	}
	return &smithy.GenericAPIError{Code: name, Message: msg, Fault: fault}
}

func isErrorCodeValue(s string) bool {
	for _, v := range types.ErrorCode("").Values() {
		if string(v) == s {
			return true
		}
	}
	return false
}

// nonJSONMessage describes an error body that is not JSON, such as a
// proxy's HTML page, with a short printable excerpt.
func nonJSONMessage(resp *smithyhttp.Response, body []byte) string {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		ct = "no Content-Type"
	}
	return "HTTP " + strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode) +
		" with a non-JSON body (" + ct + ", " + strconv.Itoa(len(body)) + " bytes): " + printable(body, 120)
}

func printable(b []byte, max int) string {
	var sb strings.Builder
	for _, r := range string(b) {
		if sb.Len() >= max {
			sb.WriteString("...")
			break
		}
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			sb.WriteByte(' ')
		case r < 0x20 || r == 0x7f || r == 0xfffd:
			sb.WriteByte('?')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
