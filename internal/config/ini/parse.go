// Package ini parses the AWS shared configuration and credentials files.
//
// The format is the INI dialect the AWS SDKs read:
//
//   - a section starts with a header line "[name]"; whitespace inside the
//     brackets is trimmed and runs of blanks inside the name are folded to one,
//     so "[ profile   dev ]" is "profile dev";
//   - "key = value" lines; keys are case-insensitive (stored lower-case) and
//     surrounding whitespace is trimmed from keys and values;
//   - a property with an empty value followed by indented "subkey = value"
//     lines is a nested property (used by "services" sections and s3-style
//     settings);
//   - an indented line after a property with a value continues that value
//     (joined with a newline);
//   - lines whose first non-blank character is '#' or ';' are comments, and a
//     '#' or ';' preceded by a blank ends a value (an inline comment);
//     a '#' inside a value such as "abc#def" is kept;
//   - blank lines are ignored; later duplicates of a key or a section
//     override or extend earlier ones when looked up through [File.Section].
//
// Parse errors name the file and line but never echo the line, which may
// hold a secret.
package ini

import (
	"fmt"
	"strings"
)

// Property is one "key = value" line, or a nested property with Sub keys.
type Property struct {
	Key   string
	Value string
	// Sub holds the indented "subkey = value" lines of a nested property.
	Sub []Property
	// Line is the 1-based line of the key in its file (0 when built by hand).
	Line int
}

// Section is one "[name]" block.
type Section struct {
	// Name is the normalised header, e.g. "default", "profile dev",
	// "services my-services".
	Name       string
	Properties []Property
	Line       int
}

// File is a parsed file. Sections keep their order and duplicates.
type File struct {
	// Path names the file in error messages; it may be empty.
	Path     string
	Sections []Section
}

// ParseError reports a malformed line without repeating its content.
type ParseError struct {
	Path   string
	Line   int
	Reason string
}

func (e *ParseError) Error() string {
	p := e.Path
	if p == "" {
		p = "shared config"
	}
	return fmt.Sprintf("%s:%d: %s", p, e.Line, e.Reason)
}

// Parse reads data as a shared config or credentials file. path is used only
// in error messages and kept in File.Path.
func Parse(data []byte, path string) (*File, error) {
	f := &File{Path: path}
	text := strings.TrimPrefix(string(data), "\ufeff")
	lines := strings.Split(text, "\n")

	var sec *Section
	var last *Property // last top-level property of sec, target of indentation
	lastNested := false

	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, blanks)
		trimmed := strings.TrimLeft(line, blanks)
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		indented := len(trimmed) < len(line)

		if trimmed[0] == '[' {
			name, err := sectionName(trimmed)
			if err != "" {
				return nil, &ParseError{Path: path, Line: n, Reason: err}
			}
			f.Sections = append(f.Sections, Section{Name: name, Line: n})
			sec = &f.Sections[len(f.Sections)-1]
			last, lastNested = nil, false
			continue
		}
		if sec == nil {
			return nil, &ParseError{Path: path, Line: n, Reason: "property before any [section] header; add a header such as [default]"}
		}

		if indented && last != nil {
			if lastNested {
				k, v, ok := splitProperty(trimmed)
				if !ok {
					return nil, &ParseError{Path: path, Line: n, Reason: "nested line is not \"key = value\""}
				}
				last.Sub = append(last.Sub, Property{Key: k, Value: v, Line: n})
				continue
			}
			// Continuation of a value.
			last.Value += "\n" + stripInlineComment(trimmed)
			continue
		}

		k, v, ok := splitProperty(trimmed)
		if !ok {
			return nil, &ParseError{Path: path, Line: n, Reason: "line is neither a [section] header, a comment nor \"key = value\""}
		}
		sec.Properties = append(sec.Properties, Property{Key: k, Value: v, Line: n})
		last = &sec.Properties[len(sec.Properties)-1]
		lastNested = v == ""
	}
	return f, nil
}

// sectionName returns the normalised name of a header line, or a reason it
// is malformed.
func sectionName(line string) (string, string) {
	end := strings.IndexByte(line, ']')
	if end < 0 {
		return "", "section header has no closing ']'"
	}
	rest := strings.Trim(line[end+1:], blanks)
	if rest != "" && rest[0] != '#' && rest[0] != ';' {
		return "", "text after the closing ']' of a section header"
	}
	name := strings.Join(strings.FieldsFunc(line[1:end], isBlank), " ")
	if name == "" {
		return "", "empty section name"
	}
	if strings.ContainsRune(name, '[') {
		return "", "'[' inside a section name"
	}
	return name, ""
}

// splitProperty splits "key = value"; the key must be non-empty.
func splitProperty(s string) (key, value string, ok bool) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return "", "", false
	}
	key = asciiLower(strings.Trim(s[:eq], blanks))
	if key == "" || strings.ContainsAny(key, blanks) {
		return "", "", false
	}
	return key, stripInlineComment(strings.Trim(s[eq+1:], blanks)), true
}

// blanks are the characters trimmed around keys, values and lines.
const blanks = " \t\r\v\f"

func isBlank(r rune) bool { return strings.ContainsRune(blanks, r) }

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// stripInlineComment removes a '#' or ';' comment that follows a blank.
func stripInlineComment(v string) string {
	if v != "" && (v[0] == '#' || v[0] == ';') {
		return ""
	}
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && isBlank(rune(v[i-1])) {
			return strings.TrimRight(v[:i], blanks)
		}
	}
	return v
}
