package jsonwire

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzDecodeDifferential walks arbitrary input with the Decoder and compares with
// encoding/json: both must accept or reject the same inputs and, when they accept, build the
// same tree (numbers as json.Number, last duplicate key wins). Skip must agree too.
func FuzzDecodeDifferential(f *testing.F) {
	f.Add([]byte(fullDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		stdOK := json.Valid(data)

		d := NewDecoder(data)
		got := walk(d)
		d.End()
		walkErr := d.Err()

		d.Reset(data)
		d.Skip()
		d.End()
		skipErr := d.Err()

		require.Equal(t, stdOK, walkErr == nil, "walk disagrees with encoding/json on validity: %v", walkErr)
		require.Equal(t, stdOK, skipErr == nil, "Skip disagrees with encoding/json on validity: %v", skipErr)
		if walkErr != nil {
			var se *SyntaxError
			require.ErrorAs(t, walkErr, &se, "a walk by Kind can only fail on syntax")
			require.True(t, se.Offset >= 0 && se.Offset <= len(data), "offset %d out of range", se.Offset)
			require.Equal(t, walkErr.Error(), skipErr.Error(), "walk and Skip report different errors")
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want any
		require.NoError(t, dec.Decode(&want))
		require.Equal(t, want, got)
		require.Equal(t, len(data), d.Offset(), "End must consume trailing whitespace")
	})
}

// FuzzAppendString checks AppendString against encoding/json's encoder (HTML escaping off)
// and that the result decodes back, through encoding/json and through the Decoder.
func FuzzAppendString(f *testing.F) {
	f.Add("arn:aws:chime:us-east-1:111122223333:app-instance/a")
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString(nil, s)
		require.Equal(t, stdQuote(t, s), string(got))

		var back string
		require.NoError(t, json.Unmarshal(got, &back))
		if utf8.ValidString(s) {
			require.Equal(t, s, back)
		}

		d := NewDecoder(got)
		mine, ok := d.String()
		d.End()
		require.NoError(t, d.Err())
		assert.True(t, ok)
		assert.Equal(t, back, mine)
	})
}
