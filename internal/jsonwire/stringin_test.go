package jsonwire

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStringInMatchesString: StringIn gives what String gives.
func TestStringInMatchesString(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `""`, `"esc\"aped"`, `"\u00e9\ud83d\ude00"`, "\"bad\xffutf8\"", `null`, `12`, `"unterminated`, `{"a":1}`,
	} {
		var a, b Decoder
		a.Reset([]byte(in))
		b.Reset([]byte(in))
		want, wantOK := a.String()
		got, gotOK := b.StringIn(in)
		assert.Equal(t, want, got, in)
		assert.Equal(t, wantOK, gotOK, in)
		assert.Equal(t, a.Err() == nil, b.Err() == nil, in)
		assert.Equal(t, a.Offset(), b.Offset(), in)
	}

}
