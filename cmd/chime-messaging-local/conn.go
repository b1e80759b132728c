package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

// maxLoggedHead is how much of a request that never reached the handler is
// kept to name its method and path in the access log.
const maxLoggedHead = 512

// errorWriteTimeout bounds writing an error answer the emulator makes
// itself, to a client that may not be reading.
const errorWriteTimeout = 5 * time.Second

// watchListener wraps every accepted connection in a [watchedConn].
type watchListener struct {
	net.Listener
	log         *slog.Logger
	readTimeout time.Duration
}

func (l *watchListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &watchedConn{Conn: c, log: l.log, readTimeout: l.readTimeout}, nil
}

// watchedConn is one client connection. Go's HTTP server answers some
// requests itself, before any handler runs, in plain text and without
// logging them: a request it cannot parse (a bad %-escape in the path, a
// malformed header: 400), headers over MaxHeaderBytes (431), an Expect it
// does not support (417), an unknown transfer encoding (501). A client that
// stops in the middle of its headers is closed without a word. watchedConn
// sees those answers pass, as writes made while no handler of ours serves
// the connection, and replaces each with the service's error shape
// (x-amzn-RequestId, X-Amzn-ErrorType, {"Code","Message"}); it answers the
// header timeout with 408 likewise; and it logs each as an access-log line.
//
// The emulator's handler marks the connection as serving while it runs and
// flushes its whole answer before it returns (answers carry
// Content-Length), so every write made outside that window is Go's.
type watchedConn struct {
	net.Conn
	log         *slog.Logger
	readTimeout time.Duration

	mu       sync.Mutex // guards the fields below
	serving  bool       // a handler of ours runs on the connection
	answered bool       // Go's own answer was replaced; the rest of it is dropped
	head     []byte     // the first bytes read since the last handler ran
	started  time.Time  // when head's first byte arrived
}

// connKey is the context key of the request's *watchedConn.
type connKey struct{}

// withConn is the http.Server's ConnContext: it lets handlers find their
// connection.
func withConn(ctx context.Context, c net.Conn) context.Context {
	if wc, ok := c.(*watchedConn); ok {
		return context.WithValue(ctx, connKey{}, wc)
	}
	return ctx
}

// connOf returns the request's connection, or nil when the request did not
// come through a watchListener (a handler test).
func connOf(r *http.Request) *watchedConn {
	wc, _ := r.Context().Value(connKey{}).(*watchedConn)
	return wc
}

// startServing marks the connection as served by a handler of ours.
func (c *watchedConn) startServing() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.serving = true
	c.head = c.head[:0]
	c.mu.Unlock()
}

// stopServing ends the window opened by startServing; the handler's
// answer must have been flushed.
func (c *watchedConn) stopServing() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.serving = false
	c.mu.Unlock()
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.serving || c.answered {
		return n, err
	}
	if n > 0 {
		if len(c.head) == 0 {
			c.started = time.Now()
		}
		if room := maxLoggedHead - len(c.head); room > 0 {
			c.head = append(c.head, p[:min(n, room)]...)
		}
	}
	var ne net.Error
	if err != nil && errors.As(err, &ne) && ne.Timeout() && len(c.head) > 0 {
		// Part of a request arrived, then nothing within the read
		// timeout. (With nothing read, the connection was idle: Go closes
		// it, rightly, without an answer.)
		c.answerLocked(http.StatusRequestTimeout, "the request line and headers did not arrive within -read-timeout ("+c.readTimeout.String()+"); send the whole request without pausing")
	}
	return n, err
}

func (c *watchedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.serving {
		c.mu.Unlock()
		return c.Conn.Write(p)
	}
	defer c.mu.Unlock()
	if c.answered {
		return len(p), nil // the rest of Go's own answer
	}
	status, reason, ok := parseGoAnswer(p)
	if !ok {
		return c.Conn.Write(p)
	}
	c.answerLocked(status, goAnswerMessage(status, reason))
	return len(p), nil
}

// CloseWrite lets Go half-close the connection after a 431, as it does
// with a bare TCP connection.
func (c *watchedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// answerLocked writes an error answer in the service's shape, with a new
// request ID, closes the exchange and logs it. c.mu must be held.
func (c *watchedConn) answerLocked(status int, message string) {
	c.answered = true
	reqID := newRequestID()
	body, _ := json.Marshal(struct{ Code, Message string }{"BadRequest", message})
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + strconv.Itoa(status) + " " + http.StatusText(status) + "\r\n")
	b.WriteString("Content-Type: application/json\r\n")
	b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	b.WriteString("Connection: close\r\n")
	b.WriteString("Date: " + time.Now().UTC().Format(http.TimeFormat) + "\r\n")
	b.WriteString("x-amzn-RequestId: " + reqID + "\r\n")
	b.WriteString("X-Amzn-ErrorType: " + chimesdkmessagingtest.BadRequestException + "\r\n\r\n")
	b.Write(body)
	_ = c.Conn.SetWriteDeadline(time.Now().Add(errorWriteTimeout))
	_, _ = c.Conn.Write(b.Bytes())

	method, path := requestLineOf(c.head)
	latency := time.Duration(0)
	if !c.started.IsZero() {
		latency = time.Since(c.started)
	}
	c.log.Info("request",
		"method", method,
		"path", path,
		"status", status,
		"latency", latency.Round(time.Microsecond).String(),
		"request_id", reqID,
		"bearer", "",
		"error", message,
	)
}

// parseGoAnswer reads the status line of an answer Go's server writes
// itself ("HTTP/1.1 431 Request Header Fields Too Large\r\n...") and the
// reason in its plain-text body, if any.
func parseGoAnswer(p []byte) (status int, reason string, ok bool) {
	rest, found := bytes.CutPrefix(p, []byte("HTTP/1.1 "))
	if !found || len(rest) < 3 {
		return 0, "", false
	}
	status, err := strconv.Atoi(string(rest[:3]))
	if err != nil || status < 400 || status > 599 {
		return 0, "", false
	}
	if _, body, found := bytes.Cut(rest, []byte("\r\n\r\n")); found {
		reason = string(body)
	}
	return status, reason, true
}

// goAnswerMessage words the error message for an answer Go made: what
// happened, and what to change.
func goAnswerMessage(status int, reason string) string {
	// Go's body is the status line, then ": detail" for some errors.
	prefix := strconv.Itoa(status) + " " + http.StatusText(status)
	detail := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(reason), prefix), ": ")
	switch status {
	case http.StatusRequestHeaderFieldsTooLarge:
		return "the request line and headers are larger than the emulator reads (" +
			strconv.Itoa(chimesdkmessagingtest.MaxHeaderBytes>>10) + " KiB); a request of this API needs a few KiB"
	case http.StatusBadRequest:
		msg := "the HTTP request could not be parsed"
		if detail != "" {
			msg += " (" + detail + ")"
		}
		return msg + "; check the request line (method, path and its %-escapes) and the headers"
	}
	msg := "the HTTP request was refused: " + prefix
	if detail != "" {
		msg += " (" + detail + ")"
	}
	return msg
}

// requestLineOf returns the method and path of the request line at the
// start of head, or "-" for what cannot be told.
func requestLineOf(head []byte) (method, path string) {
	line, _, _ := bytes.Cut(head, []byte("\r\n"))
	parts := strings.SplitN(string(line), " ", 3)
	method, path = "-", "-"
	if len(parts) >= 1 && parts[0] != "" {
		method = parts[0]
	}
	if len(parts) >= 2 && parts[1] != "" {
		path = parts[1]
	}
	return method, path
}
