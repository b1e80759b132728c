package awsv2_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
)

// awsEnv lists every variable that could make config.LoadDefaultConfig read
// the developer's own setup; isolateAWS unsets them all.
var awsEnv = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
	"AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_USE_FIPS_ENDPOINT",
	"AWS_USE_DUALSTACK_ENDPOINT", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_SDK_UA_APP_ID",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_CA_BUNDLE",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ACCOUNT_ID", "AWS_ENDPOINT_URL_STS",
}

// isolateAWS points every AWS setting at files in a fresh t.TempDir (HOME
// included, so ~/.aws is never read), disables instance metadata, and
// returns the config and credentials file paths, both empty.
func isolateAWS(t *testing.T) (configFile, credentialsFile string) {
	t.Helper()
	for _, k := range awsEnv {
		t.Setenv(k, "") // restores the old value after the test
		require.NoError(t, os.Unsetenv(k))
	}
	dir := t.TempDir()
	configFile = filepath.Join(dir, "config")
	credentialsFile = filepath.Join(dir, "credentials")
	writeFile(t, configFile, "")
	writeFile(t, credentialsFile, "")
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", configFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", credentialsFile)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return configFile, credentialsFile
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
}

func loadClient(t *testing.T, optFns ...func(*chime.Options)) *chime.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background())
	require.NoError(t, err)
	return awsv2.NewFromConfig(cfg, optFns...)
}

func TestLoadDefaultConfigFromEnvironment(t *testing.T) {
	isolateAWS(t)
	rec := newRecorder(t)
	t.Setenv("AWS_REGION", "ap-southeast-2")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	t.Setenv("AWS_ENDPOINT_URL", rec.URL)
	t.Setenv("AWS_MAX_ATTEMPTS", "4")
	t.Setenv("AWS_SDK_UA_APP_ID", "env-app")

	client := loadClient(t)
	o := client.Options()
	assert.Equal(t, "ap-southeast-2", o.Region)
	assert.Equal(t, 4, o.RetryMaxAttempts)
	assert.Equal(t, "env-app", o.AppID)

	_, err := client.PutChannelMembershipPreferences(context.Background(), putInput())
	require.NoError(t, err)
	reqs := rec.Requests()
	require.Len(t, reqs, 1)
	auth := reqs[0].Header.Get("Authorization")
	assert.Contains(t, auth, "Credential=AKIDFROMENV/")
	assert.Contains(t, auth, "/ap-southeast-2/chime/aws4_request")
	assert.Empty(t, reqs[0].Header.Get("X-Amz-Security-Token"))
}

func TestLoadDefaultConfigFromSharedFiles(t *testing.T) {
	configFile, credentialsFile := isolateAWS(t)
	rec := newRecorder(t)
	writeFile(t, configFile, `# work profile
[profile work]
region = eu-west-1
max_attempts = 2
retry_mode = adaptive
services = work-services

[services work-services]
chime_sdk_messaging =
  endpoint_url = `+rec.URL+`
`)
	writeFile(t, credentialsFile, `[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret

[work]
aws_access_key_id = AKIDFROMFILE
aws_secret_access_key = file-secret
aws_session_token = file-token
`)
	t.Setenv("AWS_PROFILE", "work")

	client := loadClient(t)
	o := client.Options()
	assert.Equal(t, "eu-west-1", o.Region)
	assert.Equal(t, 2, o.RetryMaxAttempts)
	assert.Equal(t, chime.RetryModeAdaptive, o.RetryMode)
	require.NotNil(t, o.BaseEndpoint)
	assert.Equal(t, rec.URL, *o.BaseEndpoint)

	_, err := client.PutChannelMembershipPreferences(context.Background(), putInput())
	require.NoError(t, err)
	reqs := rec.Requests()
	require.Len(t, reqs, 1)
	auth := reqs[0].Header.Get("Authorization")
	assert.Contains(t, auth, "Credential=AKIDFROMFILE/")
	assert.Contains(t, auth, "/eu-west-1/chime/aws4_request")
	assert.Equal(t, "file-token", reqs[0].Header.Get("X-Amz-Security-Token"))
}

