package config_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/config"
	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
)

// setup writes the files into a temporary directory and returns load
// options whose environment is env plus the file variables.
func setup(t *testing.T, configFile, credsFile string, env map[string]string) (config.LoadOptions, string) {
	t.Helper()
	dir := t.TempDir()
	m := map[string]string{
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
	}
	for k, v := range env {
		m[k] = v
	}
	if configFile != "" {
		require.NoError(t, os.WriteFile(m["AWS_CONFIG_FILE"], []byte(configFile), 0o600))
	}
	if credsFile != "" {
		require.NoError(t, os.WriteFile(m["AWS_SHARED_CREDENTIALS_FILE"], []byte(credsFile), 0o600))
	}
	return config.LoadOptions{
		Getenv:      func(k string) string { return m[k] },
		UserHomeDir: func() (string, error) { return dir, nil },
	}, m["AWS_CONFIG_FILE"]
}

func TestLoadResolvesSettings(t *testing.T) {
	const profileFile = "[default]\nregion = eu-west-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = FALSE\nmax_attempts = 5\nretry_mode = adaptive\nendpoint_url = https://profile.example\n"
	tests := []struct {
		name   string
		config string
		env    map[string]string
		check  func(t *testing.T, c config.Config)
	}{
		{
			name: "nothing set", check: func(t *testing.T, c config.Config) {
				assert.Equal(t, "default", c.Profile)
				assert.Empty(t, c.Region)
				assert.Empty(t, c.BaseEndpoint)
				assert.Nil(t, c.UseFIPSEndpoint)
				assert.Nil(t, c.UseDualStackEndpoint)
				assert.Zero(t, c.MaxAttempts)
				assert.Empty(t, c.RetryMode)
				assert.IsType(t, &credentials.Cache{}, c.Credentials)
			},
		},
		{
			name: "profile only", config: profileFile, check: func(t *testing.T, c config.Config) {
				assert.Equal(t, "eu-west-1", c.Region)
				assert.Contains(t, c.Origins.Region, `region in profile "default"`)
				assert.Contains(t, c.Origins.Region, "config line 2")
				assert.Equal(t, "https://profile.example", c.BaseEndpoint)
				require.NotNil(t, c.UseFIPSEndpoint)
				assert.True(t, *c.UseFIPSEndpoint)
				require.NotNil(t, c.UseDualStackEndpoint)
				assert.False(t, *c.UseDualStackEndpoint)
				assert.Equal(t, 5, c.MaxAttempts)
				assert.Equal(t, "adaptive", c.RetryMode)
			},
		},
		{
			name: "environment wins", config: profileFile,
			env: map[string]string{"AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "ignored", "AWS_USE_FIPS_ENDPOINT": "false", "AWS_MAX_ATTEMPTS": "2", "AWS_RETRY_MODE": "Standard", "AWS_ENDPOINT_URL": "http://global:1"},
			check: func(t *testing.T, c config.Config) {
				assert.Equal(t, "us-east-2", c.Region)
				assert.Equal(t, "environment variable AWS_REGION", c.Origins.Region)
				assert.False(t, *c.UseFIPSEndpoint)
				assert.Equal(t, 2, c.MaxAttempts)
				assert.Equal(t, "standard", c.RetryMode)
				assert.Equal(t, "http://global:1", c.BaseEndpoint)
			},
		},
		{
			name: "AWS_DEFAULT_REGION", env: map[string]string{"AWS_DEFAULT_REGION": "ap-south-1"},
			check: func(t *testing.T, c config.Config) { assert.Equal(t, "ap-south-1", c.Region) },
		},
		{
			name: "service env beats global", env: map[string]string{"AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING": "http://svc:1", "AWS_ENDPOINT_URL": "http://global:1"},
			check: func(t *testing.T, c config.Config) {
				assert.Equal(t, "http://svc:1", c.BaseEndpoint)
				assert.Equal(t, "environment variable AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING", c.Origins.BaseEndpoint)
			},
		},
		{
			name:   "services section beats profile endpoint_url",
			config: "[profile dev]\nservices = local\nendpoint_url = https://profile.example\n\n[services local]\ns3 =\n  endpoint_url = http://s3\nchime_sdk_messaging =\n  endpoint_url = http://localhost:4566\n",
			env:    map[string]string{"AWS_PROFILE": "dev"},
			check: func(t *testing.T, c config.Config) {
				assert.Equal(t, "dev", c.Profile)
				assert.Equal(t, "http://localhost:4566", c.BaseEndpoint)
				assert.Contains(t, c.Origins.BaseEndpoint, "[services local]")
			},
		},
		{
			name: "ignore configured endpoints (env)", config: profileFile,
			env:   map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": "http://global:1"},
			check: func(t *testing.T, c config.Config) { assert.Empty(t, c.BaseEndpoint) },
		},
		{
			name:   "ignore configured endpoints (profile)",
			config: "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = https://profile.example\n",
			check:  func(t *testing.T, c config.Config) { assert.Empty(t, c.BaseEndpoint) },
		},
		{
			name: "credentials file profile is enough for AWS_PROFILE", env: map[string]string{"AWS_PROFILE": "ci"},
			check: func(t *testing.T, c config.Config) { assert.Equal(t, "ci", c.Profile) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := setup(t, tt.config, "[ci]\naws_access_key_id = A\naws_secret_access_key = B\n", tt.env)
			c, err := config.Load(context.Background(), o)
			require.NoError(t, err)
			tt.check(t, c)
		})
	}
}

func TestLoadErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name   string
		config string
		env    map[string]string
		want   []string
	}{
		{name: "max attempts env", env: map[string]string{"AWS_MAX_ATTEMPTS": "abc"}, want: []string{"AWS_MAX_ATTEMPTS", `"abc"`, "whole number"}},
		{name: "max attempts zero", env: map[string]string{"AWS_MAX_ATTEMPTS": "0"}, want: []string{"AWS_MAX_ATTEMPTS", `"0"`}},
		{name: "fips env", env: map[string]string{"AWS_USE_FIPS_ENDPOINT": "maybe"}, want: []string{"AWS_USE_FIPS_ENDPOINT", `"maybe"`, "true or false"}},
		{name: "dualstack profile", config: "[default]\nuse_dualstack_endpoint = yes\n", want: []string{"use_dualstack_endpoint", `profile "default"`, "config line 2", `"yes"`}},
		{name: "retry mode profile", config: "[default]\n\nretry_mode = fast\n", want: []string{"retry_mode", "config line 3", `"fast"`, "standard or adaptive"}},
		{name: "unknown profile", env: map[string]string{"AWS_PROFILE": "nope"}, want: []string{`AWS_PROFILE="nope"`, "config", "credentials"}},
		{name: "bad endpoint", env: map[string]string{"AWS_ENDPOINT_URL": "localhost:4566"}, want: []string{"AWS_ENDPOINT_URL", `"localhost:4566"`, "absolute http or https URL"}},
		{name: "missing services section", config: "[default]\nservices = gone\n", want: []string{"services", `"gone"`, "[services gone]"}},
		{name: "ignore flag malformed", env: map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "1"}, want: []string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", `"1"`}},
		{name: "malformed file", config: "[default]\nregion\n", want: []string{"config:2:", "neither"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := setup(t, tt.config, "", tt.env)
			_, err := config.Load(context.Background(), o)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestLoadCredentialsChainIsCachedAndUsesInjectedEnv(t *testing.T) {
	o, _ := setup(t, "", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = S\n", nil)
	c, err := config.Load(context.Background(), o)
	require.NoError(t, err)
	creds, err := c.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "FILEKEY", creds.AccessKeyID)
	assert.Equal(t, credentials.SharedSource, creds.Source)
}

// TestLoadUnknownProfileNamesWhatTheUserTyped: the error names the flag,
// field or variable the profile name came from, and the defined profiles.
func TestLoadUnknownProfileNamesWhatTheUserTyped(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		source  string
		env     map[string]string
		want    string
	}{
		{name: "flag", profile: "nope", source: "--profile", want: `--profile="nope" names a profile`},
		{name: "public field", profile: "nope", source: "Environment.Profile", want: `Environment.Profile="nope" names a profile`},
		{name: "no source given", profile: "nope", want: `LoadOptions.Profile="nope" names a profile`},
		{name: "environment", source: "--profile", env: map[string]string{"AWS_PROFILE": "nope"}, want: `AWS_PROFILE="nope" names a profile`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, cfgPath := setup(t, "[profile dev]\nregion = us-east-1\n", "[ops]\n", tt.env)
			o.Profile, o.ProfileSource = tt.profile, tt.source
			_, err := config.Load(context.Background(), o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "in neither "+cfgPath+" nor ")
			assert.Contains(t, err.Error(), "(defined profiles: dev, ops)")
			by := tt.want[:strings.IndexByte(tt.want, '=')]
			assert.True(t, strings.HasSuffix(err.Error(), "; create it there or fix "+by), err.Error())
		})
	}
}

// TestLoadRefusesOversizedSharedFile: a shared file over 1 MiB is an
// error naming it and the cap.
func TestLoadRefusesOversizedSharedFile(t *testing.T) {
	o, cfgPath := setup(t, "[default]\n"+strings.Repeat("# padding\n", 110_000), "", nil)
	_, err := config.Load(context.Background(), o)
	require.ErrorIs(t, err, filecap.ErrTooLarge)
	assert.Contains(t, err.Error(), cfgPath+" is larger than 1 MiB")
}

// stsRecorder answers every request with AssumeRole's success and records
// the host asked.
type stsRecorder struct{ hosts []string }

func (r *stsRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.hosts = append(r.hosts, req.URL.Host)
	const body = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
		`<AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/deploy/s</Arn><AssumedRoleId>ARO1:s</AssumedRoleId></AssumedRoleUser>` +
		`<Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>rolesecret</SecretAccessKey><SessionToken>roletoken</SessionToken>` +
		`<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>` +
		`<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/xml"}}, Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

// TestLoadRegionReachesSTS: LoadOptions.Region wins over the environment
// and the profile, and the assume-role provider calls STS in it, as
// aws-sdk-go-v2's config.WithRegion does (chimeprefs --region relies on it).
func TestLoadRegionReachesSTS(t *testing.T) {
	const configFile = "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/deploy\nsource_profile = base\n"
	const credsFile = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n"
	for _, tc := range []struct {
		name, envRegion, region, wantHost string
	}{
		{"no region anywhere but the option", "", "eu-west-1", "sts.eu-west-1.amazonaws.com"},
		{"the option wins over AWS_REGION", "us-east-1", "ap-southeast-2", "sts.ap-southeast-2.amazonaws.com"},
		{"without the option, AWS_REGION", "us-east-1", "", "sts.us-east-1.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, _ := setup(t, configFile, credsFile, map[string]string{"AWS_REGION": tc.envRegion})
			rec := &stsRecorder{}
			o.Profile, o.Region, o.HTTPClient = "dev", tc.region, &http.Client{Transport: rec}
			cfg, err := config.Load(context.Background(), o)
			require.NoError(t, err)
			creds, err := cfg.Credentials.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "ASIAROLE", creds.AccessKeyID)
			assert.Equal(t, []string{tc.wantHost}, rec.hosts)
		})
	}
}
