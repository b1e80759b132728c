package rfc3986

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsUnreservedEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		want := b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || strings.IndexByte("-._~", b) >= 0
		assert.Equal(t, want, IsUnreserved(b), "byte %#x", c)
	}
}

func TestAppendEscaped(t *testing.T) {
	assert.Equal(t, "a%2Fb%3Ac~%20%C3%A9", string(AppendEscaped(nil, "a/b:c~ é", false)))
	assert.Equal(t, "pre/a/b%3A", string(AppendEscaped([]byte("pre"), "/a/b:", true)))
	for _, s := range []string{"", "arn:aws:chime:us-east-1:1:app-instance/x", "\x00\xff%", "a b+c"} {
		for _, keep := range []bool{false, true} {
			got := AppendEscaped(nil, s, keep)
			assert.Len(t, got, EscapedLen(s, keep), "%q", s)
			back, err := url.PathUnescape(string(got))
			assert.NoError(t, err)
			assert.Equal(t, s, back)
		}
	}
}

func FuzzAppendEscaped(f *testing.F) {
	f.Add("arn:aws:chime:us-east-1:1:app-instance/x", true)
	f.Fuzz(func(t *testing.T, s string, keepSlash bool) {
		got := string(AppendEscaped(nil, s, keepSlash))
		if len(got) != EscapedLen(s, keepSlash) {
			t.Fatalf("EscapedLen(%q) = %d, escaped %q", s, EscapedLen(s, keepSlash), got)
		}
		if back, err := url.PathUnescape(got); err != nil || back != s {
			t.Fatalf("PathUnescape(%q) = %q, %v", got, back, err)
		}
		for i := 0; i < len(got); i++ {
			c := got[i]
			if c == '%' {
				i += 2
				continue
			}
			if !IsUnreserved(c) && !(keepSlash && c == '/') {
				t.Fatalf("%q left unescaped in %q", c, got)
			}
		}
	})
}
