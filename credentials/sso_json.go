package credentials

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
)

// jsonMember is one member of a JSON object: its name and its value as
// written (validated JSON).
type jsonMember struct {
	name string
	raw  []byte
}

// errNotJSONObject is the error of a document that is not one JSON object;
// it never quotes the document, which may hold secrets.
var errNotJSONObject = errors.New("not a JSON object")

// readJSONObject returns the members of the JSON object doc, in order, with
// their values as written; of members with the same name the last is kept,
// as a JSON decoder keeps it. The token caches and the SSO and sign-in
// answers are read with it, without reflection.
func readJSONObject(doc []byte) ([]jsonMember, error) {
	var d jsonwire.Decoder
	d.Reset(doc)
	if d.Kind() != jsonwire.KindObject || !d.ObjectStart() {
		return nil, errNotJSONObject
	}
	var members []jsonMember
	for d.More() {
		name := string(d.Key())
		start := d.Offset()
		d.Skip()
		if d.Err() != nil {
			break
		}
		members = setMember(members, name, bytes.TrimSpace(doc[start:d.Offset()]))
	}
	d.End()
	if d.Err() != nil {
		return nil, errNotJSONObject
	}
	return members, nil
}

// member returns the value of the member called name, or nil.
func member(members []jsonMember, name string) []byte {
	for _, m := range members {
		if m.name == name {
			return m.raw
		}
	}
	return nil
}

// jsonString reads raw as a JSON string; null and an absent member (nil)
// are "". ok is false for any other value.
func jsonString(raw []byte) (s string, ok bool) {
	if raw == nil || string(raw) == "null" {
		return "", true
	}
	var d jsonwire.Decoder
	d.Reset(raw)
	if d.Kind() != jsonwire.KindString {
		return "", false
	}
	s, _ = d.String()
	return s, d.Err() == nil
}

// jsonInt reads raw as a JSON integer; present is false for an absent
// member or null, and ok false for a value that is not an integer.
func jsonInt(raw []byte) (n int64, present, ok bool) {
	if raw == nil || string(raw) == "null" {
		return 0, false, true
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	return n, true, err == nil
}

// stringMembers reads the string members names of members into dst (same
// order); it returns the first name whose value is not a string, or "".
func stringMembers(members []jsonMember, names []string, dst ...*string) string {
	for i, name := range names {
		v, ok := jsonString(member(members, name))
		if !ok {
			return name
		}
		*dst[i] = v
	}
	return ""
}

// setMember returns members with the member name replaced, or added at
// the end; a nil raw removes it. members itself is not modified.
func setMember(members []jsonMember, name string, raw []byte) []jsonMember {
	out := make([]jsonMember, 0, len(members)+1)
	for _, m := range members {
		if m.name != name {
			out = append(out, m)
		}
	}
	if raw != nil {
		out = append(out, jsonMember{name: name, raw: raw})
	}
	return out
}

// jsonStringValue is s as a JSON string literal.
func jsonStringValue(s string) []byte { return jsonwire.AppendString(nil, s) }

// appendJSONObject appends the members as one JSON object, sorted by name
// as aws-sdk-go-v2 writes its token cache (a Go map marshalled).
func appendJSONObject(dst []byte, members []jsonMember) []byte {
	sorted := append([]jsonMember(nil), members...)
	for i := 1; i < len(sorted); i++ { // insertion sort: a handful of members
		for j := i; j > 0 && sorted[j].name < sorted[j-1].name; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	dst = append(dst, '{')
	for i, m := range sorted {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonwire.AppendString(dst, m.name)
		dst = append(dst, ':')
		dst = append(dst, m.raw...)
	}
	return append(dst, '}')
}

// stringObject returns a JSON object of string members, in the order given
// (name, value, name, value, ...): request bodies and DPoP headers.
func stringObject(pairs ...string) []byte {
	b := []byte{'{'}
	for i := 0; i+1 < len(pairs); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonwire.AppendString(b, pairs[i])
		b = append(b, ':')
		b = jsonwire.AppendString(b, pairs[i+1])
	}
	return append(b, '}')
}
