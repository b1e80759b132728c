package filterrule

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// CheckAttributes checks a message's attributes (name to string values, as
// in SendChannelMessage's MessageAttributes) against the documented limits:
// each name 1 to MaxAttributeNameLength characters (model shape
// MessageAttributeName), each value 1 to MaxAttributeValueLength characters
// (model shape MessageAttributeStringValue), names and values valid UTF-8,
// and at most MaxAttributesBytes in all, counted as the UTF-8 bytes of every
// name and every value (the guide's "total message attribute size of 1KB").
//
// It returns the first problem as a *Error, checking attributes in sorted
// name order. Attribute names and values are sensitive in the service model,
// so the error names an attribute by that order ("<attribute 2>"), never by
// its name; KeyPath gives the name.
func CheckAttributes(attributes map[string][]string) error {
	names := make([]string, 0, len(attributes))
	for name := range attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	total := 0
	for i, name := range names {
		at := []segment{{kind: segAttr, index: int32(i), at: int32(i)}}
		src := nameSource{names: names}
		if reason := checkLength(name, MaxAttributeNameLength); reason != "" {
			return newError(KindAttribute, at, src, "name "+reason+" (model shape MessageAttributeName)")
		}
		total += len(name)
		for j, v := range attributes[name] {
			if reason := checkLength(v, MaxAttributeValueLength); reason != "" {
				vat := append(at[:1:1], segment{kind: segStringValues}, segment{kind: segIndex, index: int32(j)})
				return newError(KindAttribute, vat, src, "value "+reason+" (model shape MessageAttributeStringValue)")
			}
			total += len(v)
		}
	}
	if total > MaxAttributesBytes {
		return &Error{Kind: KindAttribute, Reason: "message attributes must total at most " +
			strconv.Itoa(MaxAttributesBytes) + " bytes (1 KB) of names and values; got " + strconv.Itoa(total)}
	}
	return nil
}

// checkLength returns why s breaks the 1..max characters rule, or "".
func checkLength(s string, max int) string {
	if !utf8.ValidString(s) {
		return "must be valid UTF-8"
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return "must be at least 1 character long"
	case n > max:
		return "must be at most " + strconv.Itoa(max) + " characters long; got " + strconv.Itoa(n)
	}
	return ""
}
