package credentials_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

func TestDefaultChainNothingConfiguredListsEverySource(t *testing.T) {
	dir := isolate(t)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	chain := credentials.NewDefaultChain(credentials.DefaultChainOptions{})
	_, err := chain.Retrieve(context.Background())
	require.Error(t, err)
	want := "no AWS credentials found; sources in order:\n" +
		"  1. EnvironmentVariables: skipped: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\n" +
		"  2. WebIdentityCredentials: skipped: AWS_WEB_IDENTITY_TOKEN_FILE is not set\n" +
		"  3. SharedConfigCredentials: skipped: no default profile in " + filepath.Join(dir, "credentials") + " or " + filepath.Join(dir, "config") + "\n" +
		"  4. ContainerCredentials: skipped: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set\n" +
		"  5. EC2InstanceMetadata: skipped: AWS_EC2_METADATA_DISABLED is true\n" +
		"set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile in the shared files (AWS_PROFILE), or set Options.Credentials"
	assert.Equal(t, want, err.Error())
	var ce *credentials.ChainError
	require.ErrorAs(t, err, &ce)
	require.Len(t, ce.Attempts, 5)
	for _, a := range ce.Attempts {
		assert.True(t, a.Skipped())
	}
	assert.ErrorIs(t, err, credentials.ErrNotConfigured)
}

func TestDefaultChainOrder(t *testing.T) {
	f := newFakeIMDS(t)
	cont := newContainerServer(t, 200, endpointCredsJSON)
	tests := []struct {
		name       string
		env        map[string]string
		credsFile  string
		wantSource string
		wantID     string
	}{
		{name: "env first", env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": testSecret, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"},
			credsFile: "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = x\n", wantSource: credentials.EnvSource, wantID: "ENVKEY"},
		{name: "profile before container", env: map[string]string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"},
			credsFile: "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = x\n", wantSource: credentials.SharedSource, wantID: "FILEKEY"},
		{name: "container before IMDS", env: map[string]string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"}, wantSource: credentials.ContainerSource, wantID: "CONTKEY"},
		{name: "IMDS last", env: map[string]string{}, wantSource: credentials.IMDSSource, wantID: "IMDSKEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			env := map[string]string{"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"), "AWS_CONFIG_FILE": filepath.Join(dir, "config")}
			for k, v := range tt.env {
				env[k] = v
			}
			if tt.credsFile != "" {
				writeFile(t, env["AWS_SHARED_CREDENTIALS_FILE"], tt.credsFile)
			}
			chain := credentials.NewDefaultChain(credentials.DefaultChainOptions{Getenv: envOf(env), ContainerHost: cont.URL, IMDSEndpoint: f.URL})
			got, err := chain.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.wantSource, got.Source)
			assert.Equal(t, tt.wantID, got.AccessKeyID)
		})
	}
}

func TestDefaultChainStopsAtConfiguredFailure(t *testing.T) {
	dir := isolate(t)
	imdsCalled := false
	imds := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { imdsCalled = true }))
	t.Cleanup(imds.Close)
	writeFile(t, filepath.Join(dir, "config"), "[default]\ncredential_process = "+writeScript(t, dir, "p.sh", "echo 'denied "+testSecret+"' >&2; exit 1")+"\n")
	chain := credentials.NewDefaultChain(credentials.DefaultChainOptions{IMDSEndpoint: imds.URL})
	_, err := chain.Retrieve(context.Background())
	require.Error(t, err)
	assert.False(t, imdsCalled, "IMDS must not be asked after a configured source failed")
	msg := err.Error()
	assert.Contains(t, msg, "AWS credentials from SharedConfigCredentials failed; sources in order:")
	assert.Contains(t, msg, "1. EnvironmentVariables: skipped:")
	assert.Contains(t, msg, "3. SharedConfigCredentials: failed: profile \"default\" credential_process")
	assert.Contains(t, msg, "exited with status 1")
	assert.NotContains(t, msg, "4. ")
	var pe *credentials.ProviderError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, credentials.SharedSource, pe.Source)
	assertNoSecret(t, err)
}

// TestDefaultChainIMDSFailureIsNoCredentialsFound: off EC2 the last
// resort fails; the first line says no credentials were found, as when
// every source is skipped, and the hint follows.
func TestDefaultChainIMDSFailureIsNoCredentialsFound(t *testing.T) {
	dir := isolate(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := credentials.NewDefaultChain(credentials.DefaultChainOptions{IMDSEndpoint: url}).Retrieve(context.Background())
	require.Error(t, err)
	host := strings.TrimPrefix(url, "http://")
	want := "no AWS credentials found; sources in order:\n" +
		"  1. EnvironmentVariables: skipped: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set\n" +
		"  2. WebIdentityCredentials: skipped: AWS_WEB_IDENTITY_TOKEN_FILE is not set\n" +
		"  3. SharedConfigCredentials: skipped: no default profile in " + filepath.Join(dir, "credentials") + " or " + filepath.Join(dir, "config") + "\n" +
		"  4. ContainerCredentials: skipped: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set\n" +
		"  5. EC2InstanceMetadata: failed: PUT " + url + "/latest/api/token: no answer after 2 attempts of at most 1s each (dial tcp " + host + ": connect: connection refused); this is expected when not running on EC2: set AWS_EC2_METADATA_DISABLED=true to skip this source\n" +
		"set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile in the shared files (AWS_PROFILE), or set Options.Credentials"
	assert.Equal(t, want, err.Error())
}

func TestChainUsesTypeNameForUnnamedProviders(t *testing.T) {
	chain := credentials.NewChainProvider(credentials.ProviderFunc(func(context.Context) (credentials.Credentials, error) {
		return credentials.Credentials{}, errors.New("custom failure")
	}))
	_, err := chain.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1. credentials.ProviderFunc: failed: custom failure")

	_, err = credentials.NewChainProvider().Retrieve(context.Background())
	assert.EqualError(t, err, "credential chain has no providers")
}
