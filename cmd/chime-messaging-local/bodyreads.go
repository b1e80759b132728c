package main

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// bodyReads tracks the requests whose body is still arriving, so that a
// shutdown can cut off the clients that stall it: Shutdown waits for every
// request in flight, and a request whose client sends half a body and then
// nothing would hold it until -read-timeout.
type bodyReads struct {
	mu     sync.Mutex
	active map[*trackedBody]struct{}
	cutAt  time.Time // when set, the deadline of every body read
}

func newBodyReads() *bodyReads { return &bodyReads{active: map[*trackedBody]struct{}{}} }

// trackedBody is a request body being read.
type trackedBody struct {
	io.ReadCloser
	reads *bodyReads
	rc    *http.ResponseController
}

// track replaces r.Body with one whose reading a shutdown can cut short;
// untrack must be called before the handler returns.
func (b *bodyReads) track(w http.ResponseWriter, r *http.Request) *trackedBody {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	tb := &trackedBody{ReadCloser: r.Body, reads: b, rc: http.NewResponseController(w)}
	b.mu.Lock()
	b.active[tb] = struct{}{}
	if !b.cutAt.IsZero() {
		_ = tb.rc.SetReadDeadline(b.cutAt)
	}
	b.mu.Unlock()
	r.Body = tb
	return tb
}

// untrack forgets tb: its handler is returning.
func (b *bodyReads) untrack(tb *trackedBody) {
	if tb == nil {
		return
	}
	b.mu.Lock()
	delete(b.active, tb)
	b.mu.Unlock()
}

// cut gives every body still arriving, and every body that starts
// arriving from now on, until now+grace; a read past it fails, and the
// service answers 400.
func (b *bodyReads) cut(grace time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cutAt = time.Now().Add(grace)
	for tb := range b.active {
		_ = tb.rc.SetReadDeadline(b.cutAt)
	}
}

func (tb *trackedBody) Read(p []byte) (int, error) {
	n, err := tb.ReadCloser.Read(p)
	if err != nil {
		// The body is over (EOF) or broken: from here on Go's server may
		// read the connection for the next request, whose deadline is not
		// ours to set.
		tb.reads.untrack(tb)
	}
	return n, err
}
