package main

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// maxDrainedBody is how much of a body the service left unread the
// emulator reads before it answers, as Go's server would after it (256
// KiB); with more left, Go closes the connection.
const maxDrainedBody = 256 << 10

// accessLog wraps h and logs one line per request: method, escaped path,
// status, latency, the request ID and the x-amz-chime-bearer header. It
// never logs Authorization, X-Amz-Security-Token or the body (which holds
// the FilterRule).
//
// It also marks the request's connection as served (see watchedConn),
// tracks the body for a shutdown (see bodyReads), and flushes the whole
// answer before it returns.
func accessLog(log *slog.Logger, bodies *bodyReads, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		conn := connOf(r)
		conn.startServing()
		defer conn.stopServing()
		tb := bodies.track(w, r)
		defer bodies.untrack(tb)
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if !sw.hijacked && r.Body != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrainedBody))
		}
		bodies.untrack(tb)
		status := sw.status
		switch {
		case sw.hijacked:
			status = 0
		case status == 0:
			status = http.StatusOK
		}
		// Logged before the answer leaves: a client that has its answer
		// finds the line in the log, even if the process is killed then.
		log.Info("request",
			"method", r.Method,
			"path", r.URL.EscapedPath(),
			"status", status,
			"latency", time.Since(start).Round(time.Microsecond).String(),
			"request_id", requestID(sw.Header()),
			"bearer", r.Header.Get("X-Amz-Chime-Bearer"),
		)
		if !sw.hijacked {
			_ = http.NewResponseController(sw).Flush()
		}
	})
}

// statusWriter records the status a handler writes.
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Hijack lets the fake drop a connection, as its fault injection does.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("connection cannot be hijacked")
	}
	w.hijacked = true
	return hj.Hijack()
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestID returns the x-amzn-RequestId response header, which the fake
// sets with AWS's spelling rather than Go's canonical one.
func requestID(h http.Header) string {
	if v := h.Get("X-Amzn-Requestid"); v != "" {
		return v
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, "x-amzn-RequestId") {
			return v[0]
		}
	}
	return ""
}

// newRequestID returns a random UUID (version 4), the form of the
// x-amzn-RequestId values the service answers with.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return strings.Join([]string{h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]}, "-")
}
