package main

import (
	"errors"
	"io"
	"sort"
	"strings"
)

// The text output, as the AWS CLI's (awscli/text.py): an object's scalar
// members on one tab-separated line in key order, preceded by the
// upper-cased name of the member holding the object; then each non-scalar
// member, recursively, in key order. A list of objects prints one line per
// object with the union of their scalar keys as columns; a list of scalars
// prints one line, or one line per item under a name.

// writeText prints v as the AWS CLI's text output.
func writeText(w io.Writer, v any) error {
	var b strings.Builder
	if err := appendText(&b, v, nil, nil); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// appendText prints item; identifier is the member name holding it (nil at
// the top) and scalarKeys the columns of the list item is an element of.
func appendText(b *strings.Builder, item any, identifier *string, scalarKeys []string) error {
	switch x := item.(type) {
	case map[string]any:
		return appendTextObject(b, x, identifier, scalarKeys)
	case []any:
		return appendTextList(b, x, identifier)
	}
	b.WriteString(pyStr(item))
	b.WriteByte('\n')
	return nil
}

// textMember is one non-scalar member to print after the scalar line.
type textMember struct {
	name  string
	value any
}

func appendTextObject(b *strings.Builder, obj map[string]any, identifier *string, scalarKeys []string) error {
	var scalars []string
	var rest []textMember
	if scalarKeys == nil {
		for _, k := range sortedKeys(obj) {
			if isScalar(obj[k]) {
				scalars = append(scalars, pyStr(obj[k]))
			} else {
				rest = append(rest, textMember{k, obj[k]})
			}
		}
	} else {
		columns := map[string]bool{}
		for _, k := range scalarKeys {
			columns[k] = true
			v, ok := obj[k]
			if !ok {
				v = ""
			}
			scalars = append(scalars, pyStr(v))
		}
		for _, k := range sortedKeys(obj) {
			if !columns[k] {
				rest = append(rest, textMember{k, obj[k]})
			}
		}
	}
	if len(scalars) > 0 {
		if identifier != nil {
			scalars = append([]string{strings.ToUpper(*identifier)}, scalars...)
		}
		b.WriteString(strings.Join(scalars, "\t"))
		b.WriteByte('\n')
	}
	for _, m := range rest {
		if err := appendText(b, m.value, &m.name, nil); err != nil {
			return err
		}
	}
	return nil
}

func appendTextList(b *strings.Builder, list []any, identifier *string) error {
	if len(list) == 0 {
		return nil
	}
	hasObject, hasList := false, false
	for _, e := range list {
		switch e.(type) {
		case map[string]any:
			hasObject = true
		case []any:
			hasList = true
		}
	}
	switch {
	case hasObject:
		keys, err := listScalarKeys(list)
		if err != nil {
			return err
		}
		for _, e := range list {
			if err := appendText(b, e, identifier, keys); err != nil {
				return err
			}
		}
		return nil
	case hasList:
		var scalars []any
		var rest []any
		for _, e := range list {
			if isScalar(e) {
				scalars = append(scalars, e)
			} else {
				rest = append(rest, e)
			}
		}
		if len(scalars) > 0 {
			appendTextScalars(b, scalars, identifier)
		}
		for _, e := range rest {
			if err := appendText(b, e, identifier, nil); err != nil {
				return err
			}
		}
		return nil
	}
	appendTextScalars(b, list, identifier)
	return nil
}

// listScalarKeys is the sorted union of the scalar members' names of a
// list's objects. The AWS CLI cannot print a list mixing objects with
// other values as text, and neither can chimeprefs.
func listScalarKeys(list []any) ([]string, error) {
	seen := map[string]bool{}
	keys := []string{}
	for _, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, errors.New("--output text cannot print a list that mixes objects with other values; narrow it with --query, or use --output json")
		}
		for k, v := range obj {
			if isScalar(v) && !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys, nil
}

// appendTextScalars prints a list of scalars: one "NAME\tvalue" line per
// item under a name, else all on one tab-separated line.
func appendTextScalars(b *strings.Builder, list []any, identifier *string) {
	if identifier != nil {
		for _, e := range list {
			b.WriteString(strings.ToUpper(*identifier) + "\t" + pyStr(e) + "\n")
		}
		return
	}
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = pyStr(e)
	}
	b.WriteString(strings.Join(parts, "\t"))
	b.WriteByte('\n')
}
