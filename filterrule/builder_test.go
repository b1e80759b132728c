package filterrule

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildWritesTheGuideRules(t *testing.T) {
	cases := []struct {
		name  string
		parts []Expr
		want  string
	}{
		{"inclusive", []Expr{Key("mention").Equals("Bob")}, `{"mention":["Bob"]}`},
		{"exclusive", []Expr{Key("type").AnythingBut("Room")}, `{"type":[{"anything-but":["Room"]}]}`},
		{"AND", []Expr{Key("type").AnythingBut("Room"), Key("mention").Equals("Bob")}, `{"type":[{"anything-but":["Room"]}],"mention":["Bob"]}`},
		{"OR", []Expr{Or(Key("mention").Equals("Bob"), Key("type").AnythingBut("Room"))}, `{"$or":[{"mention":["Bob"]},{"type":[{"anything-but":["Room"]}]}]}`},
		{"OR of Alls beside a key", []Expr{
			Key("a").Equals("1"),
			Or(All(Key("b").Equals("2"), Key("c").Equals("3")), Key("d").Equals("4", "5")),
		}, `{"a":["1"],"$or":[{"b":["2"],"c":["3"]},{"d":["4","5"]}]}`},
		{"nested OR", []Expr{Or(Key("a").Equals("1"), Or(Key("b").Equals("2"), Key("c").Equals("3")))}, `{"$or":[{"a":["1"]},{"$or":[{"b":["2"]},{"c":["3"]}]}]}`},
		{"All flattens", []Expr{All(Key("a").Equals("1"), All(Key("b").Equals("2")))}, `{"a":["1"],"b":["2"]}`},
		{"values needing escapes", []Expr{Key(`q"\`).Equals("line\nbreak", "tab\t", "é")}, `{"q\"\\":["line\nbreak","tab\t","é"]}`},
		{"no parts", nil, `{}`},
		{"zero Expr", []Expr{{}}, `{}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Build(c.parts...)
			require.NoError(t, err)
			assert.Equal(t, c.want, r.String())
			parsed, err := Parse(c.want)
			require.NoError(t, err)
			assert.Equal(t, parsed, r)
		})
	}
}

func TestBuildComplexityOfGuideExample(t *testing.T) {
	r, err := Build(Key("type").AnythingBut("Room"), Key("mention").Equals("Bob"))
	require.NoError(t, err)
	assert.Equal(t, 4, r.Complexity())
}

func TestBuildMisuseIsAnError(t *testing.T) {
	many := make([]Expr, 6)
	for i := range many {
		many[i] = Key(string(rune('a' + i))).Equals("v")
	}
	twenty := make([]string, 20)
	for i := range twenty {
		twenty[i] = "v"
	}
	cases := []struct {
		name  string
		parts []Expr
		kind  Kind
	}{
		{"Equals with no values", []Expr{Key("a").Equals()}, KindBuild},
		{"AnythingBut with no values", []Expr{Key("a").AnythingBut()}, KindBuild},
		{"same key twice", []Expr{Key("a").Equals("1"), Key("a").AnythingBut("2")}, KindBuild},
		{"same key twice inside Or", []Expr{Or(All(Key("a").Equals("1"), Key("a").Equals("2")), Key("b").Equals("3"))}, KindBuild},
		{"two Or in one All", []Expr{Or(Key("a").Equals("1"), Key("b").Equals("2")), Or(Key("c").Equals("1"), Key("d").Equals("2"))}, KindBuild},
		{"Or of one", []Expr{Or(Key("a").Equals("1"))}, KindOr},
		{"Or of none", []Expr{Or()}, KindOr},
		{"Or of six", []Expr{Or(many...)}, KindOr},
		{"empty Or alternative", []Expr{Or(Key("a").Equals("1"), All())}, KindEmpty},
		{"zero Expr as Or alternative", []Expr{Or(Key("a").Equals("1"), Expr{})}, KindEmpty},
		{"complexity 21", []Expr{Key("a").Equals(twenty...)}, KindComplexity},
		{"key named $or", []Expr{Key("$or").Equals("x")}, KindType},
		{"operator name as key inside Or", []Expr{Or(Key("prefix").Equals("x"), Key("b").Equals("y"))}, KindOperator},
		{"invalid UTF-8 value", []Expr{Key("a").Equals("\xff")}, KindEncoding},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Build(c.parts...)
			assert.Nil(t, r)
			var fe *Error
			require.True(t, errors.As(err, &fe), "got %v", err)
			assert.Equal(t, c.kind, fe.Kind, fe.Error())
		})
	}
}

func TestBuildDuplicateKeyErrorNamesNoKey(t *testing.T) {
	_, err := Build(Key("SECRET").Equals("1"), Key("SECRET").Equals("2"))
	var fe *Error
	require.True(t, errors.As(err, &fe))
	assert.NotContains(t, fe.Error(), "SECRET")
	assert.Equal(t, "<key 0>", fe.Path)
	assert.Equal(t, "SECRET", fe.KeyPath())
}

func TestBuildDoesNotAlias(t *testing.T) {
	values := []string{"Bob"}
	e := Key("mention").Equals(values...)
	values[0] = "Eve"
	r, err := Build(e)
	require.NoError(t, err)
	assert.Equal(t, `{"mention":["Bob"]}`, r.String())
}
