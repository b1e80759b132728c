package filterrule

// Match reports whether a message with these attributes (name to string
// values, as in SendChannelMessage's MessageAttributes) passes the rule:
//
//   - every key of an object must match, and one alternative of every
//     "$or" in it must match (AND across keys, OR across alternatives);
//   - a key matches when the message has the attribute with at least one
//     value, and any one of the key's conditions holds;
//   - an exact value holds when one of the attribute's values equals it
//     (case-sensitive, byte for byte);
//   - an anything-but list holds when none of the attribute's values is in
//     the list;
//   - an attribute that is missing, or has no values, matches no condition,
//     anything-but included;
//   - the empty rule "{}" (and a nil *Rule) matches every message.
//
// The package documentation gives the source of each choice.
func (r *Rule) Match(attributes map[string][]string) bool {
	if r == nil {
		return true
	}
	return r.root.match(attributes)
}

func (o *object) match(attributes map[string][]string) bool {
	for i := range o.keys {
		if !o.keys[i].match(attributes[o.keys[i].name]) {
			return false
		}
	}
	for _, alts := range o.ors {
		if !anyMatch(alts, attributes) {
			return false
		}
	}
	return true
}

func anyMatch(alts []object, attributes map[string][]string) bool {
	for i := range alts {
		if alts[i].match(attributes) {
			return true
		}
	}
	return false
}

func (k *keyMatch) match(values []string) bool {
	if len(values) == 0 {
		return false
	}
	for _, want := range k.equals {
		if contains(values, want) {
			return true
		}
	}
	for _, list := range k.except {
		if !containsAny(values, list) {
			return true
		}
	}
	return false
}

func contains(values []string, s string) bool {
	for _, v := range values {
		if v == s {
			return true
		}
	}
	return false
}

func containsAny(values, list []string) bool {
	for _, v := range values {
		if contains(list, v) {
			return true
		}
	}
	return false
}
