package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/chimekit/chimesdkmessaging/internal/rfc3986"
)

// maxStackHeaders is how many headers fit in the stack array the signer
// collects them in; requests with more still work, with one allocation.
const maxStackHeaders = 24

// headerEntry is one canonical header: its name (any case; written in lower
// case) and either its values or, for content-length, a number.
type headerEntry struct {
	name   string
	values []string
	single string // used when values is nil and isNum is false
	num    int64
	isNum  bool
}

// canonicalInput is everything that goes into a canonical request.
type canonicalInput struct {
	method      string
	path        string   // on-the-wire (escaped) path; encoded once more
	url         *url.URL // when set, used instead of path (see appendCanonicalURLPath)
	normalize   bool     // remove dot segments and duplicate slashes first
	rawQuery    string
	headers     []headerEntry // sorted by lower-case name
	payloadHash string
}

// span is a region [start, end) of a buffer.
type span struct{ start, end int }

// layout records where the parts of a signing operation live in the
// buffer, plus the hex signature.
type layout struct {
	canonical    span
	signed       span // signed header list, inside canonical
	stringToSign span
	scope        span // credential scope, inside stringToSign
	signature    [2 * sha256.Size]byte
}

// buildAndSign writes the canonical request and the string to sign into buf
// and signs the latter with key.
func buildAndSign(buf *buffer, in *canonicalInput, amzDate string, region, service string, key *derivedKey) layout {
	var lay layout
	b := buf.b
	lay.canonical.start = len(b)
	b, lay.signed = appendCanonicalRequest(b, in)
	lay.canonical.end = len(b)
	sum := sha256.Sum256(b[lay.canonical.start:lay.canonical.end])

	padStart := len(b)
	b = append(b, key.ipad[:]...)
	lay.stringToSign.start = len(b)
	b = append(b, Algorithm+"\n"...)
	b = append(b, amzDate...)
	b = append(b, '\n')
	lay.scope.start = len(b)
	b = append(b, amzDate[:8]...)
	b = append(b, '/')
	b = append(b, region...)
	b = append(b, '/')
	b = append(b, service...)
	b = append(b, "/aws4_request"...)
	lay.scope.end = len(b)
	b = append(b, '\n')
	b = appendHex(b, sum[:])
	lay.stringToSign.end = len(b)

	sig := key.sign(b[padStart:lay.stringToSign.end])
	hex.Encode(lay.signature[:], sig[:])
	buf.b = b
	return lay
}

func appendHex(b []byte, src []byte) []byte {
	const digits = "0123456789abcdef"
	for _, c := range src {
		b = append(b, digits[c>>4], digits[c&0x0f])
	}
	return b
}

// appendCanonicalRequest appends the canonical request (without a trailing
// newline) and returns where its signed header list is.
func appendCanonicalRequest(b []byte, in *canonicalInput) ([]byte, span) {
	method := in.method
	if method == "" {
		method = http.MethodGet
	}
	b = append(b, method...)
	b = append(b, '\n')
	n := len(b)
	switch {
	case in.url != nil:
		b = appendCanonicalURLPath(b, in.url)
	case in.normalize:
		b = rfc3986.AppendEscaped(b, normalizePath(in.path), true)
	default:
		b = rfc3986.AppendEscaped(b, in.path, true)
	}
	if len(b) == n {
		b = append(b, '/') // an empty path is "/"
	}
	b = append(b, '\n')
	b = appendCanonicalQuery(b, in.rawQuery)
	b = append(b, '\n')
	for i := range in.headers {
		h := &in.headers[i]
		if i > 0 && asciiEqualFold(h.name, in.headers[i-1].name) {
			// Same header under another spelling: continue its value list.
			b[len(b)-1] = ','
		} else {
			b = appendLower(b, h.name)
			b = append(b, ':')
		}
		b = appendHeaderValue(b, h)
		b = append(b, '\n')
	}
	b = append(b, '\n')
	var signed span
	signed.start = len(b)
	for i := range in.headers {
		if i > 0 && asciiEqualFold(in.headers[i].name, in.headers[i-1].name) {
			continue
		}
		if i > 0 {
			b = append(b, ';')
		}
		b = appendLower(b, in.headers[i].name)
	}
	signed.end = len(b)
	b = append(b, '\n')
	b = append(b, in.payloadHash...)
	return b, signed
}

