package jsonwire

// The decoder methods below serve the tests only: the client decodes no
// arrays and no bare nulls, so they are not part of the package.

// ArrayStart consumes the '[' that opens an array and returns true. For a JSON null it
// consumes the null and returns false; for any other value it records a *TypeError
// (expected "array") and returns false.
func (d *Decoder) ArrayStart() bool {
	switch k := d.next(); k {
	case KindArray:
		if !d.open() {
			return false
		}
		d.first = true
		return true
	case KindNull:
		d.literal("null")
	case KindInvalid:
	default:
		d.typeErr("array", k)
	}
	return false
}

// ArrayMore reports whether another element follows in the current array. It consumes the
// ',' between elements, and the closing ']' when it returns false.
func (d *Decoder) ArrayMore() bool {
	if d.err != nil {
		return false
	}
	d.skipWS()
	if d.pos >= len(d.data) {
		d.badChar(d.pos, "")
		return false
	}
	c := d.data[d.pos]
	if c == ']' && d.first {
		d.first = false
		d.pos++
		d.depth--
		return false
	}
	if d.first {
		// The element itself is checked when it is read.
		d.first = false
		return true
	}
	switch c {
	case ',':
		d.pos++
		return true
	case ']':
		d.pos++
		d.depth--
		return false
	}
	d.badChar(d.pos, "after array element")
	return false
}

// Null consumes the next value if it is a JSON null and reports whether it did; any other
// value is left in place.
func (d *Decoder) Null() bool {
	if d.Kind() != KindNull {
		return false
	}
	d.first = false
	return d.literal("null")
}

// StringPtr is [Decoder.String] returning a pointer to the string, or nil for a JSON null or
// after an error.
func (d *Decoder) StringPtr() *string {
	s, ok := d.String()
	if !ok {
		return nil
	}
	return &s
}

// NewDecoder returns a Decoder reading data, which it does not copy or modify.
func NewDecoder(data []byte) *Decoder {
	return &Decoder{data: data}
}
