package chimesdkmessaging

import (
	"io"
	"sync/atomic"
	"time"
)

// defaultResponseBodyTimeout bounds the reading of a response body when
// Options.ResponseBodyTimeout is zero. A response of these operations is a
// few hundred bytes; the header phase has its own bound (the default
// client's ResponseHeaderTimeout) and the caller's context bounds the rest.
const defaultResponseBodyTimeout = 30 * time.Second

// ResponseBodyTimeoutError reports that a response body did not arrive
// within Options.ResponseBodyTimeout after its headers. The attempt is
// retried like other timeouts.
type ResponseBodyTimeoutError struct {
	Limit time.Duration
}

func (e *ResponseBodyTimeoutError) Error() string {
	return "reading the response body took longer than " + e.Limit.String() +
		" (Options.ResponseBodyTimeout); the connection was closed"
}

// Timeout reports true, so the retryer treats it as a timed-out attempt.
func (e *ResponseBodyTimeoutError) Timeout() bool { return true }

// Temporary reports true: another attempt may well succeed.
func (e *ResponseBodyTimeoutError) Temporary() bool { return true }

// deadlineBody closes a response body that is not read to its end in time,
// which makes a blocked Read return.
type deadlineBody struct {
	_       incomparable
	body    io.ReadCloser
	timeout time.Duration
	timer   *time.Timer
	expired atomic.Bool
}

// start arms the deadline of body.
func (d *deadlineBody) start(body io.ReadCloser, timeout time.Duration) {
	d.body, d.timeout = body, timeout
	d.timer = time.AfterFunc(timeout, d.expire)
}

func (d *deadlineBody) expire() {
	d.expired.Store(true)
	_ = d.body.Close()
}

func (d *deadlineBody) Read(p []byte) (int, error) {
	n, err := d.body.Read(p)
	if err != nil && err != io.EOF && d.expired.Load() {
		err = &ResponseBodyTimeoutError{Limit: d.timeout}
	}
	return n, err
}

func (d *deadlineBody) Close() error {
	d.timer.Stop()
	return d.body.Close()
}

// RetryableError reports true: the attempt is retried like other timeouts.
func (e *ResponseBodyTimeoutError) RetryableError() bool { return true }
