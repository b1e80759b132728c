package config_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// stripLines drops line numbers and the path, which rendering changes.
func stripLines(f *ini.File) []ini.Section {
	out := make([]ini.Section, len(f.Sections))
	for i, s := range f.Sections {
		s.Line = 0
		props := make([]ini.Property, len(s.Properties))
		for j, p := range s.Properties {
			p.Line = 0
			var sub []ini.Property
			for _, sp := range p.Sub {
				sp.Line = 0
				sub = append(sub, sp)
			}
			p.Sub = sub
			props[j] = p
		}
		s.Properties = props
		out[i] = s
	}
	return out
}

// FuzzParse checks that the shared-config parser never panics, and that a
// file it accepts renders to text it parses back to the same sections,
// keys, values and nested keys (line numbers aside), and that rendering is
// then a fixed point.
func FuzzParse(f *testing.F) {
	f.Add([]byte("[default]\nregion = us-east-1\n"))
	f.Add([]byte("[profile dev]\nservices = s\n[services s]\nchime_sdk_messaging =\n  endpoint_url = http://localhost\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := ini.Parse(data, "fuzz")
		if err != nil {
			return
		}
		rendered := ini.Render(first)
		second, err := ini.Parse(rendered, "fuzz")
		require.NoError(t, err, "rendered form does not parse:\n%s", rendered)
		assert.Equal(t, stripLines(first), stripLines(second))
		assert.Equal(t, string(rendered), string(ini.Render(second)))
	})
}
