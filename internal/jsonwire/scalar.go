package jsonwire

// String returns the next value, which must be a JSON string, unescaped, with ok true. A
// JSON null is consumed and yields ("", false). Any other value records a *TypeError. The
// result is a new string (one allocation unless it is empty).
func (d *Decoder) String() (s string, ok bool) {
	switch k := d.next(); k {
	case KindString:
		b := d.readString()
		if d.err != nil {
			return "", false
		}
		return string(b), true
	case KindNull:
		d.literal("null")
	case KindInvalid:
	default:
		d.typeErr("string", k)
	}
	return "", false
}

// Number returns the next value, which must be a JSON number, as its literal text (for
// example "-1.5e3"). A JSON null is consumed and yields "". Any other value records a
// *TypeError.
func (d *Decoder) Number() string {
	switch k := d.next(); k {
	case KindNumber:
		start := d.pos
		end := d.scanNumber()
		if end < 0 {
			return ""
		}
		d.pos = end
		return string(d.data[start:end])
	case KindNull:
		d.literal("null")
	case KindInvalid:
	default:
		d.typeErr("number", k)
	}
	return ""
}

// Bool returns the next value, which must be true or false. A JSON null is consumed and
// yields false. Any other value records a *TypeError.
func (d *Decoder) Bool() bool {
	switch k := d.next(); k {
	case KindBool:
		if d.data[d.pos] == 't' {
			return d.literal("true")
		}
		d.literal("false")
	case KindNull:
		d.literal("null")
	case KindInvalid:
	default:
		d.typeErr("bool", k)
	}
	return false
}

// scanNumber validates the number starting at d.pos and returns the index just past it, or
// -1 after recording a SyntaxError.
func (d *Decoder) scanNumber() int {
	data := d.data
	i := d.pos
	if data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		d.badChar(i, "")
		return -1
	case data[i] == '0':
		i++
	case isDigit(data[i]):
		i = skipDigits(data, i+1)
	default:
		d.badChar(i, "in numeric literal")
		return -1
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || !isDigit(data[i]) {
			d.badChar(i, "after decimal point in numeric literal")
			return -1
		}
		i = skipDigits(data, i+1)
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			d.badChar(i, "in exponent of numeric literal")
			return -1
		}
		i = skipDigits(data, i+1)
	}
	return i
}

// isDigit reports whether c is an ASCII decimal digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipDigits returns the index of the first non-digit at or after i.
func skipDigits(data []byte, i int) int {
	for i < len(data) && isDigit(data[i]) {
		i++
	}
	return i
}

// StringIn is [Decoder.String] for a decoder whose input is also held as the
// string src (the same bytes): a value without escapes is returned as a
// substring of src, so decoding allocates nothing for it.
func (d *Decoder) StringIn(src string) (s string, ok bool) {
	if len(src) != len(d.data) {
		return d.String()
	}
	switch k := d.next(); k {
	case KindString:
		start := d.pos + 1
		end, clean := d.scanString(start)
		if end < 0 {
			return "", false
		}
		d.pos = end + 1
		if clean {
			return src[start:end], true
		}
		d.buf = unescape(d.buf[:0], d.data[start:end])
		return string(d.buf), true
	case KindNull:
		d.literal("null")
	case KindInvalid:
	default:
		d.typeErr("string", k)
	}
	return "", false
}
