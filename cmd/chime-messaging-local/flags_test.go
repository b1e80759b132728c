package main

import (
	"bytes"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseConfigDefaults(t *testing.T) {
	c, err := parseConfig(nil, envOf(nil), &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:8000", c.addr)
	assert.Equal(t, chimesdkmessagingtest.DefaultRegion, c.region)
	assert.Equal(t, chimesdkmessagingtest.DefaultAccessKeyID, c.accessKeyID)
	assert.Equal(t, chimesdkmessagingtest.DefaultSecretAccessKey, c.secretAccessKey)
	assert.Equal(t, "built-in test credentials", c.credsSource)
	assert.Equal(t, 30*time.Second, c.readTimeout)
	assert.Equal(t, 60*time.Second, c.idleTimeout)
}

func TestParseConfigSources(t *testing.T) {
	env := envOf(map[string]string{
		"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
	})
	c, err := parseConfig(nil, env, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", c.region)
	assert.Equal(t, "AKIDENV", c.accessKeyID)
	assert.Equal(t, "env-secret", c.secretAccessKey)
	assert.Equal(t, "env-token", c.sessionToken)
	assert.Equal(t, "environment", c.credsSource)

	c, err = parseConfig([]string{"-region", "ap-south-1", "-access-key-id", "AKIDFLAG", "-secret-access-key", "flag-secret"}, env, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "ap-south-1", c.region, "the flag wins")
	assert.Equal(t, "AKIDFLAG", c.accessKeyID)
	assert.Equal(t, "flag-secret", c.secretAccessKey)
	assert.Empty(t, c.sessionToken, "flag credentials do not pick up the environment's token")

	c, err = parseConfig(nil, envOf(map[string]string{"AWS_DEFAULT_REGION": "us-west-2"}), &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "us-west-2", c.region)
}

func TestParseConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"all interfaces", []string{"-addr", ":8000"}, nil, "not a loopback address"},
		{"export without a store", []string{"-export-state", "out.json"}, nil, "-export-state and -import-state need -state FILE"},
		{"import without a store", []string{"-import-state", "in.json"}, nil, "-export-state and -import-state need -state FILE"},
		{"export and import", []string{"-state", "s.db", "-export-state", "a.json", "-import-state", "b.json"}, nil, "cannot be used together"},
		{"public address", []string{"-addr", "0.0.0.0:8000"}, nil, "-allow-non-loopback"},
		{"private address", []string{"-addr", "192.0.2.10:8000"}, nil, "not a loopback address"},
		{"no port", []string{"-addr", "127.0.0.1"}, nil, "not host:port"},
		{"access key without secret", []string{"-access-key-id", "AKID"}, nil, "set both or neither"},
		{"env secret without key", nil, map[string]string{"AWS_SECRET_ACCESS_KEY": "s"}, "set both or neither"},
		{"short account", []string{"-account-id", "123"}, nil, "must be 12 digits"},
		{"stray argument", []string{"serve"}, nil, `unexpected argument "serve"`},
		{"unknown flag", []string{"-port", "1"}, nil, "flag provided but not defined"},
		{"zero shutdown timeout", []string{"-shutdown-timeout", "0s"}, nil, "-shutdown-timeout must be positive"},
		{"zero read timeout", []string{"-read-timeout", "0s"}, nil, "-read-timeout must be positive"},
		{"negative idle timeout", []string{"-idle-timeout", "-1s"}, nil, "-idle-timeout must be positive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig(tc.args, envOf(tc.env), &bytes.Buffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestCheckListenAddrAccepts(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "127.1.2.3:8000", "[::1]:8000", "localhost:8000"} {
		assert.NoError(t, checkListenAddr(addr, false), addr)
	}
	assert.NoError(t, checkListenAddr("0.0.0.0:8000", true), "allowed explicitly")
}

func TestHelpFlags(t *testing.T) {
	var out bytes.Buffer
	_, err := parseConfig([]string{"-help"}, envOf(nil), &out)
	assert.ErrorIs(t, err, errHelpShown)
	assert.Contains(t, out.String(), "aws chime-sdk-messaging get-channel-membership-preferences")
	assert.Contains(t, out.String(), "-allow-non-loopback")

	out.Reset()
	_, err = parseConfig([]string{"-help-seed"}, envOf(nil), &out)
	assert.ErrorIs(t, err, errHelpShown)
	assert.Contains(t, out.String(), `"Moderators"`)
}

// TestCheckBoundAddr: what the listener really bound decides, not the
// name given to -addr.
func TestCheckBoundAddr(t *testing.T) {
	loop := &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 8000}
	loop6 := &net.TCPAddr{IP: net.ParseIP("::1"), Port: 8000}
	other := &net.TCPAddr{IP: net.ParseIP("192.0.2.10"), Port: 8000}
	if err := checkBoundAddr(loop, false); err != nil {
		t.Fatal(err)
	}
	if err := checkBoundAddr(loop6, false); err != nil {
		t.Fatal(err)
	}
	if err := checkBoundAddr(other, false); err == nil || !strings.Contains(err.Error(), "192.0.2.10:8000") {
		t.Fatalf("bound to %v: got %v, want a refusal naming the address", other, err)
	}
	if err := checkBoundAddr(other, true); err != nil {
		t.Fatalf("-allow-non-loopback: %v", err)
	}
}
