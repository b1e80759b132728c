package credentials_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

func TestSharedConfigProvider(t *testing.T) {
	tests := []struct {
		name          string
		config        string
		creds         string
		env           map[string]string
		profile       string
		profileSource string
		wantID        string
		wantToken     string
		wantErr       []string
		notConfigured bool
	}{
		{
			name:   "default profile in credentials file",
			creds:  "[default]\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n",
			wantID: testKeyID,
		},
		{
			name: "odd whitespace, comments and case",
			creds: "\ufeff# leading comment\n; other comment\n  [  default  ]   # trailing\n" +
				"\tAWS_ACCESS_KEY_ID\t=\t" + testKeyID + "   ; inline\r\n" +
				"aws_secret_access_key=" + testSecret + "\r\n" +
				"aws_session_token =    " + testToken + "\n",
			wantID:    testKeyID,
			wantToken: testToken,
		},
		{
			name:    "AWS_PROFILE selects [profile x] in config",
			config:  "[default]\nregion = us-east-1\n\n[profile  dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = " + testSecret + "\n",
			env:     map[string]string{"AWS_PROFILE": "dev"},
			wantID:  "DEVKEY",
			profile: "",
		},
		{
			name:    "credentials file wins over config for the same profile",
			config:  "[profile dev]\naws_access_key_id = CONFIGKEY\naws_secret_access_key = " + testSecret + "\n",
			creds:   "[dev]\naws_access_key_id = CREDKEY\naws_secret_access_key = " + testSecret + "\n",
			profile: "dev",
			wantID:  "CREDKEY",
		},
		{
			name:    "config section without profile prefix is not a profile",
			config:  "[dev]\naws_access_key_id = NOPE\naws_secret_access_key = " + testSecret + "\n",
			profile: "dev",
			wantErr: []string{`profile "dev" (named by Profile) not found`, "no profiles are defined there"},
		},
		{
			name:    "unknown AWS_PROFILE lists known profiles",
			creds:   "[default]\naws_access_key_id = A\naws_secret_access_key = B\n[ops]\n",
			env:     map[string]string{"AWS_PROFILE": "missing"},
			wantErr: []string{`profile "missing" (named by AWS_PROFILE) not found`, "defined profiles: default, ops"},
		},
		{
			name:          "unknown profile names the flag it came from",
			config:        "[profile dev]\n",
			profile:       "nope",
			profileSource: "--profile",
			wantErr:       []string{`profile "nope" (named by --profile) not found`, "defined profiles: dev"},
		},
		{
			name:    "shared file over 1 MiB",
			config:  "[default]\n" + strings.Repeat("# padding\n", 110_000),
			wantErr: []string{"config is larger than 1 MiB (1048576 bytes)"},
		},
		{
			name:          "no files at all",
			wantErr:       []string{"no default profile in"},
			notConfigured: true,
		},
		{
			name:          "profile without credentials",
			config:        "[default]\nregion = eu-west-1\n",
			wantErr:       []string{"sets none of aws_access_key_id with aws_secret_access_key, role_arn (assume role), web_identity_token_file, sso_session or sso_start_url (IAM Identity Center), login_session, credential_process"},
			notConfigured: true,
		},
		{
			// aws-sdk-go-v2 ignores half a key pair: the profile is not
			// configured, and the reason says why.
			name:          "half a key pair",
			creds:         "[default]\n\naws_secret_access_key = " + testSecret + "\n",
			wantErr:       []string{"sets aws_secret_access_key", "line 3", "without aws_access_key_id, which is ignored"},
			notConfigured: true,
		},
		{
			name:    "malformed file",
			creds:   "[default]\naws_secret_access_key " + testSecret + "\n",
			wantErr: []string{"credentials:2:", "neither a [section] header"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			env := map[string]string{
				"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
				"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
			}
			for k, v := range tt.env {
				env[k] = v
			}
			if tt.config != "" {
				writeFile(t, env["AWS_CONFIG_FILE"], tt.config)
			}
			if tt.creds != "" {
				writeFile(t, env["AWS_SHARED_CREDENTIALS_FILE"], tt.creds)
			}
			p := &credentials.SharedConfigProvider{Profile: tt.profile, ProfileSource: tt.profileSource, Getenv: envOf(env)}
			got, err := p.Retrieve(context.Background())
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				assert.Equal(t, tt.notConfigured, errorsIsNotConfigured(err), err.Error())
				assertNoSecret(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantID, got.AccessKeyID)
			assert.Equal(t, testSecret, got.SecretAccessKey)
			assert.Equal(t, tt.wantToken, got.SessionToken)
			assert.Equal(t, credentials.SharedSource, got.Source)
		})
	}
}

func TestSharedConfigProviderDefaultPathsUseHome(t *testing.T) {
	home := isolate(t)
	t.Setenv("AWS_CONFIG_FILE", "")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "")
	require.NoError(t, mkdirAll(filepath.Join(home, ".aws")))
	writeFile(t, filepath.Join(home, ".aws", "credentials"), "[default]\naws_access_key_id = HOMEKEY\naws_secret_access_key = "+testSecret+"\n")
	p := &credentials.SharedConfigProvider{UserHomeDir: func() (string, error) { return home, nil }}
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "HOMEKEY", got.AccessKeyID)
}

func TestSharedConfigProviderCredentialProcess(t *testing.T) {
	dir := isolate(t)
	script := writeScript(t, dir, "creds.sh", `printf '{"Version":1,"AccessKeyId":"PROCKEY","SecretAccessKey":"`+testSecret+`","SessionToken":"`+testToken+`","Expiration":"2030-01-02T03:04:05Z"}'`)
	writeFile(t, filepath.Join(dir, "config"), "[profile proc]\ncredential_process = "+script+"\n")
	p := &credentials.SharedConfigProvider{Profile: "proc", Getenv: envOf(map[string]string{"AWS_CONFIG_FILE": filepath.Join(dir, "config")}),
		UserHomeDir: func() (string, error) { return dir, nil }}
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "PROCKEY", got.AccessKeyID)
	assert.Equal(t, credentials.ProcessSource, got.Source)
	assert.True(t, got.CanExpire)

	writeFile(t, filepath.Join(dir, "config"), "[profile proc]\ncredential_process = "+writeScript(t, dir, "bad.sh", "exit 3")+"\n")
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `profile "proc" credential_process`)
	assert.Contains(t, err.Error(), "exited with status 3")
	assert.False(t, errorsIsNotConfigured(err))
}
