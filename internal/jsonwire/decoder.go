package jsonwire

// maxDepth is the deepest nesting of objects and arrays accepted, the same limit as
// encoding/json; deeper input is a SyntaxError rather than a stack overflow.
const maxDepth = 10000

// Decoder is a pull decoder over a complete JSON document held in a byte slice.
//
// The caller drives it in document order, for example:
//
//	if d.ObjectStart() {
//		for d.More() {
//			switch string(d.Key()) {
//			case "Name":
//				out.Name, _ = d.String()
//			default:
//				d.Skip()
//			}
//		}
//	}
//	d.End()
//	if err := d.Err(); err != nil { ... }
//
// The first error is sticky: afterwards every method is a no-op returning zero values and
// [Decoder.Err] reports it. A Decoder is not safe for concurrent use.
type Decoder struct {
	data  []byte
	pos   int
	depth int
	// first is set by ObjectStart (and the tests' ArrayStart): the next More is for the first
	// member, so it expects no comma.
	first bool
	err   error
	// buf holds unescaped keys and strings; it is reused across calls.
	buf []byte
}

// Reset makes d read data from the start, clearing any error. It keeps d's scratch buffer,
// so reusing a Decoder does not allocate.
func (d *Decoder) Reset(data []byte) {
	*d = Decoder{data: data, buf: d.buf[:0]}
}

// Err returns the first error met, a *SyntaxError or *TypeError, or nil.
func (d *Decoder) Err() error {
	return d.err
}

// Offset returns the current byte offset in the input.
func (d *Decoder) Offset() int {
	return d.pos
}

// End requires that only whitespace remains after the value read; otherwise it records a
// *SyntaxError whose message starts with "trailing data".
func (d *Decoder) End() {
	if d.err != nil {
		return
	}
	d.skipWS()
	if d.pos < len(d.data) {
		d.syntaxErr(d.pos, "trailing data: invalid character "+quoteChar(d.data[d.pos])+" after top-level value")
	}
}

// Kind reports the kind of the next value, judged by its first byte, without consuming it.
// It returns KindEnd when only whitespace remains and KindInvalid after an error or when
// the next byte cannot start a value. A value that starts well may still turn out to be
// malformed when it is read.
func (d *Decoder) Kind() Kind {
	if d.err != nil {
		return KindInvalid
	}
	d.skipWS()
	if d.pos >= len(d.data) {
		return KindEnd
	}
	return kindOf(d.data[d.pos])
}

// skipWS advances past JSON whitespace.
func (d *Decoder) skipWS() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// next positions d at the start of the next value and returns its kind. It records a
// SyntaxError (and returns KindInvalid) at the end of input or when no value can start
// there. It also ends the "first member" state, since a value is being read.
func (d *Decoder) next() Kind {
	if d.err != nil {
		return KindInvalid
	}
	d.first = false
	d.skipWS()
	if d.pos >= len(d.data) {
		d.badChar(d.pos, "")
		return KindInvalid
	}
	k := kindOf(d.data[d.pos])
	if k == KindInvalid {
		d.badChar(d.pos, "looking for beginning of value")
	}
	return k
}

// open consumes the '{' or '[' at d.pos and enters one nesting level.
func (d *Decoder) open() bool {
	d.pos++
	d.depth++
	if d.depth > maxDepth {
		d.syntaxErr(d.pos-1, "exceeded max depth")
		return false
	}
	return true
}

// literal consumes the keyword lit ("true", "false" or "null") at d.pos.
func (d *Decoder) literal(lit string) bool {
	for i := 0; i < len(lit); i++ {
		p := d.pos + i
		if p >= len(d.data) || d.data[p] != lit[i] {
			if p < len(d.data) {
				d.badChar(p, "in literal "+lit+" (expecting "+quoteChar(lit[i])+")")
			} else {
				d.badChar(p, "")
			}
			return false
		}
	}
	d.pos += len(lit)
	return true
}
