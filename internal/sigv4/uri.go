package sigv4

import (
	"bytes"
	"net/url"
	"sort"
	"strings"
)

// isUnreserved reports whether c is in the RFC 3986 unreserved set, which
// SigV4 leaves unencoded.
func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// appendURIEncoded appends s with every byte outside the unreserved set
// (and outside '/', when keepSlash) percent-encoded with upper-case hex.
func appendURIEncoded(b []byte, s string, keepSlash bool) []byte {
	const hexUpper = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || (keepSlash && c == '/') {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexUpper[c>>4], hexUpper[c&0x0f])
	}
	return b
}

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

// queryPair is one decoded-then-re-encoded query parameter.
type queryPair struct{ key, value string }

// appendCanonicalQuery appends the canonical query string for raw: each
// parameter percent-decoded ('+' as space, as url.ParseQuery does; invalid
// escapes kept literally), re-encoded with the SigV4 unreserved set, sorted
// by key then value and joined with '&'. A parameter without '=' gets an
// empty value.
func appendCanonicalQuery(b []byte, raw string) []byte {
	if raw == "" {
		return b
	}
	pairs := make([]queryPair, 0, strings.Count(raw, "&")+1)
	var scratch []byte
	for rest := raw; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		scratch = appendURIEncoded(scratch[:0], queryUnescape(k), false)
		ek := string(scratch)
		scratch = appendURIEncoded(scratch[:0], queryUnescape(v), false)
		pairs = append(pairs, queryPair{key: ek, value: string(scratch)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].key != pairs[j].key {
			return pairs[i].key < pairs[j].key
		}
		return pairs[i].value < pairs[j].value
	})
	for i, p := range pairs {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, p.key...)
		b = append(b, '=')
		b = append(b, p.value...)
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

// escapedPath is u.EscapedPath() without its allocation in the common case
// of a RawPath that is a valid encoding of Path (the client sets both, per
// PROTOCOL.md §2.2); other cases defer to net/url.
func escapedPath(u *url.URL) string {
	if u.RawPath != "" && validEncodedPath(u.RawPath) && unescapesTo(u.RawPath, u.Path) {
		return u.RawPath
	}
	return u.EscapedPath()
}

// validEncodedPath mirrors net/url's check that s may be used as an
// already-encoded path: RFC 3986 pchars, '/' and '%'.
func validEncodedPath(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c):
		case strings.IndexByte("!$&'()*+,;=:@[]%/", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// unescapesTo reports whether percent-decoding raw (strictly: every '%'
// starts a two-digit hex escape) yields exactly want.
func unescapesTo(raw, want string) bool {
	j := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '%' {
			if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
				return false
			}
			c = unhex(raw[i+1])<<4 | unhex(raw[i+2])
			i += 2
		}
		if j >= len(want) || want[j] != c {
			return false
		}
		j++
	}
	return j == len(want)
}
