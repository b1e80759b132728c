package filterrule

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guideAND is the guide's AND example, the one whose complexity it gives as 4.
const guideAND = `{"type":[{"anything-but": ["Room"]}],"mention":["Bob"]}`

// ruleWithValues returns {"k":["v1",...,"vN"]}, complexity 1+n.
func ruleWithValues(n int) string {
	vals := make([]string, n)
	for i := range vals {
		vals[i] = fmt.Sprintf("%q", fmt.Sprint("v", i))
	}
	return `{"k":[` + strings.Join(vals, ",") + `]}`
}

// ruleWithOr returns an $or of n alternatives {"kI":["v"]}.
func ruleWithOr(n int) string {
	alts := make([]string, n)
	for i := range alts {
		alts[i] = fmt.Sprintf(`{"k%d":["v"]}`, i)
	}
	return `{"$or":[` + strings.Join(alts, ",") + `]}`
}

func TestParseAcceptsGuideRulesAndLimits(t *testing.T) {
	cases := []struct {
		name       string
		rule       string
		complexity int
	}{
		{"inclusive", `{"mention":["Bob"]}`, 2},
		{"exclusive", `{"type":[{"anything-but": ["Room"]}]}`, 2},
		{"AND, the guide's complexity example", guideAND, 4},
		{"OR", `{"$or":[{"mention":["Bob"]},{"type":[{"anything-but": ["Room"]}]}]}`, 4},
		{"no notification to the sender", `{"type":[{"anything-but": ["USER_ARN"]}]}`, 2},
		{"empty rule", `{}`, 0},
		{"complexity 20", ruleWithValues(19), 20},
		{"five OR alternatives", ruleWithOr(5), 10},
		{"nested OR", `{"a":["1"],"$or":[{"b":["2"]},{"$or":[{"c":["3"]},{"d":["4"]}]}]}`, 8},
		{"whitespace", " {\n\t\"a\" : [ \"1\" , {\"anything-but\" : [\"2\",\"3\"]} ] } \r\n", 4},
		{"escapes", `{"\u0041\n":["\"\\\/\b\f\r\t\u00e9\ud83d\ude00"]}`, 2},
		{"empty string value", `{"a":[""]}`, 2},
		{"exactly 2048 bytes", `{"a":["` + strings.Repeat("x", MaxRuleBytes-10) + `"]}`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse(c.rule)
			require.NoError(t, err)
			assert.Equal(t, c.complexity, r.Complexity())
		})
	}
}

