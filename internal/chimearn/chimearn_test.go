package chimearn

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// modelPattern is the model's ChimeArn pattern without its trailing
// .{0,1023}, which cannot limit an unanchored match (and exceeds Go's repeat
// limit); Go's MatchString, like an ECMA 262 test, is unanchored.
var modelPattern = regexp.MustCompile(`arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/]`)

func TestMatchPattern(t *testing.T) {
	long := strings.Repeat("x", 1500)
	cases := map[string]bool{
		"arn:aws:chime:us-east-1:111122223333:app-instance/a/user/b": true,
		"arn:a::::x":                               true,
		"arn::::x":                                 false, // partition is {1,63}
		"arn:aws:chime:us-east-1:1:/x":             false, // resource starts with '/'
		"arn:AWS:chime:us-east-1:1:x":              false,
		"xx arn:aws:chime:us-east-1:1:x":           true, // unanchored start
		"arn:aws:chime:us-east-1:1:" + long:        true, // resource longer than 1,024
		"arn:aws:chime:us-east-1:1:x\n":            true,
		"arn:aws:chime:us-east-1:1:\n":             true, // [^/] matches a newline
		"arn:aws:chime:us-east-1:1:":               false,
		"arn:" + strings.Repeat("a", 64) + "::::x": false,
		"arn:" + strings.Repeat("a", 63) + "::::x": true,
		"arn:x:arn:aws:chime:r:1:x":                true, // a later "arn:" matches
		"not an arn":                               false,
	}
	for v, want := range cases {
		assert.Equal(t, want, MatchPattern(v), "%.60q", v)
		assert.Equal(t, modelPattern.MatchString(v), MatchPattern(v), "agrees with the model's regexp: %.60q", v)
	}
}

// FuzzMatchPattern checks the hand matcher against the model's pattern as a
// regular expression on any input.
func FuzzMatchPattern(f *testing.F) {
	for _, s := range []string{"arn:aws:chime:us-east-1:1:x", "arn::::x", "xarn:a:b:c:d:/", "arn:a-.:b:c:d:e", "arn:a:b:c:d:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := MatchPattern(v), modelPattern.MatchString(v); got != want {
			t.Fatalf("MatchPattern(%q) = %v, the model's pattern says %v", v, got, want)
		}
	})
}

func TestBounds(t *testing.T) {
	assert.False(t, InBounds("arn:"))
	assert.True(t, InBounds("arn:a"))
	assert.True(t, InBounds(strings.Repeat("é", 1600)), "characters, not bytes")
	assert.False(t, InBounds(strings.Repeat("é", 1601)))
	assert.Equal(t, 5, Length("ééééé"))
}
