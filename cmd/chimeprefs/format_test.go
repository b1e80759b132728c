package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expected values below are what Python 3.11 prints (repr(), and
// json.dumps(v, indent=4, ensure_ascii=False)) for the same values.

func TestPyNumber(t *testing.T) {
	tenth, fifth := 0.1, 0.2 // variables: constant arithmetic would be exact
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{4, "4"}, // a JMESPath int in Python (length()); Go has only float64
		{-3, "-3"},
		{1.5, "1.5"},
		{-0.5, "-0.5"},
		{tenth + fifth, "0.30000000000000004"},
		{0.0001, "0.0001"},
		{1.5e-05, "1.5e-05"},
		{1234567.5, "1234567.5"},
		{1e16, "1e+16"},
		{1e22, "1e+22"},
		{123456789012345680.0, "1.2345678901234568e+17"},
	} {
		assert.Equal(t, tc.want, pyNumber(tc.in), "%v", tc.in)
	}
}

func TestWriteJSON(t *testing.T) {
	var b strings.Builder
	require.NoError(t, writeJSON(&b, "a\"b\\c\n\t\x01\x7f\u2028é健\b\f\r"))
	assert.Equal(t, "\"a\\\"b\\\\c\\n\\t\\u0001\x7f\u2028é健\\b\\f\\r\"\n", b.String(), "Python's escapes, non-ASCII as it is")

	b.Reset()
	require.NoError(t, writeJSON(&b, map[string]any{"b": []any{}, "a": map[string]any{}, "c": []any{1.0, map[string]any{"x": nil}}}))
	assert.Equal(t, "{\n    \"a\": {},\n    \"b\": [],\n    \"c\": [\n        1,\n        {\n            \"x\": null\n        }\n    ]\n}\n", b.String(), "keys sorted (Python keeps insertion order; see the help)")

	b.Reset()
	require.NoError(t, writeJSON(&b, map[string]any{}))
	assert.Empty(t, b.String(), "an empty object prints nothing, as the AWS CLI")

	b.Reset()
	require.NoError(t, writeJSON(&b, nil))
	assert.Equal(t, "null\n", b.String())
}

// TestFormatsRefuseWhatTheAWSCLICannotPrint checks the shapes the AWS
// CLI's text and table printers fail on: an error, never a panic.
func TestFormatsRefuseWhatTheAWSCLICannotPrint(t *testing.T) {
	var b strings.Builder
	err := writeTable(&b, "Op", []any{[]any{"a"}, []any{"b", "c"}}, 80)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--output table cannot print rows of 1 and 2 values in one section")

	err = writeTable(&b, "Op", []any{map[string]any{"a": "x"}, "y"}, 80)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--output table cannot print a list that mixes objects with other values")

	err = writeText(&b, []any{map[string]any{"a": "x"}, "y"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--output text cannot print a list that mixes objects with other values")
	assert.Empty(t, b.String(), "nothing is printed when the value cannot be")
}

func TestTextWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"Jane", 4},
		{"健二", 4},    // wide
		{"Renée", 6}, // é is East Asian ambiguous: two columns, as the AWS CLI counts
		{"Zoë", 3},   // ë is neutral
		{"ＡＢ", 4},    // fullwidth
		{"", 0},
	} {
		assert.Equal(t, tc.want, textWidth(tc.in), tc.in)
	}
}

// TestColumnWidths checks the scaling of column widths to the table's
// width, with Python's rounding of halves to even.
func TestColumnWidths(t *testing.T) {
	s := newTableSection("", 0)
	s.addHeader([]string{"ab", "abcd"})
	assert.Equal(t, []int{6, 8}, s.columnWidths(4, 0), "unscaled: the widest cell plus padding")
	assert.Equal(t, []int{12, 16}, s.columnWidths(4, 28))
	assert.Equal(t, []int{9, 12}, s.columnWidths(4, 21), "6*1.5=9, 8*1.5=12")
	s2 := newTableSection("", 0)
	s2.addHeader([]string{"a", "b", "c"}) // 5, 5, 5
	assert.Equal(t, []int{3, 3, 4}, s2.columnWidths(4, 10), "3.33 each rounds to 3; the missing column goes to the last")
	assert.Equal(t, []int{5, 6, 6}, s2.columnWidths(4, 17), "5.67 each rounds to 6; the extra one is taken from the first")
	s3 := newTableSection("", 0)
	s3.addHeader([]string{"a", "a", "ab"}) // 5, 5, 6
	assert.Equal(t, []int{4, 4, 4}, s3.columnWidths(4, 12), "3.75, 3.75 and 4.5: 4.5 rounds to even 4 (half up would give 3, 4, 5)")
}
