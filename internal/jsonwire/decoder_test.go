package jsonwire

import (
	"encoding/json"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fullDoc = `{"ChannelArn":"arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c",` +
	`"Member":{"Arn":"arn:aws:chime:us-east-1:111122223333:app-instance/a/user/u","Name":"Jane"},` +
	`"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"a\":1}"}}}`

func TestDecoderOutput(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want testOutput
	}{
		{"full", fullDoc, testOutput{
			ChannelArn: ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c"),
			Member:     &testIdentity{Arn: ptr.String("arn:aws:chime:us-east-1:111122223333:app-instance/a/user/u"), Name: ptr.String("Jane")},
			Preferences: &testPrefs{PushNotifications: &testPushPrefs{
				AllowNotifications: "FILTERED", FilterRule: ptr.String(`{"a":1}`),
			}},
		}},
		{"empty object", `{}`, testOutput{}},
		{"top-level null", ` null `, testOutput{}},
		{"nulls leave members unset", `{"ChannelArn":null,"Member":null,"Preferences":{"PushNotifications":null}}`,
			testOutput{Preferences: &testPrefs{}}},
		{"empty nested objects", `{"Member":{},"Preferences":{"PushNotifications":{}}}`,
			testOutput{Member: &testIdentity{}, Preferences: &testPrefs{PushNotifications: &testPushPrefs{}}}},
		{"unknown members of every type skipped",
			`{"x":{"y":[1,-2.5e+3,true,false,null,"s",{"z":[]}]},"ChannelArn":"c","n":0,"s":"\u00e9\ud83d\ude00","a":[[],{}]}`,
			testOutput{ChannelArn: ptr.String("c")}},
		{"escaped key matches", `{"Channel\u0041rn":"c","Mem\u0062er":{"N\u0061me":"n"}}`,
			testOutput{ChannelArn: ptr.String("c"), Member: &testIdentity{Name: ptr.String("n")}}},
		{"duplicate key last wins", `{"ChannelArn":"a","ChannelArn":"b"}`, testOutput{ChannelArn: ptr.String("b")}},
		{"duplicate then null", `{"ChannelArn":"a","ChannelArn":null}`, testOutput{}},
		{"whitespace everywhere", " \t\r\n{ \"ChannelArn\" \n:\t\"c\" , \"Member\" : { } } \n",
			testOutput{ChannelArn: ptr.String("c"), Member: &testIdentity{}}},
		{"escaped values", `{"Member":{"Name":"a\"b\\c\/d\b\f\n\r\t\u0000"}}`,
			testOutput{Member: &testIdentity{Name: ptr.String("a\"b\\c/d\b\f\n\r\t\x00")}}},
		{"empty string is not null", `{"ChannelArn":""}`, testOutput{ChannelArn: ptr.String("")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got testOutput
			require.NoError(t, decodeOutput(NewDecoder([]byte(tt.in)), &got))
			assert.Equal(t, tt.want, got)

			var std testOutput
			require.NoError(t, json.Unmarshal([]byte(tt.in), &std))
			assert.Equal(t, std, got, "encoding/json decodes differently")
		})
	}
}

func TestDecoderTypeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want TypeError
		msg  string
	}{
		{"number for string", `{"ChannelArn":1}`, TypeError{Offset: 14, Expected: "string", Got: "number"},
			"json: expected string, got number at byte 14"},
		{"array for object", `{"Member":[]}`, TypeError{Offset: 10, Expected: "object", Got: "array"},
			"json: expected object, got array at byte 10"},
		{"bool for string", `{"Member":{"Name":true}}`, TypeError{Offset: 18, Expected: "string", Got: "bool"},
			"json: expected string, got bool at byte 18"},
		{"object for string", `{"ChannelArn":{}}`, TypeError{Offset: 14, Expected: "string", Got: "object"},
			"json: expected string, got object at byte 14"},
		{"top-level array", ` []`, TypeError{Offset: 1, Expected: "object", Got: "array"},
			"json: expected object, got array at byte 1"},
		{"top-level string", `"x"`, TypeError{Offset: 0, Expected: "object", Got: "string"},
			"json: expected object, got string at byte 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got testOutput
			err := decodeOutput(NewDecoder([]byte(tt.in)), &got)
			var te *TypeError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.want, *te)
			assert.EqualError(t, err, tt.msg)
		})
	}
}

func TestDecoderSyntaxErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want SyntaxError
	}{
		{"empty input", ``, SyntaxError{0, "unexpected end of JSON input"}},
		{"only whitespace", " \n", SyntaxError{2, "unexpected end of JSON input"}},
		{"unclosed object", `{`, SyntaxError{1, "unexpected end of JSON input"}},
		{"unclosed after member", `{"ChannelArn":"a"`, SyntaxError{17, "unexpected end of JSON input"}},
		{"unterminated string", `{"ChannelArn":"abc`, SyntaxError{18, "unexpected end of JSON input"}},
		{"trailing comma", `{"ChannelArn":"a",}`, SyntaxError{18, "invalid character '}' looking for beginning of object key string"}},
		{"missing colon", `{"ChannelArn" "a"}`, SyntaxError{14, "invalid character '\"' after object key"}},
		{"missing comma", `{"x":1 "y":2}`, SyntaxError{7, "invalid character '\"' after object key:value pair"}},
		{"single-quoted key", `{'a':1}`, SyntaxError{1, "invalid character '\\'' looking for beginning of object key string"}},
		{"leading zero", `{"x":01}`, SyntaxError{6, "invalid character '1' after object key:value pair"}},
		{"bare minus", `{"x":-}`, SyntaxError{6, "invalid character '}' in numeric literal"}},
		{"missing fraction", `{"x":1.}`, SyntaxError{7, "invalid character '}' after decimal point in numeric literal"}},
		{"missing exponent", `{"x":1e+}`, SyntaxError{8, "invalid character '}' in exponent of numeric literal"}},
		{"plus sign", `{"x":+1}`, SyntaxError{5, "invalid character '+' looking for beginning of value"}},
		{"bad escape", `{"ChannelArn":"\x"}`, SyntaxError{16, "invalid character 'x' in string escape code"}},
		{"bad unicode escape", `{"ChannelArn":"\u12g4"}`, SyntaxError{19, "invalid character 'g' in \\u hexadecimal character escape"}},
		{"raw control char", "{\"ChannelArn\":\"a\tb\"}", SyntaxError{16, "invalid character '\\t' in string literal"}},
		{"bad literal", `{"x":tru}`, SyntaxError{8, "invalid character '}' in literal true (expecting 'e')"}},
		{"truncated literal", `{"x":nul`, SyntaxError{8, "unexpected end of JSON input"}},
		{"bad array separator", `{"x":[1;2]}`, SyntaxError{7, "invalid character ';' after array element"}},
		{"array trailing comma", `{"x":[1,]}`, SyntaxError{8, "invalid character ']' looking for beginning of value"}},
		{"mismatched close", `{"x":[1}`, SyntaxError{7, "invalid character '}' after array element"}},
		{"object closed by bracket", `{"x":1]`, SyntaxError{6, "invalid character ']' after object key:value pair"}},
		{"garbage value", `{"x":@}`, SyntaxError{5, "invalid character '@' looking for beginning of value"}},
		{"trailing data", `{} x`, SyntaxError{3, "trailing data: invalid character 'x' after top-level value"}},
		{"two documents", `{}{}`, SyntaxError{2, "trailing data: invalid character '{' after top-level value"}},
		{"trailing bracket", `{"ChannelArn":"a"}]`, SyntaxError{18, "trailing data: invalid character ']' after top-level value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.False(t, json.Valid([]byte(tt.in)), "encoding/json accepts the input")
			var got testOutput
			err := decodeOutput(NewDecoder([]byte(tt.in)), &got)
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.want, *se)
			assert.Equal(t, "json: syntax error at byte ", err.Error()[:len("json: syntax error at byte ")])
		})
	}
}

func TestDecoderStringsMatchEncodingJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", `"abc"`, "abc"},
		{"empty", `""`, ""},
		{"short escapes", `"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{"bmp escape either case", `"\u00e9\u00E9"`, "éé"},
		{"surrogate pair", `"\ud83d\ude00"`, "😀"},
		{"surrogate pair upper hex", `"\uD83D\uDE00x"`, "😀x"},
		{"lone high surrogate", `"\ud83dx"`, "\uFFFDx"},
		{"lone high at end", `"\ud83d"`, "\uFFFD"},
		{"lone low surrogate", `"\ude00"`, "\uFFFD"},
		{"reversed pair", `"\ude00\ud83d"`, "\uFFFD\uFFFD"},
		{"high then bmp escape", `"\ud83d\u0041"`, "\uFFFDA"},
		{"two highs then low", `"\ud83d\ud83d\ude00"`, "\uFFFD😀"},
		{"high then escaped backslash u", `"\ud83d\\u0041"`, "\uFFFD\\u0041"},
		{"escaped nul", `"\u0000"`, "\x00"},
		{"invalid utf8 byte", "\"a\xffb\"", "a\uFFFDb"},
		{"utf8-encoded surrogate", "\"\xed\xa0\x80\"", "\uFFFD\uFFFD\uFFFD"},
		{"truncated multibyte", "\"\xe4\xb8\"", "\uFFFD\uFFFD"},
		{"invalid utf8 with escape", "\"\xff\\n\"", "\uFFFD\n"},
		{"multibyte raw", `"héllo 世界"`, "héllo 世界"},
		{"line separator raw", "\"\u2028\"", "\u2028"},
		{"DEL raw", "\"\x7f\"", "\x7f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var std string
			require.NoError(t, json.Unmarshal([]byte(tt.in), &std))
			require.Equal(t, tt.want, std, "table entry disagrees with encoding/json")

			d := NewDecoder([]byte(tt.in))
			got, ok := d.String()
			d.End()
			require.NoError(t, d.Err())
			assert.True(t, ok)
			assert.Equal(t, tt.want, got)

			// The same text as a key.
			d = NewDecoder([]byte("{" + tt.in + ":1}"))
			require.True(t, d.ObjectStart())
			require.True(t, d.More())
			assert.Equal(t, tt.want, string(d.Key()))
			assert.Equal(t, "1", d.Number())
			assert.False(t, d.More())
			d.End()
			assert.NoError(t, d.Err())
		})
	}
}

func TestDecoderNullHandling(t *testing.T) {
	d := NewDecoder([]byte(`[null,null,null,null,null,null,"x"]`))
	require.True(t, d.ArrayStart())
	require.True(t, d.ArrayMore())
	s, ok := d.String()
	assert.Equal(t, "", s)
	assert.False(t, ok)
	require.True(t, d.ArrayMore())
	assert.Nil(t, d.StringPtr())
	require.True(t, d.ArrayMore())
	assert.False(t, d.ObjectStart())
	require.True(t, d.ArrayMore())
	assert.False(t, d.ArrayStart())
	require.True(t, d.ArrayMore())
	assert.Equal(t, "", d.Number())
	require.True(t, d.ArrayMore())
	assert.False(t, d.Bool())
	require.True(t, d.ArrayMore())
	assert.False(t, d.Null(), "Null must leave a string in place")
	assert.Equal(t, ptr.String("x"), d.StringPtr())
	assert.False(t, d.ArrayMore())
	d.End()
	assert.NoError(t, d.Err())
}
