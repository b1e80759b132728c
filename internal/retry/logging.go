package retry

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/aws/smithy-go/logging"
)

// logRetry writes one Debug line per retry. It names the attempt, the delay
// and the error's status and code only: no headers, bodies or messages.
func (m *Middleware) logRetry(ctx context.Context, attempt int, delay time.Duration, err error) {
	if !m.LogRetries || m.Logger == nil {
		return
	}
	logging.WithContext(ctx, m.Logger).Logf(logging.Debug,
		"retrying: attempt %d failed (%s); next attempt in %s", attempt, errorSummary(err), delay)
}

// errorSummary describes err by status, code or kind, never by its text.
func errorSummary(err error) string {
	status, code := statusCode(err), errorCode(err)
	switch {
	case status != 0 && code != "":
		return fmt.Sprintf("HTTP %d, %s", status, code)
	case status != 0:
		return fmt.Sprintf("HTTP %d", status)
	case code != "":
		return code
	}
	var at *AttemptTimeoutError
	if errors.As(err, &at) {
		return "attempt timeout " + at.Limit.String()
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return "connection error: " + errno.Error()
	}
	if isTimeout(err) {
		return "connection timeout"
	}
	return fmt.Sprintf("error %T", err)
}
