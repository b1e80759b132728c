package jsonwire

// ObjectStart consumes the '{' that opens an object and returns true. For a JSON null it
// consumes the null and returns false; for any other value it records a *TypeError
// (expected "object") and returns false.
func (d *Decoder) ObjectStart() bool {
	switch k := d.next(); k {
	case KindObject:
		if !d.open() {
			return false
		}
		d.first = true
		return true
	case KindNull:
		d.literal("null")
	case KindInvalid:
	default:
		d.typeErr("object", k)
	}
	return false
}

// More reports whether another member follows in the current object. It consumes the ','
// between members, and the closing '}' when it returns false.
func (d *Decoder) More() bool {
	if d.err != nil {
		return false
	}
	d.skipWS()
	if d.pos >= len(d.data) {
		d.badChar(d.pos, "")
		return false
	}
	c := d.data[d.pos]
	if d.first {
		d.first = false
		switch c {
		case '}':
			d.pos++
			d.depth--
			return false
		case '"':
			return true
		}
		d.badChar(d.pos, "looking for beginning of object key string")
		return false
	}
	switch c {
	case ',':
		d.pos++
		return true
	case '}':
		d.pos++
		d.depth--
		return false
	}
	d.badChar(d.pos, "after object key:value pair")
	return false
}

// Key returns the next member name, unescaped, and consumes the ':' after it. The result
// aliases the input or d's scratch buffer and is valid only until the next call on d; it
// does not allocate when the name has no escapes. After an error it returns nil.
func (d *Decoder) Key() []byte {
	if d.err != nil {
		return nil
	}
	d.first = false
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		d.badChar(d.pos, "looking for beginning of object key string")
		return nil
	}
	key := d.readString()
	if d.err != nil {
		return nil
	}
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != ':' {
		d.badChar(d.pos, "after object key")
		return nil
	}
	d.pos++
	return key
}
