package main

import (
	"bufio"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// accessLog wraps h and logs one line per request: method, escaped path,
// status, latency, the request ID and the x-amz-chime-bearer header. It
// never logs Authorization, X-Amz-Security-Token or the body (which holds
// the FilterRule).
func accessLog(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			if sw.hijacked {
				status = 0
			}
			log.Info("request",
				"method", r.Method,
				"path", r.URL.EscapedPath(),
				"status", status,
				"latency", time.Since(start).Round(time.Microsecond).String(),
				"request_id", requestID(sw.Header()),
				"bearer", r.Header.Get("X-Amz-Chime-Bearer"),
			)
		}()
		h.ServeHTTP(sw, r)
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
