package filterrule

import (
	"fmt"
	"log/slog"
	"strconv"
)

// Rule is a parsed, checked filter rule. Build one with Parse or Build; the
// zero Rule and a nil *Rule are the empty rule "{}", which matches every
// message.
//
// A rule holds message attribute values (member names, user ARNs), so fmt's
// verbs (%v, %+v, %#v, %s, %q) and log/slog print a redacted form; call
// String for the JSON text to send.
type Rule struct {
	root object
}

// object is one JSON object of the rule: keys that must all match, and "$or"
// lists of which one alternative each must match.
type object struct {
	keys []keyMatch
	ors  [][]object
}

// keyMatch is one key and its conditions; the key matches when any
// condition does.
type keyMatch struct {
	name   string
	equals []string   // exact values, each one condition
	except [][]string // anything-but lists, each one condition
}

// Complexity returns the rule's complexity: the number of keys plus the
// number of string values, at every level. "$or" and "anything-but" are
// operators and count as neither; a key repeated in one object counts once
// (the last one is kept). The guide's example
// {"type":[{"anything-but":["Room"]}],"mention":["Bob"]} has complexity 4.
func (r *Rule) Complexity() int {
	if r == nil {
		return 0
	}
	return r.root.complexity()
}

func (o *object) complexity() int {
	n := 0
	for i := range o.keys {
		k := &o.keys[i]
		n += 1 + len(k.equals)
		for _, list := range k.except {
			n += len(list)
		}
	}
	for _, alts := range o.ors {
		for j := range alts {
			n += alts[j].complexity()
		}
	}
	return n
}

// String returns the rule as canonical compact JSON: no whitespace, in each
// object the keys in document order and then any "$or", in each key's list
// the exact values and then the anything-but conditions. Parse reads it back
// to an equal Rule. It is the text to send as FilterRule; it holds the rule's
// values, so treat it as sensitive.
func (r *Rule) String() string {
	if r == nil {
		return "{}"
	}
	b := make([]byte, 0, 64)
	return string(r.root.appendJSON(b))
}

func (o *object) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i := range o.keys {
		if i > 0 {
			b = append(b, ',')
		}
		k := &o.keys[i]
		b = appendJSONString(b, k.name)
		b = append(b, ':', '[')
		n := 0
		for _, v := range k.equals {
			if n > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, v)
			n++
		}
		for _, list := range k.except {
			if n > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"anything-but":[`...)
			for j, v := range list {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, v)
			}
			b = append(b, ']', '}')
			n++
		}
		b = append(b, ']')
	}
	for i, alts := range o.ors {
		if i > 0 || len(o.keys) > 0 {
			b = append(b, ',')
		}
		b = append(b, `"$or":[`...)
		for j := range alts {
			if j > 0 {
				b = append(b, ',')
			}
			b = alts[j].appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// redacted is what fmt and slog print for a Rule.
func (r Rule) redacted() string {
	return "filterrule.Rule{[redacted], complexity " + strconv.Itoa(r.Complexity()) + "}"
}

// Format makes every fmt verb print a redacted form, never the rule's keys
// or values; call String for the JSON text.
func (r Rule) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(r.redacted()))
}

// LogValue makes log/slog print a redacted form.
func (r Rule) LogValue() slog.Value {
	return slog.StringValue(r.redacted())
}
