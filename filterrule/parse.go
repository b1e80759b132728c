package filterrule

import (
	"strconv"
	"unicode/utf8"
)

// Parse reads a FilterRule and checks it against the guide's syntax and
// every documented limit. It returns a *Error naming the place and the rule
// broken; the error never quotes the rule's keys or values.
func Parse(rule string) (*Rule, error) {
	switch {
	case len(rule) == 0:
		return nil, newError(KindSize, nil, nameSource{}, "must not be empty (model shape FilterRule has minimum length 1)")
	case len(rule) > MaxRuleBytes:
		return nil, newError(KindSize, nil, nameSource{}, "must be at most "+strconv.Itoa(MaxRuleBytes)+
			" bytes (2 KB); got "+strconv.Itoa(len(rule)))
	case !utf8.ValidString(rule):
		return nil, newError(KindEncoding, nil, nameSource{}, "must be valid UTF-8")
	}
	p := parser{s: rule}
	p.skipSpace()
	if p.peek() != '{' {
		return nil, p.wrongType("must be a JSON object, e.g. {\"mention\":[\"Bob\"]}")
	}
	root, err := p.object(false)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return nil, p.fail(KindSyntax, "unexpected data after the rule's closing brace at byte "+strconv.Itoa(p.i))
	}
	r := &Rule{root: root}
	if c := r.root.complexity(); c > MaxComplexity {
		return nil, newError(KindComplexity, nil, nameSource{}, "complexity (keys plus values) must be at most "+
			strconv.Itoa(MaxComplexity)+"; got "+strconv.Itoa(c))
	}
	return r, nil
}

// reservedInOr reports whether name is one of the Amazon SNS operator names
// that may not be keys inside "$or" (SNS developer guide, "AND/OR logic").
func reservedInOr(name string) bool {
	switch name {
	case "anything-but", "prefix", "suffix", "numeric", "exists",
		"cidr", "equals-ignore-case", "wildcard":
		return true
	}
	return false
}

// maxPathSteps is how many steps of a place an error shows; deeper steps
// (only in rules nested far past any useful depth) show as "...".
const maxPathSteps = 32

// parser is a recursive-descent reader of the rule's JSON. steps[:depth] is
// the place being read, for errors; it lives inside the parser, so reading
// a rule allocates nothing for it.
type parser struct {
	s     string
	i     int
	depth int
	steps [maxPathSteps]segment
}

func (p *parser) fail(kind Kind, reason string) *Error {
	n := min(p.depth, maxPathSteps)
	e := newError(kind, p.steps[:n], nameSource{rule: p.s}, reason)
	if p.depth > maxPathSteps {
		e.Path += "..."
		e.keyPath += "..."
	}
	return e
}

func (p *parser) push(s segment) {
	if p.depth < maxPathSteps {
		p.steps[p.depth] = s
	}
	p.depth++
}

func (p *parser) pop() { p.depth-- }

func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// kindHere names the JSON type that starts at the cursor, for errors.
func (p *parser) kindHere() string {
	switch c := p.peek(); {
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "a list"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	default:
		return "no JSON value"
	}
}

// wrongType reports a value of the wrong type at the cursor, or a syntax
// error when no JSON value starts there.
func (p *parser) wrongType(reason string) *Error {
	got := p.kindHere()
	if got == "no JSON value" {
		return p.fail(KindSyntax, "invalid JSON at byte "+strconv.Itoa(p.i)+": expected a value")
	}
	return p.fail(KindType, reason+"; got "+got)
}

// expect consumes c after optional space, or reports a syntax error.
func (p *parser) expect(c byte, what string) *Error {
	p.skipSpace()
	if p.peek() != c {
		return p.fail(KindSyntax, "invalid JSON at byte "+strconv.Itoa(p.i)+": expected "+what)
	}
	p.i++
	return nil
}

// object reads one JSON object of the rule; inOr tells whether it is an
// "$or" alternative (which must not be empty).
func (p *parser) object(inOr bool) (object, error) {
	p.i++ // '{'
	var o object
	p.skipSpace()
	if p.peek() == '}' {
		p.i++
		if inOr {
			return o, p.fail(KindEmpty, "an $or alternative must have at least one key")
		}
		return o, nil
	}
	for pos := 0; ; pos++ {
		p.skipSpace()
		if p.peek() != '"' {
			return o, p.fail(KindSyntax, "invalid JSON at byte "+strconv.Itoa(p.i)+": expected a key")
		}
		at := p.i
		name, err := p.str()
		if err != nil {
			return o, err
		}
		if err := p.expect(':', "':' after a key"); err != nil {
			return o, err
		}
		p.skipSpace()
		if name == "$or" {
			p.push(segment{kind: segOr})
			alts, err := p.or()
			p.pop()
			if err != nil {
				return o, err
			}
			o.ors = append(o.ors, alts)
		} else {
			p.push(segment{kind: segKey, index: int32(pos), at: int32(at)})
			if inOr && reservedInOr(name) {
				return o, p.fail(KindOperator, "an operator name may not be a key inside $or")
			}
			k, err := p.conditions(name)
			p.pop()
			if err != nil {
				return o, err
			}
			o.put(k)
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return o, nil
		default:
			return o, p.fail(KindSyntax, "invalid JSON at byte "+strconv.Itoa(p.i)+": expected ',' or '}'")
		}
	}
}

