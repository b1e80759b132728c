package chimesdkmessaging_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// isolateEnv points HOME and the shared files at a temporary directory and
// clears the variables LoadOptions reads, so the developer's own
// configuration never leaks in. It returns the directory.
func isolateEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_SERVICE_ENDPOINT"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return dir
}

func TestLoadOptionsFromProfile(t *testing.T) {
	dir := isolateEnv(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config"), []byte(
		"[profile app]\nregion = eu-central-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = false\nmax_attempts = 4\nretry_mode = adaptive\nservices = local\n"+
			"[services local]\nchime_sdk_messaging =\n  endpoint_url = http://127.0.0.1:4566\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "credentials"), []byte("[app]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n"), 0o600))
	t.Setenv("AWS_PROFILE", "app")

	o, err := chime.LoadOptions(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "eu-central-1", o.Region)
	require.NotNil(t, o.BaseEndpoint)
	assert.Equal(t, "http://127.0.0.1:4566", *o.BaseEndpoint)
	assert.Equal(t, chime.FIPSEndpointStateEnabled, o.EndpointOptions.UseFIPSEndpoint)
	assert.Equal(t, chime.DualStackEndpointStateDisabled, o.EndpointOptions.UseDualStackEndpoint)
	assert.Equal(t, 4, o.RetryMaxAttempts)
	assert.Equal(t, chime.RetryModeAdaptive, o.RetryMode)
	creds, err := o.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "FILEKEY", creds.AccessKeyID)
}

func TestLoadOptionsExplicitOptionsWin(t *testing.T) {
	isolateEnv(t)
	t.Setenv("AWS_REGION", "us-west-2")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_MAX_ATTEMPTS", "7")
	static := credentials.NewStaticCredentialsProvider("AKID", "secret", "")
	o, err := chime.LoadOptions(context.Background(), func(o *chime.Options) {
		o.Region = "ap-northeast-1"
		o.BaseEndpoint = nil
		o.RetryMaxAttempts = 1
		o.Credentials = static
	})
	require.NoError(t, err)
	assert.Equal(t, "ap-northeast-1", o.Region)
	assert.Nil(t, o.BaseEndpoint)
	assert.Equal(t, 1, o.RetryMaxAttempts)
	assert.Equal(t, static, o.Credentials)
	assert.Equal(t, chime.FIPSEndpointStateUnset, o.EndpointOptions.UseFIPSEndpoint)
}

func TestLoadOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{name: "no region", env: map[string]string{}, want: []string{"no AWS Region", "AWS_REGION", `profile "default"`, "Options.Region"}},
		{name: "malformed max attempts", env: map[string]string{"AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "abc"}, want: []string{"AWS_MAX_ATTEMPTS", `"abc"`}},
		{name: "malformed fips", env: map[string]string{"AWS_REGION": "us-east-1", "AWS_USE_FIPS_ENDPOINT": "maybe"}, want: []string{"AWS_USE_FIPS_ENDPOINT", `"maybe"`}},
		{name: "unknown profile", env: map[string]string{"AWS_PROFILE": "ghost"}, want: []string{`AWS_PROFILE="ghost"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, err := chime.LoadOptions(context.Background())
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			c, err := chime.NewFromEnvironment(context.Background())
			assert.Nil(t, c)
			assert.Error(t, err)
		})
	}
}

// TestNewFromEnvironmentSignsWithEnvironmentCredentials runs one call
// against a local server configured only through the environment.
func TestNewFromEnvironmentSignsWithEnvironmentCredentials(t *testing.T) {
	isolateEnv(t)
	var mu sync.Mutex
	var auth, path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		auth, path = r.Header.Get("Authorization"), r.URL.Path
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ChannelArn":"arn:aws:chime:us-east-1:123456789012:app-instance/a/channel/c","Member":{"Arn":"arn:aws:chime:us-east-1:123456789012:app-instance/a/user/u"},"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "ENVKEYID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")

	client, err := chime.NewFromEnvironment(context.Background())
	require.NoError(t, err)
	_, err = client.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{
		ChannelArn:  ptr.String("arn:aws:chime:us-east-1:123456789012:app-instance/a/channel/c"),
		MemberArn:   ptr.String("arn:aws:chime:us-east-1:123456789012:app-instance/a/user/u"),
		ChimeBearer: ptr.String("arn:aws:chime:us-east-1:123456789012:app-instance/a/user/u"),
		Preferences: &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: types.AllowNotificationsAll}},
	})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.True(t, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=ENVKEYID/"), auth)
	assert.Contains(t, auth, "/us-east-1/chime/aws4_request")
	assert.True(t, strings.HasPrefix(path, "/channels/"), path)
}

// TestLoadOptionsFromNamedProfile: Environment.Profile wins over AWS_PROFILE
// and, with IgnoreEnvCredentials, the profile's keys win over the
// environment's, as with the AWS CLI's --profile.
func TestLoadOptionsFromNamedProfile(t *testing.T) {
	dir := isolateEnv(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config"), []byte("[profile other]\nregion = eu-west-1\n[profile app]\nregion = eu-central-1\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "credentials"), []byte("[app]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n"), 0o600))
	t.Setenv("AWS_PROFILE", "other")
	t.Setenv("AWS_ACCESS_KEY_ID", "ENVKEY")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "envsecret")

	o, err := chime.LoadOptionsFrom(context.Background(), chime.Environment{Profile: "app", IgnoreEnvCredentials: true})
	require.NoError(t, err)
	assert.Equal(t, "eu-central-1", o.Region)
	creds, err := o.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "FILEKEY", creds.AccessKeyID)

	o, err = chime.LoadOptionsFrom(context.Background(), chime.Environment{Profile: "app"})
	require.NoError(t, err)
	creds, err = o.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "FILEKEY", creds.AccessKeyID, "a profile named in code wins over environment keys, as with aws-sdk-go-v2's config.WithSharedConfigProfile")

	_, err = chime.LoadOptionsFrom(context.Background(), chime.Environment{Getenv: func(string) string { return "" }})
	assert.ErrorIs(t, err, chime.ErrNoRegion)

	// An unknown profile's error names what the user typed.
	_, err = chime.LoadOptionsFrom(context.Background(), chime.Environment{Profile: "nope"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `Environment.Profile="nope"`)
	_, err = chime.LoadOptionsFrom(context.Background(), chime.Environment{Profile: "nope", ProfileSource: "--profile"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `--profile="nope"`)
}
