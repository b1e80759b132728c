// Package rfc3986 is the one percent-encoder of the client: RFC 3986's
// unreserved set (section 2.3: A-Z a-z 0-9 - . _ ~) stays literal, every
// other byte becomes %XX with upper-case hex (section 2.1). The request's
// path labels and the SigV4 canonical request both use it.
package rfc3986

import "slices"

// UnreservedLow and UnreservedHigh are bitmaps of the unreserved set for
// the bytes 0-63 and 64-127; bytes from 128 on are never unreserved.
const (
	UnreservedLow  uint64 = 1<<'-' | 1<<'.' | (1<<10-1)<<'0'
	UnreservedHigh uint64 = (1<<26-1)<<('A'-64) | 1<<('_'-64) | (1<<26-1)<<('a'-64) | 1<<('~'-64)
)

// HexUpper holds the upper-case hex digits, indexed by value.
const HexUpper = "0123456789ABCDEF"

// IsUnreserved reports whether c is in the unreserved set.
func IsUnreserved(c byte) bool {
	switch {
	case c < 64:
		return UnreservedLow>>c&1 == 1
	case c < 128:
		return UnreservedHigh>>(c-64)&1 == 1
	}
	return false
}

// EscapedLen returns the length of s once escaped (with '/' kept literal
// when keepSlash).
func EscapedLen(s string, keepSlash bool) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; !IsUnreserved(c) && !(keepSlash && c == '/') {
			n += 2
		}
	}
	return n
}

// AppendEscaped appends s to b with every byte outside the unreserved set
// (and other than '/', when keepSlash) percent-encoded.
func AppendEscaped(b []byte, s string, keepSlash bool) []byte {
	n := len(b)
	m := EscapedLen(s, keepSlash)
	b = slices.Grow(b, m)
	out := b[n : n+m]
	j := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if IsUnreserved(c) || (keepSlash && c == '/') {
			out[j] = c
			j++
			continue
		}
		out[j], out[j+1], out[j+2] = '%', HexUpper[c>>4], HexUpper[c&0x0f]
		j += 3
	}
	return b[:n+j]
}