// put adds k to o; a key already present is replaced (the last one wins, as
// in event-ruler's rule compiler; see the package documentation).
func (o *object) put(k keyMatch) {
	for i := range o.keys {
		if o.keys[i].name == k.name {
			o.keys[i] = k
			return
		}
	}
	o.keys = append(o.keys, k)
}

// or reads the list after "$or".
func (p *parser) or() ([]object, error) {
	if p.peek() != '[' {
		return nil, p.wrongType("must be a list of objects")
	}
	p.i++
	var alts []object
	for n := 0; ; n++ {
		p.skipSpace()
		if n == 0 && p.peek() == ']' {
			p.i++
			break
		}
		p.push(segment{kind: segIndex, index: int32(n)})
		if p.peek() != '{' {
			err := p.wrongType("an $or alternative must be an object")
			return nil, err
		}
		alt, err := p.object(true)
		p.pop()
		if err != nil {
			return nil, err
		}
		alts = append(alts, alt)
		p.skipSpace()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if err := p.expect(']', "',' or ']'"); err != nil {
			return nil, err
		}
		break
	}
	switch {
	case len(alts) < MinOrAlternatives:
		return nil, p.fail(KindOr, "must list at least "+strconv.Itoa(MinOrAlternatives)+
			" alternatives; got "+strconv.Itoa(len(alts)))
	case len(alts) > MaxOrAlternatives:
		return nil, p.fail(KindOr, "must list at most "+strconv.Itoa(MaxOrAlternatives)+
			" alternatives; got "+strconv.Itoa(len(alts)))
	}
	return alts, nil
}

// conditions reads the list after an attribute key: exact strings and
// {"anything-but":[...]} objects.
func (p *parser) conditions(name string) (keyMatch, error) {
	k := keyMatch{name: name}
	if p.peek() != '[' {
		return k, p.wrongType("must be a list of strings, e.g. [\"urgent\"]")
	}
	p.i++
	for n := 0; ; n++ {
		p.skipSpace()
		if n == 0 && p.peek() == ']' {
			return k, p.fail(KindEmpty, "must list at least one value")
		}
		p.push(segment{kind: segIndex, index: int32(n)})
		switch p.peek() {
		case '"':
			v, err := p.str()
			if err != nil {
				return k, err
			}
			k.equals = append(k.equals, v)
		case '{':
			list, err := p.operator()
			if err != nil {
				return k, err
			}
			k.except = append(k.except, list)
		default:
			return k, p.wrongType("must be a string or {\"anything-but\":[...]} (only exact string matching is supported)")
		}
		p.pop()
		p.skipSpace()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if err := p.expect(']', "',' or ']'"); err != nil {
			return k, err
		}
		return k, nil
	}
}

// operator reads {"anything-but":["a","b"]}, the only operator the guide
// documents.
func (p *parser) operator() ([]string, error) {
	p.i++ // '{'
	p.skipSpace()
	if p.peek() == '}' {
		return nil, p.fail(KindEmpty, "an operator object must have one key, \"anything-but\"")
	}
	if p.peek() != '"' {
		return nil, p.fail(KindSyntax, "invalid JSON at byte "+strconv.Itoa(p.i)+": expected a key")
	}
	op, err := p.str()
	if err != nil {
		return nil, err
	}
	if op != "anything-but" {
		return nil, p.fail(KindOperator, "unsupported operator; only \"anything-but\" is supported (exact string matching only)")
	}
	p.push(segment{kind: segAnythingBut})
	if err := p.expect(':', "':' after a key"); err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.peek() != '[' {
		return nil, p.wrongType("must be a list of strings, e.g. [\"Room\"]")
	}
	p.i++
	var list []string
	for n := 0; ; n++ {
		p.skipSpace()
		if n == 0 && p.peek() == ']' {
			return nil, p.fail(KindEmpty, "must list at least one value")
		}
		if p.peek() != '"' {
			p.push(segment{kind: segIndex, index: int32(n)})
			return nil, p.wrongType("must be a string")
		}
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.skipSpace()
		if p.peek() == ',' {
			p.i++
			continue
		}
		if err := p.expect(']', "',' or ']'"); err != nil {
			return nil, err
		}
		break
	}
	p.pop()
	p.skipSpace()
	if p.peek() != '}' {
		return nil, p.fail(KindOperator, "an operator object must have exactly one key")
	}
	p.i++
	return list, nil
}
