package jsonwire

// Skip consumes the next value of any type, validating it fully (nested containers
// included) without allocating.
func (d *Decoder) Skip() {
	d.skipValue()
}

// skipValue consumes one value. Each nesting level costs one stack frame; the depth limit
// keeps that bounded.
func (d *Decoder) skipValue() {
	switch d.next() {
	case KindObject:
		d.skipObject()
	case KindArray:
		d.skipArray()
	case KindString:
		if end, _ := d.scanString(d.pos + 1); end >= 0 {
			d.pos = end + 1
		}
	case KindNumber:
		if end := d.scanNumber(); end >= 0 {
			d.pos = end
		}
	case KindBool:
		if d.data[d.pos] == 't' {
			d.literal("true")
		} else {
			d.literal("false")
		}
	case KindNull:
		d.literal("null")
	}
}

// skipObject consumes an object whose '{' is at d.pos.
func (d *Decoder) skipObject() {
	if !d.open() {
		return
	}
	d.skipWS()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return
	}
	for {
		d.skipWS()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			d.badChar(d.pos, "looking for beginning of object key string")
			return
		}
		end, _ := d.scanString(d.pos + 1)
		if end < 0 {
			return
		}
		d.pos = end + 1
		d.skipWS()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			d.badChar(d.pos, "after object key")
			return
		}
		d.pos++
		d.skipValue()
		if d.err != nil {
			return
		}
		d.skipWS()
		if d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',':
				d.pos++
				continue
			case '}':
				d.pos++
				d.depth--
				return
			}
		}
		d.badChar(d.pos, "after object key:value pair")
		return
	}
}

// skipArray consumes an array whose '[' is at d.pos.
func (d *Decoder) skipArray() {
	if !d.open() {
		return
	}
	d.skipWS()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return
	}
	for {
		d.skipValue()
		if d.err != nil {
			return
		}
		d.skipWS()
		if d.pos < len(d.data) {
			switch d.data[d.pos] {
			case ',':
				d.pos++
				continue
			case ']':
				d.pos++
				d.depth--
				return
			}
		}
		d.badChar(d.pos, "after array element")
		return
	}
}
