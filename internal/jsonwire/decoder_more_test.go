package jsonwire

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecoderKind(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
	}{
		{` {}`, KindObject},
		{`[`, KindArray},
		{`"`, KindString},
		{`-1`, KindNumber},
		{`7`, KindNumber},
		{`true`, KindBool},
		{`false`, KindBool},
		{`null`, KindNull},
		{"  \n", KindEnd},
		{``, KindEnd},
		{`x`, KindInvalid},
		{`}`, KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d := NewDecoder([]byte(tt.in))
			assert.Equal(t, tt.want, d.Kind())
			assert.Equal(t, tt.want, d.Kind(), "Kind must not consume")
			assert.NoError(t, d.Err(), "Kind must not record errors")
		})
	}
	assert.Equal(t, "number", KindNumber.String())
	assert.Equal(t, "invalid", Kind(200).String())
}

func TestDecoderArraysNumbersBools(t *testing.T) {
	in := `[ 0, -0, 12.5e-3, 1E+9, 3.0, true, false, [], [[1]] ]`
	d := NewDecoder([]byte(in))
	require.True(t, d.ArrayStart())
	var nums []string
	for i := 0; i < 5; i++ {
		require.True(t, d.ArrayMore())
		nums = append(nums, d.Number())
	}
	assert.Equal(t, []string{"0", "-0", "12.5e-3", "1E+9", "3.0"}, nums)
	require.True(t, d.ArrayMore())
	assert.True(t, d.Bool())
	require.True(t, d.ArrayMore())
	assert.False(t, d.Bool())
	require.True(t, d.ArrayMore())
	require.True(t, d.ArrayStart())
	assert.False(t, d.ArrayMore())
	require.True(t, d.ArrayMore())
	d.Skip()
	assert.False(t, d.ArrayMore())
	d.End()
	require.NoError(t, d.Err())
	assert.Equal(t, len(in), d.Offset())
}

func TestDecoderDepthLimit(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + strings.Repeat(close, n)
	}
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"arrays at limit", nest("[", "]", maxDepth), true},
		{"arrays over limit", nest("[", "]", maxDepth+1), false},
		{"objects missing innermost value", nest(`{"a":`, "}", 3), false},
		{"objects with value at limit", strings.Repeat(`{"a":`, maxDepth) + "1" + strings.Repeat("}", maxDepth), true},
		{"objects over limit", strings.Repeat(`{"a":`, maxDepth+1) + "1" + strings.Repeat("}", maxDepth+1), false},
		{"unclosed very deep", strings.Repeat("[", 100000), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.in)
			require.Equal(t, tt.ok, json.Valid(data), "encoding/json disagrees with the table")

			d := NewDecoder(data)
			d.Skip()
			d.End()
			assert.Equal(t, tt.ok, d.Err() == nil, "Skip: %v", d.Err())

			d.Reset(data)
			walk(d)
			d.End()
			assert.Equal(t, tt.ok, d.Err() == nil, "walk: %v", d.Err())
		})
	}
	d := NewDecoder([]byte(nest("[", "]", maxDepth+1)))
	d.Skip()
	assert.EqualError(t, d.Err(), "json: syntax error at byte 10000: exceeded max depth")
}

func TestDecoderStickyError(t *testing.T) {
	d := NewDecoder([]byte(`{"a":x,"b":"s"}`))
	require.True(t, d.ObjectStart())
	require.True(t, d.More())
	assert.Equal(t, "a", string(d.Key()))
	d.Skip()
	first := d.Err()
	require.Error(t, first)
	off := d.Offset()

	assert.False(t, d.More())
	assert.Nil(t, d.Key())
	s, ok := d.String()
	assert.Equal(t, "", s)
	assert.False(t, ok)
	assert.Nil(t, d.StringPtr())
	assert.False(t, d.ObjectStart())
	assert.False(t, d.ArrayStart())
	assert.False(t, d.ArrayMore())
	assert.Equal(t, "", d.Number())
	assert.False(t, d.Bool())
	assert.False(t, d.Null())
	assert.Equal(t, KindInvalid, d.Kind())
	d.Skip()
	d.End()
	assert.Same(t, first, d.Err(), "the first error must stay")
	assert.Equal(t, off, d.Offset(), "no method may move after an error")

	d.Reset([]byte(`{}`))
	assert.NoError(t, d.Err(), "Reset clears the error")
	assert.True(t, d.ObjectStart())
	assert.False(t, d.More())
	d.End()
	assert.NoError(t, d.Err())
}

func TestSyntaxErrorNeverQuotesSecrets(t *testing.T) {
	secret := "super-secret-filter-rule"
	d := NewDecoder([]byte(`{"FilterRule":"` + secret + "\x01" + `"}`))
	d.Skip()
	require.Error(t, d.Err())
	assert.NotContains(t, d.Err().Error(), secret)
}
