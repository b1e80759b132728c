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

	// small holds data when its size estimate fits, so a typical body and
	// its payload take one allocation.
	small [smallPayload]byte
}

// smallPayload is the body size a payload holds itself: with the
// serializer's estimate, a body with a FilterRule of up to about 64 bytes.
const smallPayload = 192

// attemptBody returns the body of one attempt: a reader of its own over the
// body bytes, never the payload itself. net/http may still be writing an
// attempt's body after the attempt returned (a response can come before the
// whole body went out), while the retry middleware rewinds the payload for
// the next attempt: a shared reader would be a data race.
func (p *payload) attemptBody() io.ReadCloser {
	r, _ := p.newBody()
	return r
}

// newBody returns a fresh reader of the body bytes.
func (p *payload) newBody() (io.ReadCloser, error) {
	r := &bodyReader{}
	r.Reset(p.data)
	return r, nil
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
