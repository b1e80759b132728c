package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// A response, and a --query result, is printed from a JSON-like value:
// map[string]any, []any, string, float64, bool or nil, the shapes JMESPath
// works on. The printers reproduce the AWS CLI's (awscli/formatter.py,
// text.py and table.py), which print the Python values botocore parsed;
// where Python's printing differs from Go's, Python's is followed.

// formatters print a value in one --output format; title is the
// operation name (the table's title) and width the terminal's width (the
// table is turned vertical when wider).
var formatters = map[string]func(w io.Writer, title string, v any, width int) error{
	"json":  func(w io.Writer, _ string, v any, _ int) error { return writeJSON(w, v) },
	"text":  func(w io.Writer, _ string, v any, _ int) error { return writeText(w, v) },
	"table": writeTable,
}

// sortedKeys returns m's keys in code point order, as Python's sorted().
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isScalar reports whether v is neither an object nor a list.
func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

// isFalsy reports whether Python would take v as false: None, False, 0,
// "", an empty list or object.
func isFalsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// pyStr is Python's str() of a scalar: None, True and False are spelled so;
// strings are printed as they are.
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return x
	case float64:
		return pyNumber(x)
	}
	return fmt.Sprint(v)
}

// pyNumber prints a JMESPath number as Python's repr would. JMESPath in Go
// has only float64; a whole number is printed as Python prints an int
// (length() and friends return ints there), others as a float's repr:
// shortest digits, exponent form below 1e-4 and from 1e16 on.
func pyNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == math.Trunc(f) && math.Abs(f) < 1e16:
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	exp := 0
	if f != 0 {
		exp = int(math.Floor(math.Log10(math.Abs(f))))
	}
	if exp >= -4 && exp < 16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // e.g. 1e+16, 1.5e-05
	mant, e, _ := strings.Cut(s, "e")
	sign, digits := e[:1], strings.TrimLeft(e[1:], "0")
	if len(digits) < 2 {
		digits = strings.Repeat("0", 2-len(digits)) + digits
	}
	return mant + "e" + sign + digits
}

// writeJSON prints v as the AWS CLI's json output: Python's json.dump with
// indent=4 and ensure_ascii=False, then a newline; an empty object prints
// nothing at all.
func writeJSON(w io.Writer, v any) error {
	if m, ok := v.(map[string]any); ok && len(m) == 0 {
		return nil
	}
	var b strings.Builder
	appendJSON(&b, v, 0)
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// appendJSON appends v at the given nesting depth.
func appendJSON(b *strings.Builder, v any, depth int) {
	newline := func(d int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("    ", d))
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case float64:
		b.WriteString(pyNumber(x))
	case string:
		appendJSONString(b, x)
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			appendJSON(b, e, depth+1)
		}
		newline(depth)
		b.WriteByte(']')
	case map[string]any:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			appendJSONString(b, k)
			b.WriteString(": ")
			appendJSON(b, x[k], depth+1)
		}
		newline(depth)
		b.WriteByte('}')
	default:
		appendJSONString(b, fmt.Sprint(x))
	}
}

// jsonEscapes are the short escapes Python's json module writes.
var jsonEscapes = map[rune]string{'"': `\"`, '\\': `\\`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`}

// appendJSONString quotes s as Python's json with ensure_ascii=False: the
// short escapes, \u00XX for other control characters, everything else
// (non-ASCII included) as it is.
func appendJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		if esc, ok := jsonEscapes[r]; ok {
			b.WriteString(esc)
			continue
		}
		if r < 0x20 {
			fmt.Fprintf(b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}
