package chimesdkmessaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// payload is a request body that knows its SHA-256, computed once per call
// however many attempts sign it.
type payload struct {
	bytes.Reader
	data []byte
	hash string

	// first is the first attempt's body: a reader of its own, since the
	// retry loop rewinds the payload's embedded reader (RewindStream) while
	// a transport may still read an abandoned attempt's body.
	first bytes.Reader
	sent  bool // first went to a transport (see attemptBody)

	// small holds data when its size estimate fits, so a typical body and
	// its payload take one allocation.
	small [smallPayload]byte
}

// smallPayload is the body size a payload holds itself: with the
// serializer's estimate, a body with a FilterRule of up to about 64 bytes.
const smallPayload = 192

// attemptBody returns the body of one attempt: the payload's first-attempt
// reader for the first, and a new reader for each later one, so a
// transport still reading an abandoned attempt's body never shares a reader
// with the next attempt or with the retry loop's rewind of the payload.
// Attempts of one call run one after another on the call's goroutine.
//
// Every body is an io.NopCloser over a *bytes.Reader, a reader net/http
// knows to be in memory: it then writes the headers and the body in one
// write (net/http flushes the headers on their own, one system call and one
// TCP segment more, before a body of any other type).
func (p *payload) attemptBody() io.ReadCloser {
	if !p.sent {
		p.sent = true
		p.first.Reset(p.data)
		return io.NopCloser(&p.first)
	}
	r, _ := p.newBody()
	return r
}

// newBody returns a fresh in-memory reader of the body bytes.
func (p *payload) newBody() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(p.data)), nil
}

// Close does nothing: the bytes stay valid for every attempt.
func (*payload) Close() error { return nil }

// requestPayload returns the client's own body of req, its stream, or nil
// when there is none or a middleware of the caller's replaced it.
func requestPayload(req *smithyhttp.Request) *payload {
	p, _ := req.GetStream().(*payload)
	return p
}

// withBody returns req with p as its stream. SetStream clones the request;
// it is lent no header map to copy and the clone gets the map, since the
// original request is dropped.
func withBody(req *smithyhttp.Request, p *payload) (*smithyhttp.Request, error) {
	header := req.Header
	req.Header = nil
	out, err := req.SetStream(p)
	if err != nil {
		return nil, &smithy.SerializationError{Err: err}
	}
	out.Header = header
	out.ContentLength = int64(len(p.data))
	return out, nil
}

func newPayload(b []byte) *payload {
	p := &payload{data: b}
	p.setHash()
	return p
}

// newPayloadAppend returns a payload whose body is what appendBody appends
// to an empty slice of capacity sizeHint, held in the payload itself when
// it fits.
func newPayloadAppend(sizeHint int, appendBody func([]byte) []byte) *payload {
	p := &payload{}
	var dst []byte
	if sizeHint <= smallPayload {
		dst = p.small[:0]
	} else {
		dst = make([]byte, 0, sizeHint)
	}
	p.data = appendBody(dst)
	p.setHash()
	return p
}

// setHash computes the hash of p.data and points the reader at it.
func (p *payload) setHash() {
	sum := sha256.Sum256(p.data)
	var h [2 * sha256.Size]byte
	hex.Encode(h[:], sum[:])
	p.hash = string(h[:])
	p.Reader.Reset(p.data)
}
