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
			name:    "non-zero exit shows scrubbed stderr, never stdout",
			script:  "echo '" + ok + "'\necho 'token " + testSecret + " rejected' >&2\nexit 2",
			wantErr: []string{"exited with status 2", "token [redacted] rejected"},
		},
		{
			name:    "invalid JSON",
			script:  "echo 'not json " + testSecret + "'",
			wantErr: []string{"not a JSON object", "bytes on stdout"},
		},
		{name: "wrong version", script: `printf '{"Version":2,"AccessKeyId":"K","SecretAccessKey":"S"}'`, wantErr: []string{"Version 2", "only Version 1"}},
		{name: "missing secret", script: `printf '{"Version":1,"AccessKeyId":"K"}'`, wantErr: []string{"lacks AccessKeyId or SecretAccessKey"}},
		{name: "bad expiration", script: `printf '{"Version":1,"AccessKeyId":"K","SecretAccessKey":"S","Expiration":"tomorrow"}'`, wantErr: []string{`Expiration "tomorrow"`}},
		{name: "timeout", script: "sleep 30", timeout: 200 * time.Millisecond, wantErr: []string{"did not finish within 200ms"}},
		{name: "command not found", script: "exec /nonexistent/credential-helper", wantErr: []string{"exited with status 127"}},
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
