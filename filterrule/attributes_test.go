package filterrule

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckAttributesAccepts(t *testing.T) {
	cases := map[string]attrs{
		"none":                      nil,
		"guide example":             {"mention": {"Bob", "Alice"}, "type": {"Conversation"}},
		"name of 64 characters":     {strings.Repeat("é", 64): {"v"}},
		"value of 512 characters":   {"a": {strings.Repeat("x", 512)}},
		"multi-byte characters":     {"é": {strings.Repeat("é", 400)}},
		"1024 bytes in all":         {"a": {strings.Repeat("x", 511), strings.Repeat("x", 512)}},
		"attribute with no values":  {"a": {}},
		"names and values in sizes": {"k": {strings.Repeat("x", 500)}, "l": {strings.Repeat("x", 500)}},
	}
	for name, a := range cases {
		assert.NoError(t, CheckAttributes(a), name)
	}
}

func TestCheckAttributesRefuses(t *testing.T) {
	cases := []struct {
		name    string
		attrs   attrs
		path    string
		keyPath string
		reason  string
	}{
		{"empty name", attrs{"": {"v"}}, "<attribute 0>", "", "name must be at least 1 character long (model shape MessageAttributeName)"},
		{"name of 65 characters", attrs{"a": {"v"}, strings.Repeat("é", 65): {"v"}}, "<attribute 1>", strings.Repeat("é", 65), "name must be at most 64 characters long; got 65 (model shape MessageAttributeName)"},
		{"empty value", attrs{"a": {"v", ""}}, "<attribute 0>.StringValues[1]", "a.StringValues[1]", "value must be at least 1 character long (model shape MessageAttributeStringValue)"},
		{"value of 513 characters", attrs{"a": {strings.Repeat("x", 513)}}, "<attribute 0>.StringValues[0]", "a.StringValues[0]", "value must be at most 512 characters long; got 513 (model shape MessageAttributeStringValue)"},
		{"invalid UTF-8 value", attrs{"a": {"\xff"}}, "<attribute 0>.StringValues[0]", "a.StringValues[0]", "value must be valid UTF-8 (model shape MessageAttributeStringValue)"},
		{"1025 bytes in all", attrs{"a": {strings.Repeat("x", 512), strings.Repeat("x", 512)}}, "", "", "message attributes must total at most 1024 bytes (1 KB) of names and values; got 1025"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckAttributes(c.attrs)
			var fe *Error
			require.True(t, errors.As(err, &fe), "got %v", err)
			assert.Equal(t, KindAttribute, fe.Kind)
			assert.Equal(t, c.path, fe.Path)
			assert.Equal(t, c.keyPath, fe.KeyPath())
			assert.Equal(t, c.reason, fe.Reason)
		})
	}
}

func TestCheckAttributesErrorsNameNoAttribute(t *testing.T) {
	err := CheckAttributes(attrs{"SECRETNAME": {"SECRETVALUE", strings.Repeat("x", 600)}})
	require.Error(t, err)
	text := fmt.Sprintf("%v|%+v|%#v|%s", err, err, err, err)
	assert.NotContains(t, text, "SECRET")
}
