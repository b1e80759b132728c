package sigv4

import (
	"bytes"
	"net/url"
	"slices"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/rfc3986"
)

// appendCanonicalURLPath appends the canonical URI for u: its escaped path
// (as u.EscapedPath() returns it) percent-encoded once more. When RawPath
// is a valid encoding of Path, as the client sets it, validation and
// encoding happen in one pass with no allocation.
func appendCanonicalURLPath(b []byte, u *url.URL) []byte {
	if raw := u.RawPath; raw != "" {
		if out, ok := appendCanonicalRawPath(b, raw, u.Path); ok {
			return out
		}
	}
	return rfc3986.AppendEscaped(b, u.EscapedPath(), true)
}

// appendCanonicalRawPath appends raw percent-encoded once more and reports
// whether raw is a valid encoding of path (what url.URL.EscapedPath checks
// before it returns RawPath). On false, b's contents past its length are
// garbage. Runs between escapes are checked and copied in bulk.
func appendCanonicalRawPath(b []byte, raw, path string) ([]byte, bool) {
	k := 0 // bytes of path matched so far
	for {
		run := raw
		i := strings.IndexByte(raw, '%')
		if i >= 0 {
			run = raw[:i]
		}
		if len(path)-k < len(run) || path[k:k+len(run)] != run {
			return b, false
		}
		plain := true
		for j := 0; j < len(run); j++ {
			switch rawPathClass[run[j]] {
			case rawPathInvalid:
				return b, false
			case rawPathEncode:
				plain = false
			}
		}
		if plain {
			b = append(b, run...)
		} else {
			for j := 0; j < len(run); j++ {
				if c := run[j]; rawPathClass[c] == rawPathPlain {
					b = append(b, c)
				} else {
					b = append(b, '%', rfc3986.HexUpper[c>>4], rfc3986.HexUpper[c&0x0f])
				}
			}
		}
		k += len(run)
		if i < 0 {
			return b, k == len(path)
		}
		if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) ||
			k >= len(path) || path[k] != unhex(raw[i+1])<<4|unhex(raw[i+2]) {
			return b, false
		}
		b = append(b, '%', '2', '5', raw[i+1], raw[i+2])
		k++
		raw = raw[i+3:]
	}
}

// Classes of bytes in an encoded path: invalid there, copied as they are
// (unreserved and '/'), or valid but percent-encoded in the canonical URI
// (the other bytes net/url accepts in an encoded path, '%' aside).
const (
	rawPathInvalid = iota
	rawPathPlain
	rawPathEncode
)

var rawPathClass = func() (t [256]uint8) {
	for c := range t {
		b := byte(c)
		switch {
		case b == '%':
		case rfc3986.IsUnreserved(b) || b == '/':
			t[c] = rawPathPlain
		case isPathChar(b):
			t[c] = rawPathEncode
		}
	}
	return t
}()

// normalizePath removes "." and ".." segments and empty segments (duplicate
// slashes) from an absolute path, keeping a trailing slash when the path
// had one. The result always starts with "/".
func normalizePath(p string) string {
	out := make([]byte, 0, len(p)+1)
	for rest := p; rest != ""; {
		var seg string
		seg, rest, _ = strings.Cut(rest, "/")
		switch seg {
		case "", ".":
		case "..":
			out = out[:max(bytes.LastIndexByte(out, '/'), 0)]
		default:
			out = append(out, '/')
			out = append(out, seg...)
		}
	}
	if len(out) == 0 {
		return "/"
	}
	if strings.HasSuffix(p, "/") {
		out = append(out, '/')
	}
	return string(out)
}

// appendCanonicalQuery appends the canonical query string for raw: each
// parameter percent-decoded ('+' as space, as url.ParseQuery does; invalid
// escapes kept literally), re-encoded with the SigV4 unreserved set, sorted
// by key then value and joined with '&'. A parameter without '=' gets an
// empty value.
func appendCanonicalQuery(b []byte, raw string) []byte {
	if raw == "" {
		return b
	}
	// Each parameter is held as key, NUL, value: escaped keys and values
	// never hold a NUL (it is escaped as %00), so sorting these strings
	// orders by key then value, and one string sort serves every caller.
	pairs := make([]string, 0, strings.Count(raw, "&")+1)
	var scratch []byte
	for rest := raw; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		scratch = rfc3986.AppendEscaped(scratch[:0], queryUnescape(k), false)
		scratch = append(scratch, 0)
		scratch = rfc3986.AppendEscaped(scratch, queryUnescape(v), false)
		pairs = append(pairs, string(scratch))
	}
	slices.Sort(pairs)
	for i, p := range pairs {
		if i > 0 {
			b = append(b, '&')
		}
		k, v, _ := strings.Cut(p, "\x00")
		b = append(b, k...)
		b = append(b, '=')
		b = append(b, v...)
	}
	return b
}

// queryUnescape decodes %XX escapes and '+' (as space). Malformed escapes
// are kept as literal characters instead of failing.
func queryUnescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			out = append(out, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// isPathChar reports whether net/url accepts c in an encoded path
// (RFC 3986 pchars, '/' and '%').
func isPathChar(c byte) bool {
	switch {
	case c < 64:
		return pathCharsLow>>c&1 == 1
	case c < 128:
		return pathCharsHigh>>(c-64)&1 == 1
	}
	return false
}

// pathCharsLow and pathCharsHigh are bitmaps of the bytes net/url accepts in
// an encoded path (unreserved, sub-delims, ':', '@', '[', ']', '%', '/')
// for bytes 0-63 and 64-127.
const (
	pathCharsLow = rfc3986.UnreservedLow | 1<<'!' | 1<<'$' | 1<<'&' | 1<<'\'' | 1<<'(' | 1<<')' | 1<<'*' | 1<<'+' |
		1<<',' | 1<<';' | 1<<'=' | 1<<':' | 1<<'%' | 1<<'/'
	pathCharsHigh = rfc3986.UnreservedHigh | 1<<('@'-64) | 1<<('['-64) | 1<<(']'-64)
)
