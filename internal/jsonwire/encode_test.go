package jsonwire

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdQuote is encoding/json's encoding of s with HTML escaping off, the reference output.
func stdQuote(t testing.TB, s string) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(s))
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestAppendStringTable(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `""`},
		{"plain", "arn:aws:chime:us-east-1:111122223333:app-instance/x", `"arn:aws:chime:us-east-1:111122223333:app-instance/x"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"short escapes", "\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"other controls lowercase hex", "\x00\x01\x1f\x0b", `"\u0000\u0001\u001f\u000b"`},
		{"DEL kept", "\x7f", "\"\x7f\""},
		{"html not escaped", "<a>&</a>", `"<a>&</a>"`},
		{"slash kept", "a/b", `"a/b"`},
		{"multibyte kept", "héllo 世界 🎉", `"héllo 世界 🎉"`},
		{"line and paragraph separators", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
		{"invalid byte", "a\xffb", `"a\ufffdb"`},
		{"truncated rune", "\xe4\xb8", `"\ufffd\ufffd"`},
		{"utf8 surrogate", "\xed\xa0\x80", `"\ufffd\ufffd\ufffd"`},
		{"literal replacement char kept", "\uFFFD", "\"\uFFFD\""},
		{"filter rule json", `{"type":["urgent"]}`, `"{\"type\":[\"urgent\"]}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AppendString([]byte("prefix:"), tt.in)
			assert.Equal(t, "prefix:"+tt.want, string(got))
			assert.Equal(t, stdQuote(t, tt.in), tt.want, "table entry disagrees with encoding/json")
		})
	}
}

func TestAppendStringEveryByte(t *testing.T) {
	for b := 0; b < 256; b++ {
		for _, s := range []string{string([]byte{byte(b)}), "x" + string([]byte{byte(b)}) + "y"} {
			assert.Equal(t, stdQuote(t, s), string(AppendString(nil, s)), "byte %#x", b)
		}
	}
}

func TestAppendStringRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		var sb strings.Builder
		n := rng.IntN(20)
		for j := 0; j < n; j++ {
			switch rng.IntN(4) {
			case 0: // any rune, including surrogate code points (encoded as U+FFFD by WriteRune)
				sb.WriteRune(rune(rng.IntN(utf8.MaxRune + 1)))
			case 1: // ASCII incl. controls
				sb.WriteByte(byte(rng.IntN(128)))
			case 2: // raw byte, often invalid UTF-8
				sb.WriteByte(byte(rng.IntN(256)))
			default: // the tricky BMP area
				sb.WriteRune(rune(0x2000 + rng.IntN(0x40)))
			}
		}
		s := sb.String()
		got := AppendString(nil, s)
		require.Equal(t, stdQuote(t, s), string(got), "input %q", s)
		if utf8.ValidString(s) {
			var back string
			require.NoError(t, json.Unmarshal(got, &back))
			assert.Equal(t, s, back)
		}
	}
}
