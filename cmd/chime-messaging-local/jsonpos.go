package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fileError is an error at a place in a JSON file. Its text is
// "file:line:column: message", the form editors and compilers use.
type fileError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *fileError) Error() string {
	return e.File + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// errAt builds a fileError at byte offset off of data.
func errAt(file string, data []byte, off int64, msg string) *fileError {
	line, col := lineCol(data, off)
	return &fileError{File: file, Line: line, Col: col, Msg: msg}
}

// lineCol turns a byte offset into a 1-based line and a 1-based column
// counted in characters.
func lineCol(data []byte, off int64) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// decodeStrict decodes the single JSON value in data into v, rejecting
// unknown fields and trailing data. Errors point at the bad spot.
func decodeStrict(file string, data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &fileError{File: file, Line: 1, Col: 1, Msg: "the file is empty; it must hold one JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			off := dec.InputOffset()
			return errAt(file, data, skipSpace(data, off-1), "unexpected data after the JSON object; the file must hold exactly one object")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errAt(file, data, syn.Offset-1, "invalid JSON: "+strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the top level"
		}
		return errAt(file, data, valueStart(data, typ.Offset), fmt.Sprintf("%s must be %s, not a JSON %s", field, describeType(typ.Type), typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errAt(file, data, int64(len(data)), "the JSON ends too early; close every { and [")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		off, path, ok := firstUnknownField(data, reflect.TypeOf(v))
		if ok {
			return errAt(file, data, off, fmt.Sprintf("unknown field %s; check its spelling and where it is nested (see -help-seed)", path))
		}
	}
	return &fileError{File: file, Line: 1, Col: 1, Msg: strings.TrimPrefix(err.Error(), "json: ")}
}

// describeType names a Go type in JSON terms.
func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "true or false"
	case reflect.Pointer:
		return describeType(t.Elem())
	}
	return "a number"
}

// skipSpace returns the offset of the first non-space byte at or after off.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) && off >= 0 {
		switch data[off] {
		case ' ', '\t', '\r', '\n':
			off++
			continue
		}
		break
	}
	return off
}

// valueStart moves back from the end offset of a value (as reported by an
// UnmarshalTypeError) to where the value starts: the first byte after the
// ':', ',' or '[' that precedes it.
func valueStart(data []byte, end int64) int64 {
	if end > int64(len(data)) {
		end = int64(len(data))
	}
	i := end - 1
	inString := false
	for ; i >= 0; i-- {
		c := data[i]
		if c == '"' && (i == 0 || data[i-1] != '\\') {
			inString = !inString
		}
		if !inString && (c == ':' || c == ',' || c == '[') {
			break
		}
	}
	return skipSpace(data, i+1)
}

// firstUnknownField walks data along the Go type t and returns the offset
// and path of the first object key that t has no field for (matched as
// encoding/json matches: exactly, then case-insensitively).
func firstUnknownField(data []byte, t reflect.Type) (int64, string, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	w := &walker{dec: dec, data: data}
	off, path, found := w.value(t, "")
	return off, path, found && w.err == nil
}

type walker struct {
	dec  *json.Decoder
	data []byte
	err  error
}

// value reads one value of type t; it reports the first unknown key.
func (w *walker) value(t reflect.Type, path string) (int64, string, bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := w.dec.Token()
	if err != nil {
		w.err = err
		return 0, "", false
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return 0, "", false
	}
	switch delim {
	case '{':
		for w.dec.More() {
			keyOff := skipComma(w.data, w.dec.InputOffset())
			kt, err := w.dec.Token()
			if err != nil {
				w.err = err
				return 0, "", false
			}
			key, _ := kt.(string)
			var ft reflect.Type
			if t != nil && t.Kind() == reflect.Struct {
				f, ok := fieldByJSONName(t, key)
				if !ok {
					return keyOff, joinPath(path, key), true
				}
				ft = f
			} else if t != nil && t.Kind() == reflect.Map {
				ft = t.Elem()
			}
			if off, p, found := w.value(ft, joinPath(path, key)); found || w.err != nil {
				return off, p, found
			}
		}
	case '[':
		var et reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = t.Elem()
		}
		for i := 0; w.dec.More(); i++ {
			if off, p, found := w.value(et, path+"["+strconv.Itoa(i)+"]"); found || w.err != nil {
				return off, p, found
			}
		}
	}
	if _, err := w.dec.Token(); err != nil { // the closing delimiter
		w.err = err
	}
	return 0, "", false
}

// skipComma returns the offset of the next token after off, past spaces
// and a separating comma.
func skipComma(data []byte, off int64) int64 {
	off = skipSpace(data, off)
	if off < int64(len(data)) && data[off] == ',' {
		off = skipSpace(data, off+1)
	}
	return off
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldByJSONName finds the struct field encoding/json would decode key
// into.
func fieldByJSONName(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
}

// locate returns the offset where the value at path (object keys as
// strings, array indexes as ints) starts in data, which must be valid
// JSON.
func locate(data []byte, path []any) (int64, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	return locateIn(dec, data, path)
}

func locateIn(dec *json.Decoder, data []byte, path []any) (int64, bool) {
	if len(path) == 0 {
		return skipComma(data, dec.InputOffset()), true
	}
	tok, err := dec.Token()
	if err != nil {
		return 0, false
	}
	delim, _ := tok.(json.Delim)
	switch delim {
	case '{':
		key, ok := path[0].(string)
		for ok && dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return 0, false
			}
			if kt == key {
				return locateValue(dec, data, path[1:])
			}
			if skipValue(dec) != nil {
				return 0, false
			}
		}
	case '[':
		idx, ok := path[0].(int)
		for i := 0; ok && dec.More(); i++ {
			if i == idx {
				return locateIn(dec, data, path[1:])
			}
			if skipValue(dec) != nil {
				return 0, false
			}
		}
	}
	return 0, false
}

// locateValue is locateIn for a value that follows a key: it skips the
// colon before looking.
func locateValue(dec *json.Decoder, data []byte, path []any) (int64, bool) {
	if len(path) == 0 {
		off := skipSpace(data, dec.InputOffset())
		if off < int64(len(data)) && data[off] == ':' {
			off = skipSpace(data, off+1)
		}
		return off, true
	}
	return locateIn(dec, data, path)
}

// skipValue reads one whole value.
func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}
