package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
)

type retryableErr struct{ retry bool }

func (e retryableErr) Error() string        { return "custom" }
func (e retryableErr) RetryableError() bool { return e.retry }

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return false }

func sendErr(err error) error {
	return &smithyhttp.RequestSendError{Err: &url0{err}}
}

// url0 stands in for *url.Error around the transport error.
type url0 struct{ err error }

func (e *url0) Error() string { return "Put \"https://example\": " + e.err.Error() }
func (e *url0) Unwrap() error { return e.err }

func TestIsErrorRetryable(t *testing.T) {
	opErr := func(op string, err error) error { return &net.OpError{Op: op, Net: "tcp", Err: err} }
	cases := []struct {
		name     string
		err      error
		retry    bool
		throttle bool
		timeout  bool
	}{
		{name: "nil", err: nil},
		{name: "context canceled", err: sendErr(context.Canceled)},
		{name: "smithy canceled", err: &smithy.CanceledError{Err: errors.New("x")}},
		{name: "RetryableError true", err: fmt.Errorf("w: %w", retryableErr{true}), retry: true},
		{name: "RetryableError false beats 503", err: fmt.Errorf("%w %w", retryableErr{false}, respErr(503, "ServiceUnavailableException", nil))},
		{name: "invalid params", err: &smithy.InvalidParamsError{Context: "Input"}},
		{name: "serialization", err: &smithy.SerializationError{Err: io.ErrUnexpectedEOF}},
		{name: "ECONNRESET", err: sendErr(opErr("read", os.NewSyscallError("read", syscall.ECONNRESET))), retry: true},
		{name: "ECONNREFUSED", err: sendErr(opErr("dial", os.NewSyscallError("connect", syscall.ECONNREFUSED))), retry: true},
		{name: "EPIPE", err: sendErr(opErr("write", os.NewSyscallError("write", syscall.EPIPE))), retry: true},
		{name: "EOF from transport", err: sendErr(io.EOF), retry: true},
		{name: "unexpected EOF from transport", err: sendErr(io.ErrUnexpectedEOF), retry: true},
		{name: "EOF outside transport", err: fmt.Errorf("decode: %w", io.ErrUnexpectedEOF)},
		{name: "net timeout", err: sendErr(timeoutErr{}), retry: true, timeout: true},
		{name: "os deadline", err: sendErr(os.ErrDeadlineExceeded), retry: true, timeout: true},
		{name: "dial error", err: sendErr(opErr("dial", errors.New("no route"))), retry: true},
		{name: "DNS not found", err: sendErr(opErr("dial", &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}))},
		{name: "DNS timeout", err: sendErr(&net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}), retry: true, timeout: true},
		{name: "reset as text only", err: sendErr(errors.New("read tcp: connection reset by peer")), retry: true},
		{name: "other send error", err: sendErr(errors.New("x509: certificate signed by unknown authority"))},
		{name: "attempt timeout", err: &AttemptTimeoutError{Attempt: 1, Limit: time.Second, Err: context.DeadlineExceeded}, retry: true, timeout: true},
		{name: "500", err: respErr(500, "", nil), retry: true},
		{name: "502", err: respErr(502, "", nil), retry: true},
		{name: "503", err: respErr(503, "", nil), retry: true},
		{name: "504", err: respErr(504, "", nil), retry: true},
		{name: "429", err: respErr(429, "", nil), retry: true, throttle: true},
		{name: "400", err: respErr(400, "BadRequestException", nil)},
		{name: "401", err: respErr(401, "UnauthorizedClientException", nil)},
		{name: "403", err: respErr(403, "ForbiddenException", nil)},
		{name: "404", err: respErr(404, "NotFoundException", nil)},
		{name: "409", err: respErr(409, "ConflictException", nil)},
		{name: "501", err: respErr(501, "", nil)},
		{name: "ServiceFailureException", err: respErr(500, "ServiceFailureException", nil), retry: true},
		{name: "ServiceUnavailableException", err: respErr(503, "ServiceUnavailableException", nil), retry: true},
		{name: "ThrottledClientException", err: respErr(429, "ThrottledClientException", nil), retry: true, throttle: true},
		{name: "ThrottledClientException odd status", err: respErr(400, "ThrottledClientException", nil), retry: true, throttle: true},
		{name: "RequestTimeout", err: respErr(400, "RequestTimeout", nil), retry: true},
		{name: "RequestTimeoutException", err: respErr(400, "RequestTimeoutException", nil), retry: true},
		{name: "bare API error code", err: &smithy.GenericAPIError{Code: "ServiceUnavailableException"}, retry: true},
		{name: "unknown code", err: respErr(400, "ValidationException", nil)},
		{name: "plain error", err: errors.New("boom")},
	}
	for _, code := range []string{"Throttling", "ThrottlingException", "ThrottledException",
		"RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
		"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
		"LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
		"EC2ThrottledException"} {
		cases = append(cases, struct {
			name     string
			err      error
			retry    bool
			throttle bool
			timeout  bool
		}{name: "throttle code " + code, err: respErr(400, code, nil), retry: true, throttle: true})
	}
	s := NewStandard()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.retry, s.IsErrorRetryable(tc.err), "retryable")
			assert.Equal(t, tc.throttle, isThrottle(tc.err), "throttle")
			assert.Equal(t, tc.timeout, isTimeout(tc.err), "timeout")
		})
	}
}

func TestIsErrorRetryable_RealConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	_, derr := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + addr + "/")
	assert.Error(t, derr)
	assert.True(t, NewStandard().IsErrorRetryable(&smithyhttp.RequestSendError{Err: derr}), "%v", derr)
}

func errConnReset() error {
	return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
}
