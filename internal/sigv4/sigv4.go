// Package sigv4 signs HTTP requests with AWS Signature Version 4 (the
// Authorization-header form; presigned URLs are not supported) and verifies
// such signatures for the in-process fake service.
//
// The signer is built to cost little per call: derived signing keys are
// cached per [Signer], the canonical request and the string to sign are
// built in one pooled buffer, HMAC-SHA256 over the string to sign runs on
// stack buffers, and hex encoding avoids fmt. Correctness is pinned byte for
// byte by the AWS SigV4 test suite in testdata/sigv4.
package sigv4

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Keys is the key material a signature needs: the access key pair and, for
// temporary credentials, the session token (the first three fields of
// credentials.Credentials, copied by the caller: package credentials signs
// its STS requests with this package, so this one cannot import it).
type Keys struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
}

// EmptyPayloadHash is the hex SHA-256 of the empty string.
const EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// Algorithm is the SigV4 algorithm name used in the Authorization header and
// the string to sign.
const Algorithm = "AWS4-HMAC-SHA256"

// Header names the signer sets.
const (
	headerAuthorization = "Authorization"
	headerAmzDate       = "X-Amz-Date"
	headerSecurityToken = "X-Amz-Security-Token"
)

// amzDateLayout is the X-Amz-Date format, for parsing only; formatting is
// done by appendAmzDate without the time package's formatter.
const amzDateLayout = "20060102T150405Z"

// Signer signs and verifies SigV4 requests. Create it with [New]; the zero
// value is not usable. A Signer is safe for concurrent use by many
// goroutines and should be shared: its derived-key cache and buffer pool
// are what make signing cheap.
//
// No fmt verb prints what a Signer holds: its key cache is keyed by secret
// access keys, so the state sits behind a function value, which fmt prints
// as an address even where it cannot call a method (an unexported field
// printed with a verb that does not fit it).
type Signer struct {
	state func() *signerState
}

// signerState is what a Signer keeps between signatures.
type signerState struct {
	keys keyCache
	bufs sync.Pool // of *buffer
}

// amzDate returns the X-Amz-Date value of t (UTC, to the second).
func amzDate(t time.Time) string {
	var buf [16]byte
	return string(appendAmzDate(buf[:0], t))
}

// buffer is the pooled scratch space for one signing operation.
type buffer struct {
	b []byte
}

// maxPooledBuffer bounds the capacity of a buffer returned to the pool, so
// one huge request does not pin memory for ever.
const maxPooledBuffer = 64 << 10

// New returns a Signer ready for use.
func New() *Signer {
	st := &signerState{}
	st.bufs.New = func() any { return &buffer{b: make([]byte, 0, 2048)} }
	return &Signer{state: func() *signerState { return st }}
}

func (s *Signer) getBuffer() *buffer {
	buf := s.state().bufs.Get().(*buffer)
	buf.b = buf.b[:0]
	return buf
}

func (s *Signer) putBuffer(buf *buffer) {
	if cap(buf.b) > maxPooledBuffer {
		return
	}
	s.state().bufs.Put(buf)
}

// SignHTTP signs req in place for header-based SigV4: it sets X-Amz-Date,
// sets X-Amz-Security-Token when creds.SessionToken is not empty (and
// removes a stale one otherwise), and sets Authorization, replacing any
// earlier values of these headers.
//
// payloadHash is the lowercase hex SHA-256 of the body ([EmptyPayloadHash]
// for no body). The host is req.Host if set, else req.URL.Host. The
// canonical URI is req.URL.EscapedPath() percent-encoded once more (the
// standard non-S3 double encoding); the canonical query comes from
// req.URL.RawQuery. Signed are host, content-length when req.ContentLength
// is positive, and every header in req.Header except Authorization,
// User-Agent, X-Amzn-Trace-Id, Expect, Transfer-Encoding and the hop-by-hop
// headers.
func (s *Signer) SignHTTP(req *http.Request, creds Keys, payloadHash, service, region string, t time.Time) error {
	if req == nil || req.URL == nil {
		return errors.New("request or its URL is nil; build the request with http.NewRequest")
	}
	if err := checkSignParams(creds, payloadHash, service, region); err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header, 8)
	}
	amzDate := amzDate(t)
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	var arr [maxStackHeaders]headerEntry
	vals := &[3]string{amzDate}
	hs := prepareHeaders(arr[:0], req.Header, host, req.ContentLength, vals, creds.SessionToken)

	buf := s.getBuffer()
	in := canonicalInput{
		method:      req.Method,
		url:         req.URL,
		rawQuery:    req.URL.RawQuery,
		headers:     hs,
		payloadHash: payloadHash,
	}
	key := s.state().keys.get(creds.SecretAccessKey, amzDate[:8], region, service)
	lay := buildAndSign(buf, &in, amzDate, region, service, key)
	auth := string(appendAuthorization(buf.b[len(buf.b):], creds.AccessKeyID, buf.b, &lay))
	s.putBuffer(buf)
	vals[1] = auth
	req.Header[headerAuthorization] = vals[1:2:2]
	return nil
}

// checkSignParams rejects inputs that could only produce a useless signature.
func checkSignParams(creds Keys, payloadHash, service, region string) error {
	switch {
	case creds.AccessKeyID == "" || creds.SecretAccessKey == "":
		return errors.New("credentials lack an access key ID or secret access key; configure a credentials provider that returns both")
	case payloadHash == "":
		return errors.New("payload hash is empty; pass the hex SHA-256 of the body (EmptyPayloadHash for no body)")
	case service == "":
		return errors.New("signing service name is empty; pass the service's signing name (e.g. \"chime\")")
	case region == "":
		return errors.New("signing region is empty; set the client's Region")
	}
	return nil
}

// isOwnedHeader reports whether k names a header the signer sets itself.
func isOwnedHeader(k string) bool {
	switch len(k) {
	case len(headerAuthorization):
		return asciiEqualFold(k, headerAuthorization)
	case len(headerAmzDate):
		return asciiEqualFold(k, headerAmzDate)
	case len(headerSecurityToken):
		return asciiEqualFold(k, headerSecurityToken)
	}
	return false
}

// appendAmzDate appends t in UTC as YYYYMMDD'T'HHMMSS'Z'.
func appendAmzDate(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append4(b, y)
	b = append2(b, int(mo))
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, h)
	b = append2(b, mi)
	b = append2(b, s)
	return append(b, 'Z')
}

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10%10), byte('0'+v%10))
}

// appendAuthorization appends the Authorization header value, reading the
// credential scope and signed header list and the signature from the
// regions of src recorded in lay.
func appendAuthorization(b []byte, accessKeyID string, src []byte, lay *layout) []byte {
	b = append(b, Algorithm+" Credential="...)
	b = append(b, accessKeyID...)
	b = append(b, '/')
	b = append(b, src[lay.scope.start:lay.scope.end]...)
	b = append(b, ", SignedHeaders="...)
	b = append(b, src[lay.signed.start:lay.signed.end]...)
	b = append(b, ", Signature="...)
	return append(b, lay.signature[:]...)
}

// Format prints a *Signer as "sigv4.Signer{[redacted]}" under every verb:
// its key cache is keyed by secret access keys.
func (s *Signer) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, "sigv4.Signer{[redacted]}") }