func TestParseRefuses(t *testing.T) {
	cases := []struct {
		name    string
		rule    string
		kind    Kind
		path    string
		keyPath string
	}{
		{"empty text", ``, KindSize, "", ""},
		{"over 2 KB", `{"a":["` + strings.Repeat("x", MaxRuleBytes-9) + `"]}`, KindSize, "", ""},
		{"invalid UTF-8", "{\"a\":[\"\xff\"]}", KindEncoding, "", ""},
		{"top-level list", `["a"]`, KindType, "", ""},
		{"top-level string", `"a"`, KindType, "", ""},
		{"non-list value", `{"type":"urgent"}`, KindType, "<key 0>", "type"},
		{"nested object value", `{"a":{"b":["c"]}}`, KindType, "<key 0>", "a"},
		{"non-string value", `{"type":[1]}`, KindType, "<key 0>[0]", "type[0]"},
		{"null value", `{"a":["x",null]}`, KindType, "<key 0>[1]", "a[1]"},
		{"boolean value", `{"a":[true]}`, KindType, "<key 0>[0]", "a[0]"},
		{"list value", `{"a":[["x"]]}`, KindType, "<key 0>[0]", "a[0]"},
		{"prefix operator", `{"type":[{"prefix":"ur"}]}`, KindOperator, "<key 0>[0]", "type[0]"},
		{"numeric operator", `{"a":["x"],"b":[{"numeric":[">",1]}]}`, KindOperator, "<key 1>[0]", "b[0]"},
		{"exists operator", `{"a":[{"exists":false}]}`, KindOperator, "<key 0>[0]", "a[0]"},
		{"empty operator object", `{"a":[{}]}`, KindEmpty, "<key 0>[0]", "a[0]"},
		{"two operators in one object", `{"a":[{"anything-but":["x"],"prefix":"y"}]}`, KindOperator, "<key 0>[0]", "a[0]"},
		{"anything-but single string", `{"a":[{"anything-but":"Room"}]}`, KindType, "<key 0>[0].anything-but", "a[0].anything-but"},
		{"anything-but number", `{"a":[{"anything-but":["x",2]}]}`, KindType, "<key 0>[0].anything-but[1]", "a[0].anything-but[1]"},
		{"anything-but prefix", `{"a":[{"anything-but":{"prefix":"x"}}]}`, KindType, "<key 0>[0].anything-but", "a[0].anything-but"},
		{"anything-but empty", `{"a":[{"anything-but":[]}]}`, KindEmpty, "<key 0>[0].anything-but", "a[0].anything-but"},
		{"empty list", `{"type":[]}`, KindEmpty, "<key 0>", "type"},
		{"complexity 21", ruleWithValues(20), KindComplexity, "", ""},
		{"six OR alternatives", ruleWithOr(6), KindOr, "$or", "$or"},
		{"one OR alternative", `{"$or":[{"a":["x"]}]}`, KindOr, "$or", "$or"},
		{"empty OR", `{"$or":[]}`, KindOr, "$or", "$or"},
		{"OR not a list", `{"$or":{"a":["x"]}}`, KindType, "$or", "$or"},
		{"OR alternative not an object", `{"$or":[{"a":["x"]},["b"]]}`, KindType, "$or[1]", "$or[1]"},
		{"empty OR alternative", `{"$or":[{"a":["x"]},{}]}`, KindEmpty, "$or[1]", "$or[1]"},
		{"operator name as a key inside OR", `{"$or":[{"a":["x"]},{"prefix":["y"]}]}`, KindOperator, "$or[1].<key 0>", "$or[1].prefix"},
		{"the issue's place", `{"$or":[{"a":["1"]},{"b":["2"]},{"x":["3"],"mention":[7]}]}`, KindType, "$or[2].<key 1>[0]", "$or[2].mention[0]"},
		{"nested OR too long", `{"$or":[{"a":["1"]},` + ruleWithOr(6) + `]}`, KindOr, "$or[1].$or", "$or[1].$or"},
		{"unterminated", `{"a":["b"]`, KindSyntax, "", ""},
		{"trailing data", `{"a":["b"]}x`, KindSyntax, "", ""},
		{"two objects", `{"a":["b"]}{}`, KindSyntax, "", ""},
		{"trailing comma in list", `{"a":["b",]}`, KindSyntax, "<key 0>[1]", "a[1]"},
		{"trailing comma in object", `{"a":["b"],}`, KindSyntax, "", ""},
		{"unquoted key", `{a:["b"]}`, KindSyntax, "", ""},
		{"missing colon", `{"a" ["b"]}`, KindSyntax, "", ""},
		{"raw control character", "{\"a\":[\"b\nc\"]}", KindSyntax, "<key 0>[0]", "a[0]"},
		{"bad escape", `{"a":["\x"]}`, KindSyntax, "<key 0>[0]", "a[0]"},
		{"bad unicode escape", `{"a":["\u12G4"]}`, KindSyntax, "<key 0>[0]", "a[0]"},
		{"unterminated string", `{"a":["b`, KindSyntax, "<key 0>[0]", "a[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse(c.rule)
			require.Error(t, err)
			assert.Nil(t, r)
			var fe *Error
			require.True(t, errors.As(err, &fe), "error is a *filterrule.Error")
			assert.Equal(t, c.kind, fe.Kind, fe.Error())
			assert.Equal(t, c.path, fe.Path)
			assert.Equal(t, c.keyPath, fe.KeyPath())
			assert.NotEmpty(t, fe.Reason)
		})
	}
}

