package chimesdkmessaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/types"
)

// payload is a request body that knows its SHA-256, computed once per call
// however many attempts sign it.
type payload struct {
	bytes.Reader
	data []byte
	hash string
	sent bool // the reader itself has been handed to a transport

	// small holds data when its size estimate fits, so a typical body and
	// its payload take one allocation.
	small [smallPayload]byte
}

// smallPayload is the body size a payload holds itself: with the
// serializer's estimate, a body with a FilterRule of up to about 64 bytes.
const smallPayload = 192

// newBody returns a fresh reader of the body bytes.
func (p *payload) newBody() (io.ReadCloser, error) {
	r := &bodyReader{}
	r.Reset(p.data)
	return r, nil
}

// firstBody returns p itself, rewound, the first time it is asked for and
// nil after that: the first attempt sends p, each later attempt a reader of
// its own, so a transport still reading an abandoned attempt never shares a
// reader with the next one.
func (p *payload) firstBody() io.ReadCloser {
	if p.sent { // set only by the call's own goroutine, in the transport
		return nil
	}
	p.sent = true
	p.Reset(p.data)
	return p
}

// Close does nothing: the bytes stay valid for every attempt.
func (*payload) Close() error { return nil }

// requestPayload returns the client's own body of req, from its stream or
// from Request.Body, or nil.
func requestPayload(req *smithyhttp.Request) *payload {
	if p, ok := req.GetStream().(*payload); ok {
		return p
	}
	if p, ok := req.Body.(*payload); ok && req.GetStream() == nil {
		return p
	}
	return nil
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

// checkLabels rejects nil or empty path labels before any I/O.
func checkLabels(channelArn, memberArn *string) error {
	if channelArn == nil || *channelArn == "" {
		return &smithy.SerializationError{Err: fmt.Errorf("input member ChannelArn must not be empty")}
	}
	if memberArn == nil || *memberArn == "" {
		return &smithy.SerializationError{Err: fmt.Errorf("input member MemberArn must not be empty")}
	}
	return nil
}

func strOrNil(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func prefsString(p *types.ChannelMembershipPreferences) string {
	if p == nil {
		return "<nil>"
	}
	return p.String()
}

func outputString(channelArn *string, member *types.Identity, prefs *types.ChannelMembershipPreferences) string {
	m := "<nil>"
	if member != nil {
		m = member.String()
	}
	return "{ChannelArn:" + strOrNil(channelArn) + " Member:" + m + " Preferences:" + prefsString(prefs) + "}"
}

// formatString writes s for any fmt verb (quoted for %q), so fmt never walks
// a struct's fields and prints a sensitive member.
func formatString(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}