func TestLoadDefaultConfigEndpointPrecedence(t *testing.T) {
	const unused = "http://127.0.0.1:1/unused"
	tests := []struct {
		name       string
		profileURL string // the services section's chime_sdk_messaging endpoint_url
		env        map[string]string
		want       string // "" means BaseEndpoint nil
	}{
		{"service variable beats global variable", "", map[string]string{
			"AWS_ENDPOINT_URL": unused, "AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING": "http://127.0.0.1:9/service",
		}, "http://127.0.0.1:9/service"},
		{"global variable beats profile services section", "http://127.0.0.1:9/profile", map[string]string{
			"AWS_ENDPOINT_URL": "http://127.0.0.1:9/global",
		}, "http://127.0.0.1:9/global"},
		{"profile services section alone", "http://127.0.0.1:9/profile", nil, "http://127.0.0.1:9/profile"},
		{"service variable beats profile services section", "http://127.0.0.1:9/profile", map[string]string{
			"AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING": "http://127.0.0.1:9/service",
		}, "http://127.0.0.1:9/service"},
		{"ignore configured endpoints", "http://127.0.0.1:9/profile", map[string]string{
			"AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING": "http://127.0.0.1:9/service",
			"AWS_ENDPOINT_URL":                     unused,
			"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS":  "true",
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			configFile, _ := isolateAWS(t)
			profile := "[default]\nregion = us-east-1\n"
			if tt.profileURL != "" {
				profile += "services = svc\n\n[services svc]\nchime_sdk_messaging =\n  endpoint_url = " + tt.profileURL + "\n"
			}
			writeFile(t, configFile, profile)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			o := loadClient(t).Options()
			if tt.want == "" {
				assert.Nil(t, o.BaseEndpoint)
				return
			}
			require.NotNil(t, o.BaseEndpoint)
			assert.Equal(t, tt.want, *o.BaseEndpoint)
		})
	}
}

func TestLoadDefaultConfigFIPSAndDualStack(t *testing.T) {
	tests := []struct {
		name          string
		profile       string
		env           map[string]string
		wantFIPS      chime.FIPSEndpointState
		wantDualStack chime.DualStackEndpointState
	}{
		{"unset", "", nil, chime.FIPSEndpointStateUnset, chime.DualStackEndpointStateUnset},
		{"from environment", "", map[string]string{"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"},
			chime.FIPSEndpointStateEnabled, chime.DualStackEndpointStateEnabled},
		{"from profile", "use_fips_endpoint = true\nuse_dualstack_endpoint = false\n", nil,
			chime.FIPSEndpointStateEnabled, chime.DualStackEndpointStateDisabled},
		{"environment beats profile", "use_fips_endpoint = true\n", map[string]string{"AWS_USE_FIPS_ENDPOINT": "false"},
			chime.FIPSEndpointStateDisabled, chime.DualStackEndpointStateUnset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			configFile, _ := isolateAWS(t)
			writeFile(t, configFile, "[default]\nregion = us-west-2\n"+tt.profile)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			o := loadClient(t).Options()
			assert.Equal(t, tt.wantFIPS, o.EndpointOptions.UseFIPSEndpoint)
			assert.Equal(t, tt.wantDualStack, o.EndpointOptions.UseDualStackEndpoint)
		})
	}
}

// TestLoadDefaultConfigFIPSReachesEndpoint checks that the FIPS switch read
// from the environment changes the host the client calls.
func TestLoadDefaultConfigFIPSReachesEndpoint(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")

	var host string
	client := loadClient(t, func(o *chime.Options) {
		o.RetryMaxAttempts = 1
		o.HTTPClient = hostCatcher(func(h string) { host = h })
	})
	_, err := client.PutChannelMembershipPreferences(context.Background(), putInput())
	require.Error(t, err, "the catcher never answers")
	assert.True(t, strings.HasPrefix(host, "messaging-chime-fips."), host)
}
