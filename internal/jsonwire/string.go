package jsonwire

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// readString consumes the string literal whose opening quote is at d.pos and returns its
// unescaped content: a slice of the input when it needs no rewriting, else d.buf. After a
// SyntaxError it returns nil.
func (d *Decoder) readString() []byte {
	start := d.pos + 1
	end, clean := d.scanString(start)
	if end < 0 {
		return nil
	}
	d.pos = end + 1
	if clean {
		return d.data[start:end]
	}
	d.buf = unescape(d.buf[:0], d.data[start:end])
	return d.buf
}

// scanString validates string content starting at i (just after the opening quote). It
// returns the index of the closing quote and whether the content can be used as is (no
// escapes and valid UTF-8), or -1 after recording a SyntaxError.
func (d *Decoder) scanString(i int) (end int, clean bool) {
	data := d.data
	clean = true
	for i < len(data) {
		c := data[i]
		if plainStringByte[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			return i, clean
		case c == '\\':
			clean = false
			n := d.escapeLen(i)
			if n < 0 {
				return -1, false
			}
			i += n
		case c < 0x20:
			d.badChar(i, "in string literal")
			return -1, false
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				clean = false
			}
			i += size
		}
	}
	d.badChar(i, "")
	return -1, false
}

// plainStringByte is true for the bytes a string literal holds as they are:
// printable ASCII but '"' and '\\'.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// escapeLen validates the escape sequence whose backslash is at i and returns its length,
// or -1 after recording a SyntaxError.
func (d *Decoder) escapeLen(i int) int {
	data := d.data
	if i+1 >= len(data) {
		d.badChar(i+1, "")
		return -1
	}
	switch data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		for j := i + 2; j < i+6; j++ {
			if j >= len(data) {
				d.badChar(j, "")
				return -1
			}
			if hexVal(data[j]) < 0 {
				d.badChar(j, `in \u hexadecimal character escape`)
				return -1
			}
		}
		return 6
	}
	d.badChar(i+1, "in string escape code")
	return -1
}

// hexVal returns the value of the hexadecimal digit c, or -1.
func hexVal(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// hex4 decodes the four hexadecimal digits at the start of s (already validated).
func hex4(s []byte) rune {
	return hexVal(s[0])<<12 | hexVal(s[1])<<8 | hexVal(s[2])<<4 | hexVal(s[3])
}

// unescape appends the unescaped form of s, string content already checked by scanString,
// to dst. Like encoding/json it turns each invalid UTF-8 byte and each unpaired surrogate
// escape into U+FFFD.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch s[i+1] {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := hex4(s[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					low := rune(-1)
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						low = hex4(s[i+2:])
					}
					if pair := utf16.DecodeRune(r, low); pair != unicode.ReplacementChar {
						dst = utf8.AppendRune(dst, pair)
						i += 6
						continue
					}
					r = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, s[i+1])
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, unicode.ReplacementChar)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
		}
	}
	return dst
}
