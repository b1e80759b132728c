// Package chimearn holds the one ChimeArn rule that the client's input
// checks and the fake service share.
//
// The rule is the Amazon Chime SDK Messaging API model's ChimeArn shape:
// 5 to 1,600 characters and the pattern
//
//	arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/].{0,1023}
//
// Smithy's pattern trait is an ECMA 262 regular expression that is not
// implicitly anchored (Smithy IDL specification, "pattern trait"), and this
// one carries no ^ or $. A value therefore satisfies it when some part of it
// matches: text before "arn:" and a resource part longer than 1,024
// characters within the 1,600-character total both pass. The service's own
// check is not documented beyond the model, so the client follows the model
// as written and lets the service refuse anything stricter: it is never
// stricter than the service can be.
package chimearn

import "unicode/utf8"

// Length bounds of the ChimeArn shape, in characters.
const (
	MinLength = 5
	MaxLength = 1600
)

// MatchPattern reports whether some part of v matches the ChimeArn pattern
// (see the package documentation). Because the pattern is unanchored, its
// trailing .{0,1023} never limits a match: a match needs "arn:", four
// colon-terminated segments of [a-z0-9.-] (the first non-empty, each at most
// 63 bytes) and one more character that is not '/'.
func MatchPattern(v string) bool {
	for i := 0; i+4 <= len(v); i++ {
		if v[i:i+4] == "arn:" && matchAt(v[i+4:]) {
			return true
		}
	}
	return false
}

// matchAt reports whether s, the text after an "arn:", continues the
// pattern.
func matchAt(s string) bool {
	i := 0
	for seg := 0; seg < 4; seg++ {
		start := i
		for i < len(s) && i-start < 64 && isSegmentByte(s[i]) {
			i++
		}
		n := i - start
		if n > 63 || (seg == 0 && n == 0) || i >= len(s) || s[i] != ':' {
			return false
		}
		i++
	}
	return i < len(s) && s[i] != '/'
}

func isSegmentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// Length returns v's length in characters as the model counts it, with the
// byte length where that settles the bounds (at most MaxLength bytes is at
// most MaxLength characters; 4*MinLength bytes or more are at least
// MinLength characters).
func Length(v string) int {
	if n := len(v); n <= MaxLength && n >= 4*MinLength {
		return n
	}
	return utf8.RuneCountInString(v)
}

// InBounds reports whether v's length is within the shape's bounds.
func InBounds(v string) bool {
	n := Length(v)
	return n >= MinLength && n <= MaxLength
}
