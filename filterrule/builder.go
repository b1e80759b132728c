package filterrule

// Expr is one part of a rule under construction: a key's condition, an All
// of parts, or an Or of alternatives. Build turns parts into a Rule. The
// zero Expr is an empty part. Misuse is reported by Build as a *Error, never
// by a panic.
type Expr struct {
	obj *object
	err *Error
}

// Attribute names the message attribute a condition tests; get one from
// Key.
type Attribute struct {
	name string
}

// Key starts a condition on the message attribute name.
func Key(name string) Attribute { return Attribute{name: name} }

// Equals matches messages whose attribute has at least one of values
// (inclusive exact string matching): "name":["v1","v2"].
func (a Attribute) Equals(values ...string) Expr {
	if len(values) == 0 {
		return Expr{err: &Error{Kind: KindBuild, Reason: "Key(...).Equals needs at least one value"}}
	}
	return Expr{obj: &object{keys: []keyMatch{{name: a.name, equals: clone(values)}}}}
}

// AnythingBut matches messages that have the attribute and none of whose
// values is in values (exclusive exact string matching):
// "name":[{"anything-but":["v1","v2"]}].
func (a Attribute) AnythingBut(values ...string) Expr {
	if len(values) == 0 {
		return Expr{err: &Error{Kind: KindBuild, Reason: "Key(...).AnythingBut needs at least one value"}}
	}
	return Expr{obj: &object{keys: []keyMatch{{name: a.name, except: [][]string{clone(values)}}}}}
}

// All matches messages that match every part (AND). Its keys must differ,
// and at most one part may be an Or: nest a second Or inside the
// alternatives of the first.
func All(parts ...Expr) Expr {
	out := &object{}
	for _, part := range parts {
		if part.err != nil {
			return part
		}
		if part.obj == nil {
			continue
		}
		for _, k := range part.obj.keys {
			for j := range out.keys {
				if out.keys[j].name == k.name {
					e := newError(KindBuild, []segment{{kind: segKey, index: int32(j)}}, nameSource{names: []string{k.name}},
						"a key may appear once in one All; list both conditions with Or, or all values in one Equals")
					return Expr{err: e}
				}
			}
			out.keys = append(out.keys, k)
		}
		out.ors = append(out.ors, part.obj.ors...)
		if len(out.ors) > 1 {
			return Expr{err: &Error{Kind: KindBuild, Reason: "one All may hold one Or; nest the second Or inside the first's alternatives"}}
		}
	}
	return Expr{obj: out}
}

// Or matches messages that match at least one alternative ("$or"). Each
// alternative is usually an All; Build refuses fewer than MinOrAlternatives
// or more than MaxOrAlternatives alternatives.
func Or(alternatives ...Expr) Expr {
	alts := make([]object, 0, len(alternatives))
	for _, alt := range alternatives {
		if alt.err != nil {
			return alt
		}
		if alt.obj == nil {
			alts = append(alts, object{})
			continue
		}
		alts = append(alts, *alt.obj)
	}
	return Expr{obj: &object{ors: [][]object{alts}}}
}

// Build makes a Rule of parts, combined with AND as in All. It writes the
// rule's JSON and parses it back, so a rule Build returns always parses, and
// every limit Parse checks is checked here with Parse's errors. Build() with
// no parts is the empty rule "{}", which matches every message.
func Build(parts ...Expr) (*Rule, error) {
	e := All(parts...)
	if e.err != nil {
		return nil, e.err
	}
	return Parse((&Rule{root: *e.obj}).String())
}

func clone(values []string) []string {
	return append([]string(nil), values...)
}
