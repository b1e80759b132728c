package credentials

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resolveProfile resolves the profile config names with env, in an empty
// temporary home.
func resolveProfile(t *testing.T, config string, env map[string]string) (Provider, error) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	require.NoError(t, os.WriteFile(cfg, []byte(config), 0o600))
	all := map[string]string{"AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"), "AWS_PROFILE": "dev"}
	for k, v := range env {
		all[k] = v
	}
	p := &SharedConfigProvider{Getenv: func(k string) string { return all[k] }, UserHomeDir: func() (string, error) { return dir, nil }}
	return p.resolve()
}

// ssoOf unwraps the SSO provider the profile resolved to.
func ssoOf(t *testing.T, p Provider) *SSOProvider {
	t.Helper()
	d, ok := p.(described)
	require.True(t, ok, "%T", p)
	sp, ok := d.Provider.(*SSOProvider)
	require.True(t, ok, "%T", d.Provider)
	return sp
}

func TestSSOProfileWiring(t *testing.T) {
	session := "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n" +
		"[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n"
	t.Run("sso_session", func(t *testing.T) {
		p, err := resolveProfile(t, session, nil)
		require.NoError(t, err)
		sp := ssoOf(t, p)
		assert.Equal(t, "111122223333", sp.AccountID)
		assert.Equal(t, "Developer", sp.RoleName)
		assert.Equal(t, "corp", sp.SessionName)
		assert.Equal(t, "https://corp.awsapps.com/start", sp.StartURL)
		assert.Equal(t, "eu-west-1", sp.Region)
		assert.Equal(t, "dev", sp.ProfileName)
		assert.Equal(t, "https://portal.sso.eu-west-1.amazonaws.com", sp.PortalEndpoint)
		assert.Equal(t, "https://oidc.eu-west-1.amazonaws.com", sp.OIDCEndpoint)
	})
	t.Run("legacy profile", func(t *testing.T) {
		p, err := resolveProfile(t, "[profile dev]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n", nil)
		require.NoError(t, err)
		sp := ssoOf(t, p)
		assert.Equal(t, "", sp.SessionName)
		assert.Equal(t, "https://old.awsapps.com/start", sp.StartURL)
		assert.Equal(t, "us-east-2", sp.Region)
		assert.Equal(t, "https://portal.sso.us-east-2.amazonaws.com", sp.PortalEndpoint)
	})
	t.Run("endpoint overrides from the environment", func(t *testing.T) {
		p, err := resolveProfile(t, session, map[string]string{"AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:7001", "AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:7002"})
		require.NoError(t, err)
		sp := ssoOf(t, p)
		assert.Equal(t, "http://127.0.0.1:7001", sp.PortalEndpoint)
		assert.Equal(t, "http://127.0.0.1:7002", sp.OIDCEndpoint)
	})
	t.Run("endpoint overrides from the services section, unless ignored", func(t *testing.T) {
		cfg := session + "[profile dev]\nservices = local\n[services local]\nsso =\n  endpoint_url = http://127.0.0.1:7101\nsso_oidc =\n  endpoint_url = http://127.0.0.1:7102\n"
		p, err := resolveProfile(t, cfg, nil)
		require.NoError(t, err)
		sp := ssoOf(t, p)
		assert.Equal(t, "http://127.0.0.1:7101", sp.PortalEndpoint)
		assert.Equal(t, "http://127.0.0.1:7102", sp.OIDCEndpoint)
		p, err = resolveProfile(t, cfg, map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"})
		require.NoError(t, err)
		assert.Equal(t, "https://portal.sso.eu-west-1.amazonaws.com", ssoOf(t, p).PortalEndpoint)
	})
	t.Run("FIPS and dual-stack", func(t *testing.T) {
		dir := t.TempDir()
		cfg := filepath.Join(dir, "config")
		require.NoError(t, os.WriteFile(cfg, []byte(session), 0o600))
		env := map[string]string{"AWS_CONFIG_FILE": cfg, "AWS_PROFILE": "dev"}
		p := &SharedConfigProvider{Getenv: func(k string) string { return env[k] }, STS: STSOptions{UseFIPSEndpoint: true, UseDualStackEndpoint: true}}
		prov, err := p.resolve()
		require.NoError(t, err)
		assert.Equal(t, "https://portal.sso-fips.eu-west-1.api.aws", ssoOf(t, prov).PortalEndpoint)
		assert.Equal(t, "https://oidc-fips.eu-west-1.api.aws", ssoOf(t, prov).OIDCEndpoint)
	})
	t.Run("SSO under a role", func(t *testing.T) {
		p, err := resolveProfile(t, session+"[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = dev\n", map[string]string{"AWS_PROFILE": "admin"})
		require.NoError(t, err)
		ar, ok := p.(*AssumeRoleProvider)
		require.True(t, ok, "%T", p)
		assert.Equal(t, "Developer", ssoOf(t, ar.Source).RoleName)
	})
}

func TestSSOProfileErrors(t *testing.T) {
	tests := []struct {
		name, config, want string
	}{
		{"sso-session section missing", "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n",
			`profile "dev" sets sso_session = corp`},
		{"session without start URL", "[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n",
			"is missing sso_start_url; run aws configure sso --profile dev"},
		{"legacy profile incomplete", "[profile dev]\nsso_start_url = https://x.awsapps.com/start\n",
			"is missing sso_region, sso_account_id, sso_role_name"},
		{"profile region differs from the session's", "[profile dev]\nsso_session = corp\nsso_region = us-east-1\n[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://x.awsapps.com/start\n",
			"must match sso_region of [sso-session corp]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolveProfile(t, tt.config, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestLoginSessionWiring(t *testing.T) {
	p, err := resolveProfile(t, "[profile dev]\nlogin_session = arn:aws:iam::111122223333:user/me\nregion = eu-central-1\n",
		map[string]string{"AWS_LOGIN_CACHE_DIRECTORY": "/tmp/login-cache", "AWS_ENDPOINT_URL_SIGNIN": "http://127.0.0.1:7200"})
	require.NoError(t, err)
	d, ok := p.(described)
	require.True(t, ok)
	lp, ok := d.Provider.(*LoginProvider)
	require.True(t, ok, "%T", d.Provider)
	assert.Equal(t, "arn:aws:iam::111122223333:user/me", lp.SessionName)
	assert.Equal(t, "eu-central-1", lp.Region)
	assert.Equal(t, "/tmp/login-cache", lp.CacheDir)
	assert.Equal(t, "http://127.0.0.1:7200", lp.Endpoint)
}
