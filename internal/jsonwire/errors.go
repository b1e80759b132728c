package jsonwire

import "strconv"

// SyntaxError reports input that is not valid JSON.
type SyntaxError struct {
	// Offset is the byte index in the input at which the problem was found (the offending
	// byte, or len(input) when the input ended too early).
	Offset int
	// Msg describes the problem in encoding/json's words, e.g.
	// "invalid character 'x' looking for beginning of value".
	Msg string
}

// Error returns the message with its offset, e.g.
// "json: syntax error at byte 12: invalid character 'x' looking for beginning of value".
func (e *SyntaxError) Error() string {
	return "json: syntax error at byte " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// TypeError reports a well-formed value of a JSON type the caller did not ask for.
type TypeError struct {
	// Offset is the byte index at which the unexpected value starts.
	Offset int
	// Expected is the JSON type the caller asked for ("object", "string", ...).
	Expected string
	// Got is the JSON type found ("array", "number", "bool", ...).
	Got string
}

// Error returns e.g. "json: expected string, got number at byte 40".
func (e *TypeError) Error() string {
	return "json: expected " + e.Expected + ", got " + e.Got + " at byte " + strconv.Itoa(e.Offset)
}

// quoteChar formats c for an error message the way encoding/json does.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// fail records err unless an error is already recorded.
func (d *Decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// syntaxErr records a SyntaxError at offset off.
func (d *Decoder) syntaxErr(off int, msg string) {
	d.fail(&SyntaxError{Offset: off, Msg: msg})
}

// badChar records a SyntaxError for the byte at i (or for the end of input when i is past it),
// with context completing "invalid character 'x' ...".
func (d *Decoder) badChar(i int, context string) {
	if i >= len(d.data) {
		d.syntaxErr(len(d.data), "unexpected end of JSON input")
		return
	}
	d.syntaxErr(i, "invalid character "+quoteChar(d.data[i])+" "+context)
}

// typeErr records a TypeError for a value of kind got at the current offset.
func (d *Decoder) typeErr(expected string, got Kind) {
	d.fail(&TypeError{Offset: d.pos, Expected: expected, Got: got.String()})
}
