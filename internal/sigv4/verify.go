package sigv4

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxSkew is the clock skew AWS tolerates between the request time
// and the server's clock; Verify uses it when maxSkew is not positive.
const DefaultMaxSkew = 5 * time.Minute

// VerifyErrorKind classifies a verification failure so that a fake service
// can map it to the AWS error code.
type VerifyErrorKind int

// The kinds of verification failure.
const (
	// VerifyMalformed: missing or garbled Authorization, X-Amz-Date, scope
	// or algorithm (AWS IncompleteSignatureException or
	// InvalidSignatureException; MissingAuthenticationTokenException when
	// there is no Authorization header at all).
	VerifyMalformed VerifyErrorKind = iota + 1
	// VerifyUnknownAccessKey: lookupSecret does not know the access key ID
	// (AWS UnrecognizedClientException).
	VerifyUnknownAccessKey
	// VerifySignatureMismatch: the signature does not match (AWS
	// InvalidSignatureException).
	VerifySignatureMismatch
	// VerifyExpired: the request time is further than maxSkew from now
	// (AWS InvalidSignatureException "Signature expired: ...").
	VerifyExpired
	// VerifyWrongScope: the credential scope's date, region or service is
	// not the expected one (AWS InvalidSignatureException).
	VerifyWrongScope
)

