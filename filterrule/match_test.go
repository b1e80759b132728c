package filterrule

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type attrs = map[string][]string

func TestMatch(t *testing.T) {
	cases := []struct {
		name  string
		rule  string
		attrs attrs
		want  bool
	}{
		// The guide's examples, with the answers the guide gives.
		{"inclusion: Bob among the values", `{"mention":["Bob"]}`, attrs{"mention": {"Bob", "Alice"}}, true},
		{"inclusion: guide's refused message", `{"mention":["Bob"]}`, attrs{"mention": {"Tom"}}, false},
		{"exclusion: Conversation", `{"type":[{"anything-but":["Room"]}]}`, attrs{"type": {"Conversation"}}, true},
		{"exclusion: Room", `{"type":[{"anything-but":["Room"]}]}`, attrs{"type": {"Room"}}, false},
		{"AND: both hold", guideAND, attrs{"mention": {"Bob"}, "type": {"Conversation"}}, true},
		{"AND: type is Room", guideAND, attrs{"mention": {"Bob"}, "type": {"Room"}}, false},
		{"AND: mention is Tom", guideAND, attrs{"mention": {"Tom"}, "type": {"Conversation"}}, false},
		{"OR: mention only", `{"$or":[{"mention":["Bob"]},{"type":[{"anything-but":["Room"]}]}]}`, attrs{"mention": {"Bob"}}, true},
		{"OR: type only", `{"$or":[{"mention":["Bob"]},{"type":[{"anything-but":["Room"]}]}]}`, attrs{"type": {"Conversation"}}, true},
		{"OR: neither", `{"$or":[{"mention":["Bob"]},{"type":[{"anything-but":["Room"]}]}]}`, attrs{"type": {"Room"}, "mention": {"Tom"}}, false},

		// Exact and case-sensitive.
		{"case differs", `{"mention":["Bob"]}`, attrs{"mention": {"bob"}}, false},
		{"prefix is not a match", `{"mention":["Bob"]}`, attrs{"mention": {"Bobby"}}, false},
		{"trailing space is not a match", `{"mention":["Bob"]}`, attrs{"mention": {"Bob "}}, false},
		{"anything-but is case-sensitive", `{"type":[{"anything-but":["Room"]}]}`, attrs{"type": {"room"}}, true},
		{"key name is case-sensitive", `{"mention":["Bob"]}`, attrs{"Mention": {"Bob"}}, false},

		// Values of one key are OR; conditions of one key are OR.
		{"second value", `{"type":["a","b"]}`, attrs{"type": {"b"}}, true},
		{"mixed list, exact holds", `{"type":["a",{"anything-but":["b","c"]}]}`, attrs{"type": {"a"}}, true},
		{"mixed list, anything-but holds", `{"type":["a",{"anything-but":["b","c"]}]}`, attrs{"type": {"d"}}, true},
		{"mixed list, neither", `{"type":["a",{"anything-but":["b","c"]}]}`, attrs{"type": {"c"}}, false},

		// Where the guide is silent (see the package documentation).
		{"anything-but, attribute missing", `{"type":[{"anything-but":["Room"]}]}`, attrs{"mention": {"Bob"}}, false},
		{"anything-but, attribute with no values", `{"type":[{"anything-but":["Room"]}]}`, attrs{"type": {}}, false},
		{"anything-but, one excluded value among others", `{"type":[{"anything-but":["Room"]}]}`, attrs{"type": {"Room", "Conversation"}}, false},
		{"inclusion, attribute missing", `{"mention":["Bob"]}`, attrs{}, false},
		{"inclusion, nil attributes", `{"mention":["Bob"]}`, nil, false},
		{"empty rule, no attributes", `{}`, nil, true},
		{"empty rule, some attributes", `{}`, attrs{"a": {"b"}}, true},
		{"extra attributes are ignored", `{"mention":["Bob"]}`, attrs{"mention": {"Bob"}, "type": {"x"}}, true},
		{"nested OR, inner alternative", `{"a":["1"],"$or":[{"b":["2"]},{"$or":[{"c":["3"]},{"d":["4"]}]}]}`, attrs{"a": {"1"}, "d": {"4"}}, true},
		{"nested OR, outer key fails", `{"a":["1"],"$or":[{"b":["2"]},{"$or":[{"c":["3"]},{"d":["4"]}]}]}`, attrs{"a": {"0"}, "d": {"4"}}, false},
		{"OR alternative needs all its keys", `{"$or":[{"a":["1"],"b":["2"]},{"c":["3"]}]}`, attrs{"a": {"1"}}, false},
		{"key beside OR must hold too", `{"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]}`, attrs{"b": {"2"}}, false},
		{"empty string value", `{"a":[""]}`, attrs{"a": {""}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse(c.rule)
			require.NoError(t, err)
			assert.Equal(t, c.want, r.Match(c.attrs))
		})
	}
}

func TestNilAndZeroRuleAreTheEmptyRule(t *testing.T) {
	var nilRule *Rule
	assert.True(t, nilRule.Match(attrs{"a": {"b"}}))
	assert.Equal(t, 0, nilRule.Complexity())
	assert.Equal(t, "{}", nilRule.String())
	zero := &Rule{}
	assert.True(t, zero.Match(nil))
	assert.Equal(t, "{}", zero.String())
}
