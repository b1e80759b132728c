package benchmarks

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// memTransport is an in-memory http.RoundTripper: it drains and closes the
// request body and answers 200 with the canned JSON body for the request's
// path, the headers a real response carries (Content-Type, Content-Length,
// Date, X-Amzn-RequestId) and nothing else. Every client pays the same for
// it: one header map, one body reader, one response.
type memTransport struct {
	date    dateCache
	inspect func(*http.Request) // test hook; nil in benchmarks
}

var _ http.RoundTripper = (*memTransport)(nil)

func newMemTransport(inspect func(*http.Request)) *memTransport {
	return &memTransport{inspect: inspect}
}

// cannedBody is a response body over an immutable string.
type cannedBody struct{ strings.Reader }

func (*cannedBody) Close() error { return nil }

// RoundTrip answers r from memory.
func (t *memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.inspect != nil {
		t.inspect(r)
	}
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	body := responseFor(r.URL.Path)
	b := &cannedBody{}
	b.Reset(body)
	h := make(http.Header, 4)
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	h["Date"] = t.date.get()
	h["X-Amzn-Requestid"] = []string{requestID}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          b,
		ContentLength: int64(len(body)),
		Request:       r,
	}, nil
}

// dateCache keeps the current Date header value, formatted once a second,
// so responses carry a fresh Date (clients derive clock skew from it)
// without formatting it on every call.
type dateCache struct{ v atomic.Pointer[dateStamp] }

type dateStamp struct {
	sec   int64
	value []string
}

func (d *dateCache) get() []string {
	now := time.Now().Unix()
	if s := d.v.Load(); s != nil && s.sec == now {
		return s.value
	}
	s := &dateStamp{sec: now, value: []string{time.Unix(now, 0).UTC().Format(http.TimeFormat)}}
	d.v.Store(s)
	return s.value
}

// newLoopbackServer starts an httptest server on 127.0.0.1 that drains each
// request body and answers like memTransport.
func newLoopbackServer(inspect func(*http.Request)) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if inspect != nil {
			inspect(r)
		}
		_, _ = io.Copy(io.Discard, r.Body)
		body := responseFor(r.URL.Path)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["X-Amzn-Requestid"] = []string{requestID}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, _ = io.WriteString(w, body)
	}))
}

// newLoopbackClient returns an http.Client with its own connection pool,
// large enough that parallel callers reuse connections instead of dialling.
func newLoopbackClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns:        100,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     90 * time.Second,
	}}
}