// String names the kind.
func (k VerifyErrorKind) String() string {
	switch k {
	case VerifyMalformed:
		return "VerifyMalformed"
	case VerifyUnknownAccessKey:
		return "VerifyUnknownAccessKey"
	case VerifySignatureMismatch:
		return "VerifySignatureMismatch"
	case VerifyExpired:
		return "VerifyExpired"
	case VerifyWrongScope:
		return "VerifyWrongScope"
	}
	return "VerifyErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// VerifyError is the error Verify returns. Message is worded like the AWS
// error message for the same failure and never contains the secret, the
// expected signature or the Authorization header.
type VerifyError struct {
	Kind    VerifyErrorKind
	Message string
}

// Error returns the AWS-style message.
func (e *VerifyError) Error() string { return e.Message }

func verifyErr(kind VerifyErrorKind, msg string) *VerifyError {
	return &VerifyError{Kind: kind, Message: msg}
}

// Verify checks a server-side request signed in the Authorization header by
// any correct SigV4 client. It recomputes the signature over exactly the
// headers listed in SignedHeaders, using the on-the-wire path (the part of
// req.RequestURI before '?' when set, else req.URL.EscapedPath()), req.Host
// for host, req.ContentLength for content-length and X-Amz-Date (or Date)
// for the request time, which must be within maxSkew of now
// ([DefaultMaxSkew] when maxSkew is not positive). lookupSecret returns the
// secret access key for an access key ID. Whether the key also requires a
// session token is the caller's concern: [Signer.VerifyRequest] returns
// the signed header list to check it against. Failures are *VerifyError.
func (s *Signer) Verify(req *http.Request, payloadHash, service, region string, now time.Time, maxSkew time.Duration, lookupSecret func(accessKeyID string) (secret string, ok bool)) error {
	_, err := s.VerifyRequest(req, payloadHash, service, region, now, maxSkew, lookupSecret)
	return err
}

// Verified describes a request whose signature [Signer.VerifyRequest]
// accepted, as read from its one parsed Authorization header.
type Verified struct {
	// AccessKeyID is the access key ID of the credential scope.
	AccessKeyID string
	// SignedHeaders are the header names the signature covers, as listed.
	SignedHeaders []string
}

// Signs reports whether the signature covers header name (compared
// case-insensitively).
func (v *Verified) Signs(name string) bool {
	for _, h := range v.SignedHeaders {
		if asciiEqualFold(h, name) {
			return true
		}
	}
	return false
}

// VerifyRequest is [Signer.Verify] that also returns what it verified, so
// that later checks (such as "the session token must be signed") read the
// same parsed Authorization header as the signature check did.
func (s *Signer) VerifyRequest(req *http.Request, payloadHash, service, region string, now time.Time, maxSkew time.Duration, lookupSecret func(accessKeyID string) (secret string, ok bool)) (*Verified, error) {
	if maxSkew <= 0 {
		maxSkew = DefaultMaxSkew
	}
	auth, err := parseAuthorization(req.Header)
	if err != nil {
		return nil, err
	}
	reqTime, amzDate, err := requestTime(req.Header)
	if err != nil {
		return nil, err
	}
	if err := checkScope(auth, amzDate, service, region); err != nil {
		return nil, err
	}
	secret, ok := lookupSecret(auth.accessKeyID)
	if !ok {
		return nil, verifyErr(VerifyUnknownAccessKey, "The security token included in the request is invalid.")
	}
	if err := checkSkew(reqTime, now, maxSkew); err != nil {
		return nil, err
	}

	path, rawQuery := wirePathAndQuery(req)
	host := req.Host
	if host == "" && req.URL != nil {
		host = req.URL.Host
	}
	in := canonicalInput{
		method:      req.Method,
		path:        path,
		rawQuery:    rawQuery,
		headers:     signedHeaderEntries(req, host, auth.signedHeaders),
		payloadHash: payloadHash,
	}
	key := s.state().keys.get(secret, amzDate[:8], region, service)
	buf := s.getBuffer()
	lay := buildAndSign(buf, &in, amzDate, region, service, key)
	s.putBuffer(buf)
	if subtle.ConstantTimeCompare(lay.signature[:], []byte(auth.signature)) != 1 {
		return nil, verifyErr(VerifySignatureMismatch, "The request signature we calculated does not match the signature you provided. "+
			"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return &Verified{AccessKeyID: auth.accessKeyID, SignedHeaders: auth.signedHeaders}, nil
}

// authorization is a parsed SigV4 Authorization header.
type authorization struct {
	accessKeyID, date, region, service string
	signedHeaders                      []string
	signature                          string
}

// parseAuthorization parses "AWS4-HMAC-SHA256 Credential=AKID/date/region/
// service/aws4_request, SignedHeaders=a;b, Signature=hex".
func parseAuthorization(h http.Header) (*authorization, error) {
	values := h.Values(headerAuthorization)
	switch {
	case len(values) == 0 || strings.TrimSpace(values[0]) == "":
		return nil, verifyErr(VerifyMalformed, "Missing Authentication Token")
	case len(values) > 1:
		return nil, verifyErr(VerifyMalformed, "Only one Authorization header is allowed.")
	}
	alg, rest, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	if alg != Algorithm {
		return nil, verifyErr(VerifyMalformed, "Unsupported signing algorithm; only "+Algorithm+" is accepted in the Authorization header.")
	}
	var cred, signed, sig string
	var haveCred, haveSigned, haveSig bool
	var seen []string // parameter names so far; a header has a handful
	for part := range strings.SplitSeq(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		if name != "" && slices.Contains(seen, name) {
			// One reading for every check: with two lists, one check could
			// read the first and another the last.
			return nil, verifyErr(VerifyMalformed, "Authorization header is malformed: parameter '"+name+"' appears more than once.")
		}
		seen = append(seen, name)
		switch name {
		case "Credential":
			cred, haveCred = value, true
		case "SignedHeaders":
			signed, haveSigned = value, true
		case "Signature":
			sig, haveSig = value, true
		}
	}
	var missing strings.Builder
	for _, m := range []struct {
		have bool
		name string
	}{{haveCred, "Credential"}, {haveSig, "Signature"}, {haveSigned, "SignedHeaders"}} {
		if !m.have {
			missing.WriteString("Authorization header requires '" + m.name + "' parameter. ")
		}
	}
	if missing.Len() > 0 {
		return nil, verifyErr(VerifyMalformed, strings.TrimSpace(missing.String()))
	}
	elems := strings.Split(cred, "/")
	if len(elems) != 5 {
		return nil, verifyErr(VerifyMalformed, "Authorization header is malformed: Credential must have exactly 5 slash-delimited elements, "+
			"e.g. keyid/date/region/service/term, got "+strconv.Itoa(len(elems))+".")
	}
	if elems[0] == "" {
		return nil, verifyErr(VerifyMalformed, "Authorization header is malformed: Credential has an empty access key ID.")
	}
	if elems[4] != "aws4_request" {
		return nil, verifyErr(VerifyMalformed, "Credential should be scoped with a valid terminator: 'aws4_request', not '"+elems[4]+"'.")
	}
	a := &authorization{
		accessKeyID: elems[0], date: elems[1], region: elems[2], service: elems[3],
		signedHeaders: strings.Split(signed, ";"),
		signature:     sig,
	}
	hasHost := false
	for _, n := range a.signedHeaders {
		if n == "" {
			return nil, verifyErr(VerifyMalformed, "Authorization header is malformed: SignedHeaders has an empty header name.")
		}
		hasHost = hasHost || asciiEqualFold(n, "host")
	}
	if !hasHost {
		return nil, verifyErr(VerifyMalformed, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return a, nil
}

// requestTime returns the request time from X-Amz-Date, or else Date, and
// its ISO-8601 basic form used in the string to sign.
func requestTime(h http.Header) (time.Time, string, error) {
	if v := h.Get(headerAmzDate); v != "" {
		t, err := time.Parse(amzDateLayout, v)
		if err != nil {
			return time.Time{}, "", verifyErr(VerifyMalformed,
				"X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".")
		}
		return t, v, nil
	}
	if v := h.Get("Date"); v != "" {
		t, err := http.ParseTime(v)
		if err != nil {
			return time.Time{}, "", verifyErr(VerifyMalformed, "Date must be an HTTP date (RFC 7231), e.g. \"Mon, 01 Jan 2024 00:00:00 GMT\".")
		}
		return t, string(appendAmzDate(nil, t)), nil
	}
	return time.Time{}, "", verifyErr(VerifyMalformed,
		"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
}

// checkScope compares the credential scope with the request date and the
// expected region and service.
func checkScope(a *authorization, amzDate, service, region string) error {
	if a.date != amzDate[:8] {
		return verifyErr(VerifyWrongScope, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+
			a.date+"' != '"+amzDate[:8]+"', from '"+amzDate+"'.")
	}
	if a.region != region {
		return verifyErr(VerifyWrongScope, "Credential should be scoped to a valid region: '"+region+"', not '"+a.region+"'.")
	}
	if a.service != service {
		return verifyErr(VerifyWrongScope, "Credential should be scoped to correct service: '"+service+"', not '"+a.service+"'.")
	}
	return nil
}

// checkSkew rejects a request time more than maxSkew away from now, in the
// wording AWS uses.
func checkSkew(reqTime, now time.Time, maxSkew time.Duration) error {
	mins := strconv.FormatFloat(maxSkew.Minutes(), 'f', -1, 64) + " min."
	iso := func(t time.Time) string { return string(appendAmzDate(nil, t)) }
	if earliest := now.Add(-maxSkew); reqTime.Before(earliest) {
		return verifyErr(VerifyExpired, "Signature expired: "+iso(reqTime)+" is now earlier than "+iso(earliest)+
			" ("+iso(now)+" - "+mins+")")
	}
	if latest := now.Add(maxSkew); reqTime.After(latest) {
		return verifyErr(VerifyExpired, "Signature not yet current: "+iso(reqTime)+" is still later than "+iso(latest)+
			" ("+iso(now)+" + "+mins+")")
	}
	return nil
}

// wirePathAndQuery returns the path and query as the client sent them.
func wirePathAndQuery(req *http.Request) (string, string) {
	if strings.HasPrefix(req.RequestURI, "/") {
		path, query, _ := strings.Cut(req.RequestURI, "?")
		return path, query
	}
	if req.URL == nil {
		return "/", ""
	}
	return req.URL.EscapedPath(), req.URL.RawQuery
}

// signedHeaderEntries returns the canonical header entries for exactly the
// names in signed, in that order.
func signedHeaderEntries(req *http.Request, host string, signed []string) []headerEntry {
	hs := make([]headerEntry, 0, len(signed))
	for _, name := range signed {
		switch {
		case asciiEqualFold(name, "host"):
			hs = append(hs, headerEntry{name: name, single: host})
			continue
		case asciiEqualFold(name, "content-length") && req.ContentLength >= 0:
			hs = append(hs, headerEntry{name: name, num: req.ContentLength, isNum: true})
			continue
		}
		found := false
		for k, vs := range req.Header {
			if asciiEqualFold(k, name) {
				hs = append(hs, headerEntry{name: name, values: vs})
				found = true
			}
		}
		if !found {
			hs = append(hs, headerEntry{name: name})
		}
	}
	return hs
}
