package ini_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

func TestParse(t *testing.T) {
	src := "\ufeff# comment\n; another\n\n[ default ]  ; trailing comment\n" +
		"Region=us-west-2 # inline\n" +
		"weird\t=  a#b;c  \r\n" +
		"services = my-svc\n" +
		"[profile    dev]\n" +
		"note = first\n" +
		"   second line\n" +
		"[services my-svc]\n" +
		"chime_sdk_messaging =\n" +
		"  endpoint_url = http://localhost:4566\n" +
		"\t# comment inside nested block\n" +
		"  other = x\n" +
		"s3 =\n" +
		"  addressing_style = path\n"
	f, err := ini.Parse([]byte(src), "cfg")
	require.NoError(t, err)
	require.Len(t, f.Sections, 3)

	def, ok := f.Values("default")
	require.True(t, ok)
	assert.Equal(t, "us-west-2", def["region"].Value)
	assert.Equal(t, 5, def["region"].Line)
	assert.Equal(t, "a#b;c", def["weird"].Value)
	assert.Equal(t, "cfg line 5", def["region"].Where())

	dev, ok := f.Values("profile dev")
	require.True(t, ok)
	assert.Equal(t, "first\nsecond line", dev["note"].Value)

	svc, ok := f.Values("services my-svc")
	require.True(t, ok)
	assert.Equal(t, []ini.Property{{Key: "endpoint_url", Value: "http://localhost:4566", Line: 13}, {Key: "other", Value: "x", Line: 15}}, svc["chime_sdk_messaging"].Sub)
	assert.Equal(t, "path", svc["s3"].Sub[0].Value)
}

func TestParseErrorsNameLineNotContent(t *testing.T) {
	tests := []struct{ src, want string }{
		{"key = v\n", "f:1: property before any [section] header"},
		{"[default\n", "f:1: section header has no closing ']'"},
		{"[]\n", "f:1: empty section name"},
		{"[a] b\n", "f:1: text after the closing ']'"},
		{"[default]\nsecretvalue-without-equals\n", "f:2: line is neither"},
		{"[default]\n= value\n", "f:2: line is neither"},
		{"[default]\nnested =\n  not-a-pair\n", "f:3: nested line is not"},
	}
	for _, tt := range tests {
		_, err := ini.Parse([]byte(tt.src), "f")
		require.Error(t, err, tt.src)
		assert.Contains(t, err.Error(), tt.want)
		assert.NotContains(t, err.Error(), "secretvalue")
	}
}

func TestRenderRoundTrip(t *testing.T) {
	src := "[default]\nregion = us-east-1\nnote = a\n  b\n[services x]\nchime_sdk_messaging =\n  endpoint_url = https://e\n"
	f, err := ini.Parse([]byte(src), "")
	require.NoError(t, err)
	assert.Equal(t, "[default]\nregion = us-east-1\nnote = a\n  b\n\n[services x]\nchime_sdk_messaging =\n  endpoint_url = https://e\n", string(ini.Render(f)))
}

func TestSharedProfileMerge(t *testing.T) {
	cfg, err := ini.Parse([]byte("[default]\nregion = a\n[profile default]\nregion = b\n[dev]\nregion = c\n[profile x]\nk = cfg\nonly = cfg\n"), "config")
	require.NoError(t, err)
	creds, err := ini.Parse([]byte("[x]\nk = creds\n[profile y]\n"), "credentials")
	require.NoError(t, err)
	s := ini.Shared{Config: cfg, Credentials: creds}

	def, ok := s.Profile("default")
	require.True(t, ok)
	assert.Equal(t, "b", def["region"].Value, "[profile default] wins over [default]")
	_, ok = s.Profile("dev")
	assert.False(t, ok, "[dev] in the config file is not a profile")
	x, ok := s.Profile("x")
	require.True(t, ok)
	assert.Equal(t, "creds", x["k"].Value)
	assert.Equal(t, "credentials", x["k"].Path)
	assert.Equal(t, "cfg", x["only"].Value)
	assert.Equal(t, []string{"default", "x", "profile y"}, s.ProfileNames())
}
