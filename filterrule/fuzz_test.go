package filterrule

import (
	"encoding/json"
	"errors"
	"sort"
	"testing"
)

// FuzzParse checks that Parse never panics, that it accepts only valid JSON
// and reports every invalid JSON text it reads to the end as a syntax error,
// that whatever it accepts Match evaluates as an independent reading of the
// same JSON does, and that String round trips.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		guideAND,
		`{"mention":["Bob"]}`,
		`{"$or":[{"mention":["Bob"]},{"type":[{"anything-but": ["Room"]}]}]}`,
		`{"a":["1"],"$or":[{"b":["2"]},{"$or":[{"c":["3"]},{"d":["4"]}]}]}`,
		`{"a":["x",{"anything-but":["y","z"]}],"a":["w"]}`,
		`{"\u0041\n":["\"\\\/\b\f\r\t\u00e9\ud83d\ude00\ud800"]}`,
		`{}`, `[]`, `{"type":"urgent"}`, `{"type":[1]}`, `{"type":[{"prefix":"ur"}]}`,
	} {
		f.Add(seed, uint64(0x1234))
	}
	f.Fuzz(func(t *testing.T, rule string, pick uint64) {
		r, err := Parse(rule)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) || fe.Reason == "" || fe.Kind == "" {
				t.Fatalf("Parse error is not a complete *Error: %#v", err)
			}
			if fe.Kind == KindSyntax && json.Valid([]byte(rule)) {
				t.Fatalf("syntax error on valid JSON: %v", err)
			}
			return
		}
		if !json.Valid([]byte(rule)) {
			t.Fatalf("Parse accepted invalid JSON")
		}
		if c := r.Complexity(); c > MaxComplexity {
			t.Fatalf("accepted complexity %d", c)
		}

		canonical := r.String()
		back, err := Parse(canonical)
		if err != nil {
			t.Fatalf("String does not parse: %v", err)
		}
		if !equalRules(r, back) || back.String() != canonical {
			t.Fatalf("String does not round trip")
		}

		var generic map[string]any
		if err := json.Unmarshal([]byte(canonical), &generic); err != nil {
			t.Fatalf("String is not a JSON object: %v", err)
		}
		oracle := !hasTwoOr(&r.root) // a generic map keeps one of two "$or" keys
		for i, a := range sampleAttributes(r, pick) {
			got := r.Match(a)
			if oracle && got != referenceMatch(generic, a) {
				t.Fatalf("Match disagrees with the reference on sample %d", i)
			}
		}
	})
}

// FuzzBuild checks that the builder never panics and that what it builds
// parses back to the same rule.
func FuzzBuild(f *testing.F) {
	f.Add("mention", "type", "Bob", "Room", uint8(0))
	f.Add("type", "mention", "Room", "Bob", uint8(3))
	f.Add("a", "a", "x", "y", uint8(6))
	f.Add("$or", "prefix", "\xff", "", uint8(7))
	f.Fuzz(func(t *testing.T, k1, k2, v1, v2 string, shape uint8) {
		var e Expr
		switch shape % 4 {
		case 0:
			e = Key(k1).Equals(v1, v2)
		case 1:
			e = Key(k1).AnythingBut(v1)
		case 2:
			e = All(Key(k1).Equals(v1), Key(k2).AnythingBut(v2))
		case 3:
			e = Or(Key(k1).Equals(v1), All(Key(k2).Equals(v2), Key(k1).AnythingBut(v2)))
		}
		if shape&4 != 0 {
			e = All(Key("w").Equals(v2), e)
		}
		if shape&8 != 0 {
			e = Or(e, Key(k2).Equals(v1))
		}
		r, err := Build(e)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Build error is not a *Error: %v", err)
			}
			return
		}
		built := &Rule{root: *All(e).obj}
		if !equalRules(r, built) {
			t.Fatalf("Build's rule differs from the parts")
		}
		back, err := Parse(r.String())
		if err != nil || !equalRules(r, back) {
			t.Fatalf("Build's output does not parse to the same rule: %v", err)
		}
	})
}

// equalRules compares two rules by structure.
func equalRules(a, b *Rule) bool {
	return a.String() == b.String() && equalObjects(&a.root, &b.root)
}

func equalObjects(a, b *object) bool {
	if len(a.keys) != len(b.keys) || len(a.ors) != len(b.ors) {
		return false
	}
	for i := range a.keys {
		ka, kb := a.keys[i], b.keys[i]
		if ka.name != kb.name || !equalStrings(ka.equals, kb.equals) || len(ka.except) != len(kb.except) {
			return false
		}
		for j := range ka.except {
			if !equalStrings(ka.except[j], kb.except[j]) {
				return false
			}
		}
	}
	for i := range a.ors {
		if len(a.ors[i]) != len(b.ors[i]) {
			return false
		}
		for j := range a.ors[i] {
			if !equalObjects(&a.ors[i][j], &b.ors[i][j]) {
				return false
			}
		}
	}
	return true
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func hasTwoOr(o *object) bool {
	if len(o.ors) > 1 {
		return true
	}
	for _, alts := range o.ors {
		for j := range alts {
			if hasTwoOr(&alts[j]) {
				return true
			}
		}
	}
	return false
}

// sampleAttributes builds attribute maps from the rule's own keys and
// values, chosen by pick, so matches are neither always true nor always
// false.
func sampleAttributes(r *Rule, pick uint64) []map[string][]string {
	keySet := map[string]bool{}
	valueSet := map[string]bool{"": true, "not-in-rule": true}
	var walk func(o *object)
	walk = func(o *object) {
		for _, k := range o.keys {
			keySet[k.name] = true
			for _, v := range k.equals {
				valueSet[v] = true
			}
			for _, l := range k.except {
				for _, v := range l {
					valueSet[v] = true
				}
			}
		}
		for _, alts := range o.ors {
			for j := range alts {
				walk(&alts[j])
			}
		}
	}
	walk(&r.root)
	keys, values := sortedKeys(keySet), sortedKeys(valueSet)
	samples := []map[string][]string{nil, {}}
	for s := 0; s < 4; s++ {
		a := map[string][]string{}
		for i, k := range keys {
			bits := pick >> uint((i*3+s*7)%61)
			switch bits % 4 {
			case 0: // absent
			case 1:
				a[k] = []string{values[int(bits>>2)%len(values)]}
			case 2:
				a[k] = []string{values[int(bits>>2)%len(values)], values[int(bits>>5)%len(values)]}
			case 3:
				a[k] = []string{}
			}
		}
		samples = append(samples, a)
	}
	return samples
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// referenceMatch evaluates a rule decoded by encoding/json, written straight
// from the package documentation, as an oracle for Match.
func referenceMatch(rule map[string]any, a map[string][]string) bool {
	for key, v := range rule {
		if key == "$or" {
			ok := false
			for _, alt := range v.([]any) {
				if referenceMatch(alt.(map[string]any), a) {
					ok = true
				}
			}
			if !ok {
				return false
			}
			continue
		}
		values := a[key]
		ok := false
		for _, cond := range v.([]any) {
			switch c := cond.(type) {
			case string:
				for _, mv := range values {
					ok = ok || mv == c
				}
			case map[string]any:
				excluded := false
				for _, x := range c["anything-but"].([]any) {
					for _, mv := range values {
						excluded = excluded || mv == x.(string)
					}
				}
				ok = ok || (len(values) > 0 && !excluded)
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
