package chimesdkmessaging

import (
	"bytes"
	"testing"
)

// TestHasControlEveryByteEveryPosition compares the word-at-a-time test
// with a byte loop for every byte value at every position of strings that
// cover whole words and a tail.
func TestHasControlEveryByteEveryPosition(t *testing.T) {
	naive := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] == 0x7f {
				return true
			}
		}
		return false
	}
	for _, fill := range []byte{'a', 0x20, 0x7e, 0x80, 0xff, 0x21} {
		for n := 0; n <= 19; n++ {
			for pos := 0; pos < n; pos++ {
				for c := 0; c < 256; c++ {
					b := bytes.Repeat([]byte{fill}, n)
					b[pos] = byte(c)
					if got, want := hasControl(string(b)), naive(string(b)); got != want {
						t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
}