// appendHeaderValue appends the header's values, each trimmed with inner
// whitespace runs folded to one space, joined with ",".
func appendHeaderValue(b []byte, h *headerEntry) []byte {
	switch {
	case h.isNum:
		return strconv.AppendInt(b, h.num, 10)
	case h.values == nil:
		return appendTrimmed(b, h.single)
	}
	for i, v := range h.values {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendTrimmed(b, v)
	}
	return b
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// appendTrimmed appends v without leading and trailing whitespace and with
// each inner run of whitespace replaced by a single space.
func appendTrimmed(b []byte, v string) []byte {
	i, j := 0, len(v)
	for i < j && isSpace(v[i]) {
		i++
	}
	for j > i && isSpace(v[j-1]) {
		j--
	}
	v = v[i:j]
	start := 0 // first byte of the pending run copied as it is
	for k := 0; k < len(v); k++ {
		c := v[k]
		if c > ' ' || !isSpace(c) || (c == ' ' && !isSpace(v[k+1])) {
			continue // v[k+1] exists: v does not end in whitespace
		}
		// A tab or newline, or a run of two or more whitespace bytes: fold
		// to one space.
		b = append(b, v[start:k]...)
		b = append(b, ' ')
		for k+1 < len(v) && isSpace(v[k+1]) {
			k++
		}
		start = k + 1
	}
	return append(b, v[start:]...)
}

// prepareHeaders readies h for signing and returns the headers to sign,
// appended to hs and sorted by lower-case name. It sets X-Amz-Date to
// amzDate and, when token is not empty, X-Amz-Security-Token to token,
// removing every other spelling of these headers, of Authorization and,
// without a token, any stale X-Amz-Security-Token. Signed are host,
// content-length when positive, and every header of h that is not ignored.
// One pass over h does both jobs.
//
// The header values it sets are slices of vals (X-Amz-Date in vals[0], the
// token in vals[2]; vals[1] is left for Authorization), so that one
// allocation holds every value the signer sets.
func prepareHeaders(hs []headerEntry, h http.Header, host string, contentLength int64, vals *[3]string, token string) []headerEntry {
	hs = append(hs, headerEntry{name: "host", single: host})
	if contentLength > 0 {
		hs = append(hs, headerEntry{name: "content-length", num: contentLength, isNum: true})
	}
	for k, vs := range h {
		if isOwnedHeader(k) {
			// The canonical spellings are overwritten below; others go.
			if k != headerAmzDate && k != headerAuthorization && (k != headerSecurityToken || token == "") {
				delete(h, k)
			}
			continue
		}
		if len(vs) == 0 || ignoredHeader(k) {
			continue
		}
		hs = append(hs, headerEntry{name: k, values: vs})
	}
	date := vals[0:1:1]
	h[headerAmzDate] = date
	hs = append(hs, headerEntry{name: headerAmzDate, values: date})
	if token != "" {
		vals[2] = token
		tok := vals[2:3:3]
		h[headerSecurityToken] = tok
		hs = append(hs, headerEntry{name: headerSecurityToken, values: tok})
	}
	sortHeaders(hs)
	return hs
}

// sortHeaders is an insertion sort by lower-case name: requests carry a
// handful of headers, and sort.Slice would make hs escape to the heap.
func sortHeaders(hs []headerEntry) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && lessFold(hs[j].name, hs[j-1].name); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// ignoredHeader reports whether SignHTTP leaves header k unsigned: the
// headers the signer or transport own, ones that proxies may change, and
// the hop-by-hop headers.
func ignoredHeader(k string) bool {
	switch len(k) {
	case 2:
		return asciiEqualFold(k, "TE")
	case 4:
		return asciiEqualFold(k, "Host")
	case 6:
		return asciiEqualFold(k, "Expect")
	case 7:
		return asciiEqualFold(k, "Trailer") || asciiEqualFold(k, "Upgrade")
	case 10:
		return asciiEqualFold(k, "User-Agent") || asciiEqualFold(k, "Connection") || asciiEqualFold(k, "Keep-Alive")
	case 13:
		return asciiEqualFold(k, "Authorization")
	case 14:
		return asciiEqualFold(k, "Content-Length")
	case 15:
		return asciiEqualFold(k, "X-Amzn-Trace-Id")
	case 17:
		return asciiEqualFold(k, "Transfer-Encoding")
	case 18:
		return asciiEqualFold(k, "Proxy-Authenticate")
	case 19:
		return asciiEqualFold(k, "Proxy-Authorization")
	}
	return false
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func appendLower(b []byte, s string) []byte {
	n := len(b)
	b = slices.Grow(b, len(s))[:n+len(s)]
	dst := b[n:]
	for i := 0; i < len(s) && i < len(dst); i++ {
		dst[i] = lower(s[i])
	}
	return b
}

// asciiEqualFold is strings.EqualFold restricted to ASCII, as header names are.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// lessFold orders strings by their ASCII lower-case bytes.
func lessFold(a, b string) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := lower(a[i]), lower(b[i])
		if ca != cb {
			return ca < cb
		}
	}
	return len(a) < len(b)
}
