package credentials_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

func TestProcessProvider(t *testing.T) {
	ok := `{"Version":1,"AccessKeyId":"PROCKEY","SecretAccessKey":"` + testSecret + `","SessionToken":"` + testToken + `","Expiration":"2030-01-02T03:04:05Z","AccountId":"123456789012"}`
	tests := []struct {
		name    string
		script  string
		timeout time.Duration
		wantErr []string
		check   func(t *testing.T, c credentials.Credentials)
	}{
		{
			name:   "version 1 with expiration",
			script: "cat <<'EOF'\n" + ok + "\nEOF",
			check: func(t *testing.T, c credentials.Credentials) {
				assert.Equal(t, "PROCKEY", c.AccessKeyID)
				assert.Equal(t, testSecret, c.SecretAccessKey)
				assert.Equal(t, testToken, c.SessionToken)
				assert.Equal(t, "123456789012", c.AccountID)
				assert.True(t, c.CanExpire)
				assert.Equal(t, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), c.Expires.UTC())
			},
		},
		{
			name:   "no expiration never expires",
			script: `printf '{"Version":1,"AccessKeyId":"K","SecretAccessKey":"S"}'`,
			check:  func(t *testing.T, c credentials.Credentials) { assert.False(t, c.CanExpire) },
		},
		{
			name:    "non-zero exit counts stderr lines, shows neither stream",
			script:  "echo '" + ok + "'\necho 'token " + testSecret + " rejected' >&2\nexit 2",
			wantErr: []string{"exited with status 2", "run the command yourself to see the 1 line it wrote to stderr"},
		},
		{
			name:    "invalid JSON",
			script:  "echo 'not json " + testSecret + "'",
			wantErr: []string{"not a credentials JSON object", "bytes on stdout"},
		},
		{name: "wrong version", script: `printf '{"Version":2,"AccessKeyId":"K","SecretAccessKey":"S"}'`, wantErr: []string{"Version 2", "only Version 1"}},
		{name: "missing secret", script: `printf '{"Version":1,"AccessKeyId":"K"}'`, wantErr: []string{"lacks AccessKeyId or SecretAccessKey"}},
		{name: "bad expiration", script: `printf '{"Version":1,"AccessKeyId":"K","SecretAccessKey":"S","Expiration":"tomorrow"}'`, wantErr: []string{`Expiration "tomorrow"`}},
		{name: "timeout", script: "sleep 30", timeout: 200 * time.Millisecond, wantErr: []string{"did not finish within 200ms"}},
		{name: "command not found", script: "exec /nonexistent/credential-helper", wantErr: []string{"exited with status 127 (the shell could not find the command)"}},
		{name: "silent failure", script: "exit 3", wantErr: []string{"exited with status 3; it wrote nothing to stderr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := credentials.NewProcessProvider(writeScript(t, dir, "p.sh", tt.script))
			p.Timeout = tt.timeout
			start := time.Now()
			got, err := p.Retrieve(context.Background())
			assert.Less(t, time.Since(start), 20*time.Second)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				assert.NotContains(t, err.Error(), "PROCKEY")
				assertNoSecret(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, credentials.ProcessSource, got.Source)
			tt.check(t, got)
			assertNoSecret(t, got)
		})
	}
}

func TestProcessProviderEmptyCommandIsNotConfigured(t *testing.T) {
	_, err := credentials.NewProcessProvider("").Retrieve(context.Background())
	assert.True(t, errorsIsNotConfigured(err))
}

// TestProcessProviderNeverShowsStderr: short or letters-only secrets pass
// any scrubbing, so no part of stderr reaches the error.
func TestProcessProviderNeverShowsStderr(t *testing.T) {
	script := "echo 'secret=hunter2' >&2\n" +
		"echo 'token abcdefghijklmnopqrstuvwxyzabcdef' >&2\n" +
		`printf '{"SecretAccessKey":"shortsecret1"}' >&2` + "\nexit 1"
	p := credentials.NewProcessProvider(writeScript(t, t.TempDir(), "p.sh", script))
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	for _, leak := range []string{"hunter2", "abcdefghijklmnopqrstuvwxyzabcdef", "shortsecret1"} {
		assert.NotContains(t, err.Error(), leak)
	}
	assert.Contains(t, err.Error(), "exited with status 1; run the command yourself to see the 3 lines it wrote to stderr")
}
