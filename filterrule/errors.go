package filterrule

import (
	"strconv"
)

// Kind names the class of rule an Error reports, so callers can branch on it.
type Kind string

// The kinds of Error.
const (
	// KindSyntax: the text is not JSON (or has data after the object).
	KindSyntax Kind = "syntax"
	// KindEncoding: the text is not valid UTF-8.
	KindEncoding Kind = "encoding"
	// KindSize: the rule is empty or longer than MaxRuleBytes.
	KindSize Kind = "size"
	// KindType: a JSON value of the wrong type (e.g. a string where a list of
	// strings belongs, or a number where a string belongs).
	KindType Kind = "type"
	// KindEmpty: an empty list, an empty "$or" alternative, or an empty
	// operator object.
	KindEmpty Kind = "empty"
	// KindOperator: an operator other than "anything-but", or a reserved
	// operator name used as a key inside "$or".
	KindOperator Kind = "operator"
	// KindOr: an "$or" with fewer than MinOrAlternatives or more than
	// MaxOrAlternatives alternatives.
	KindOr Kind = "or"
	// KindComplexity: the rule's complexity is above MaxComplexity.
	KindComplexity Kind = "complexity"
	// KindBuild: a builder misuse (a key used twice in one All, two Or in
	// one All, a key with no values).
	KindBuild Kind = "build"
	// KindAttribute: a message attribute breaks a limit (CheckAttributes).
	KindAttribute Kind = "attribute"
)

// Error is the error Parse, Build and CheckAttributes return. Its text names
// the place and the rule broken, and never quotes the rule's or the
// attributes' values.
//
// Keys are attribute names, and the Chime SDK Messaging API model marks the
// shape MessageAttributeName sensitive, so Error's text and Path do not name
// keys either: a key is written by its position in its object, counted from
// 0, e.g. "$or[2].<key 0>[1]" is the second value of the first key of the
// third "$or" alternative. KeyPath gives the same place with the key names,
// for showing to the rule's own author; Error, %v and %#v never print it.
type Error struct {
	// Kind classifies the rule broken.
	Kind Kind
	// Path is the place in the rule, with keys written by position
	// ("$or[2].<key 0>[1]"); "" means the whole rule. For CheckAttributes it
	// is "<attribute N>" or "<attribute N>.StringValues[M]", attributes
	// numbered in sorted name order.
	Path string
	// Reason is the rule broken, e.g. "must be a string".
	Reason string

	keyPath string
}

// Error returns "<Path>: <Reason>", or the Reason alone when the error is
// about the whole rule. It has no package prefix: the caller's context (the
// member path of the client's validation error, the command's flag) says
// where the rule came from.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// KeyPath returns the place with key names, e.g. "$or[2].mention[1]". Key
// names are attribute names (sensitive in the service model): show KeyPath
// only to the author of the rule, never log it.
func (e *Error) KeyPath() string { return e.keyPath }

// GoString keeps %#v to the redacted fields.
func (e Error) GoString() string {
	return "&filterrule.Error{Kind:" + strconv.Quote(string(e.Kind)) +
		", Path:" + strconv.Quote(e.Path) + ", Reason:" + strconv.Quote(e.Reason) + "}"
}

// segKind says what one step of a place is.
type segKind uint8

const (
	segIndex        segKind = iota // a list index
	segKey                         // a rule key; at locates its name (nameSource)
	segAttr                        // a message attribute; at locates its name
	segOr                          // the operator "$or"
	segAnythingBut                 // the operator "anything-but"
	segStringValues                // the member StringValues of an attribute
)

// segment is one step of a place. It holds no pointers, so the parser's
// stack of steps costs nothing on the success path; names are looked up
// only when an error is built.
type segment struct {
	kind  segKind
	index int32 // list index, or key position in its object
	at    int32 // where the name is: see segKind
}

// nameSource finds the names of keys and attributes for KeyPath: with names
// set, a step's name is names[at]; otherwise it is read back from the rule
// text at offset at.
type nameSource struct {
	rule  string
	names []string
}

func (n nameSource) name(s segment) string {
	if n.names != nil {
		return n.names[s.at]
	}
	q := parser{s: n.rule, i: int(s.at)}
	v, _ := q.str()
	return v
}

// renderPath writes segs as a place: keys by position, or by name when
// named is true.
func renderPath(segs []segment, src nameSource, named bool) string {
	var b []byte
	for _, s := range segs {
		var step string
		switch s.kind {
		case segIndex:
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(s.index), 10)
			b = append(b, ']')
			continue
		case segKey, segAttr:
			switch {
			case named:
				step = src.name(s)
			case s.kind == segKey:
				step = "<key " + strconv.Itoa(int(s.index)) + ">"
			default:
				step = "<attribute " + strconv.Itoa(int(s.index)) + ">"
			}
		case segOr:
			step = "$or"
		case segAnythingBut:
			step = "anything-but"
		case segStringValues:
			step = "StringValues"
		default:
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, step...)
	}
	return string(b)
}

// newError builds an Error at the place segs.
func newError(kind Kind, segs []segment, src nameSource, reason string) *Error {
	return &Error{Kind: kind, Path: renderPath(segs, src, false), Reason: reason, keyPath: renderPath(segs, src, true)}
}
