package sigv4

import (
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
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for _, s := range segs {
		switch s {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	n := "/" + strings.Join(out, "/")
	if len(out) > 0 && strings.HasSuffix(p, "/") {
		n += "/"
	}
	return n
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
	for part := range strings.SplitSeq(raw, "&") {
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
