package sigv4

import (
	"net/http"
	"time"
)

// Request describes a request for [Signer.Compute], the inspectable form of
// [Signer.SignHTTP] used to check the signer against the AWS test suite.
type Request struct {
	// Method is the HTTP method; empty means GET.
	Method string
	// Host is the value signed as the host header.
	Host string
	// Path is the path as sent on the wire (for an *http.Request,
	// URL.EscapedPath()); it is percent-encoded once more for the
	// canonical URI.
	Path string
	// RawQuery is the query string without '?'.
	RawQuery string
	// Header holds the request headers other than Host and Content-Length.
	// Compute does not modify it.
	Header http.Header
	// ContentLength is signed as content-length when positive.
	ContentLength int64
	// NormalizePath removes "." and ".." segments and duplicate slashes
	// from Path before encoding. SignHTTP never does this (AWS services
	// other than S3 sign the path as sent, and this client sends clean
	// paths); the option exists for the test suite's normalize cases.
	NormalizePath bool
	// OmitSessionToken leaves X-Amz-Security-Token out of the signature
	// (the caller adds it to the request after signing). SignHTTP always
	// signs the token; a few services expect it added after signing.
	OmitSessionToken bool
}

// Result is everything Compute derived for a request.
type Result struct {
	// CanonicalRequest is the SigV4 canonical request, without a trailing newline.
	CanonicalRequest string
	// StringToSign is the SigV4 string to sign.
	StringToSign string
	// SignedHeaders is the ';'-separated list of signed header names.
	SignedHeaders string
	// Signature is the lowercase hex signature.
	Signature string
	// Authorization is the Authorization header value.
	Authorization string
	// AmzDate is the X-Amz-Date header value.
	AmzDate string
}

// String describes r without the canonical request (which may hold a
// session token), the signature or the Authorization value.
func (r Result) String() string {
	return "sigv4.Result{SignedHeaders: " + r.SignedHeaders + ", AmzDate: " + r.AmzDate + ", Signature: [redacted]}"
}

// GoString is String, so %#v redacts as well.
func (r Result) GoString() string { return r.String() }

// Compute signs r exactly as SignHTTP would sign the equivalent
// *http.Request and returns the intermediate results. It is meant for
// tests and diagnostics; SignHTTP is the fast path.
func (s *Signer) Compute(r *Request, creds Keys, payloadHash, service, region string, t time.Time) (Result, error) {
	if err := checkSignParams(creds, payloadHash, service, region); err != nil {
		return Result{}, err
	}
	amzDate := amzDate(t)
	h := r.Header.Clone()
	if h == nil {
		h = make(http.Header)
	}
	token := creds.SessionToken
	if r.OmitSessionToken {
		token = ""
	}

	in := canonicalInput{
		method:      r.Method,
		path:        r.Path,
		normalize:   r.NormalizePath,
		rawQuery:    r.RawQuery,
		headers:     prepareHeaders(nil, h, r.Host, r.ContentLength, &[3]string{amzDate}, token),
		payloadHash: payloadHash,
	}
	key := s.state().keys.get(creds.SecretAccessKey, amzDate[:8], region, service)
	buf := &buffer{}
	lay := buildAndSign(buf, &in, amzDate, region, service, key)
	res := Result{
		CanonicalRequest: string(buf.b[lay.canonical.start:lay.canonical.end]),
		StringToSign:     string(buf.b[lay.stringToSign.start:lay.stringToSign.end]),
		SignedHeaders:    string(buf.b[lay.signed.start:lay.signed.end]),
		Signature:        string(lay.signature[:]),
		Authorization:    string(appendAuthorization(nil, creds.AccessKeyID, buf.b, &lay)),
		AmzDate:          string(amzDate),
	}
	return res, nil
}