func TestErrorTextFormat(t *testing.T) {
	_, err := Parse(`{"$or":[{"a":["1"]},{"b":["2"]},{"mention":[1]}]}`)
	require.Error(t, err)
	assert.Equal(t, `$or[2].<key 0>[0]: must be a string or {"anything-but":[...]} (only exact string matching is supported); got a number`, err.Error())

	_, err = Parse(ruleWithValues(20))
	assert.Equal(t, "complexity (keys plus values) must be at most 20; got 21", err.Error())

	_, err = Parse(ruleWithOr(6))
	assert.Equal(t, "$or: must list at most 5 alternatives; got 6", err.Error())
}

// TestErrorsNeverQuoteKeysOrValues feeds rules whose keys and values are
// secrets through every error path and checks no text shows them.
func TestErrorsNeverQuoteKeysOrValues(t *testing.T) {
	const key, val = "SECRETKEY", "SECRETVALUE"
	rules := []string{
		`{"SECRETKEY":"SECRETVALUE"}`,
		`{"SECRETKEY":["SECRETVALUE",1]}`,
		`{"SECRETKEY":[{"SECRETVALUE":["x"]}]}`,
		`{"SECRETKEY":[{"anything-but":"SECRETVALUE"}]}`,
		`{"SECRETKEY":[{"anything-but":["SECRETVALUE"]},{"prefix":"SECRETVALUE"}]}`,
		`{"$or":[{"SECRETKEY":["SECRETVALUE"]}]}`,
		`{"$or":[{"SECRETKEY":["SECRETVALUE"]},{"SECRETKEY":[]}]}`,
		`{"SECRETKEY":["SECRETVALUE"]} SECRETVALUE`,
		`{"SECRETKEY":["SECRETVALUE\q"]}`,
		"{\"SECRETKEY\":[\"SECRETVALUE\xff\"]}",
		`{"SECRETKEY":["SECRETVALUE"`,
		ruleWithValues(25),
	}
	for _, rule := range rules {
		_, err := Parse(rule)
		require.Error(t, err, rule)
		for _, text := range []string{err.Error(), fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err)} {
			assert.NotContains(t, text, key)
			assert.NotContains(t, text, val)
			assert.NotContains(t, text, "v19")
		}
	}
}

func TestParseDuplicateKeysLastWins(t *testing.T) {
	r, err := Parse(`{"a":["1"],"b":["2"],"a":["3","4"]}`)
	require.NoError(t, err)
	assert.Equal(t, `{"a":["3","4"],"b":["2"]}`, r.String())
	assert.Equal(t, 5, r.Complexity())
	assert.True(t, r.Match(map[string][]string{"a": {"3"}, "b": {"2"}}))
	assert.False(t, r.Match(map[string][]string{"a": {"1"}, "b": {"2"}}))
}

func TestParseTwoOrInOneObjectBothApply(t *testing.T) {
	r, err := Parse(`{"$or":[{"a":["1"]},{"b":["2"]}],"$or":[{"c":["3"]},{"d":["4"]}]}`)
	require.NoError(t, err)
	assert.True(t, r.Match(map[string][]string{"a": {"1"}, "d": {"4"}}))
	assert.False(t, r.Match(map[string][]string{"a": {"1"}}))
	assert.Equal(t, `{"$or":[{"a":["1"]},{"b":["2"]}],"$or":[{"c":["3"]},{"d":["4"]}]}`, r.String())
}

func TestParseDeepNestingKeepsAShortPlace(t *testing.T) {
	rule := `{"x":[1]}`
	for i := 0; i < 40; i++ {
		rule = `{"$or":[{"a":["1"]},` + rule + `]}`
	}
	_, err := Parse(rule)
	var fe *Error
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, KindType, fe.Kind)
	assert.True(t, strings.HasPrefix(fe.Path, "$or[1].$or[1]."), fe.Path)
	assert.True(t, strings.HasSuffix(fe.Path, "..."), fe.Path)
	assert.LessOrEqual(t, strings.Count(fe.Path, "$or"), maxPathSteps)
}

func TestKeyPathDecodesEscapedKeys(t *testing.T) {
	_, err := Parse(`{"ok":["1"],"\u0061\"b":[1]}`)
	var fe *Error
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "<key 1>[0]", fe.Path)
	assert.Equal(t, `a"b[0]`, fe.KeyPath())
}
