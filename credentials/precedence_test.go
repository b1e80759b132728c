package credentials_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// TestPrecedence pins which source wins when several are configured, as
// aws-sdk-go-v2's config.LoadDefaultConfig decides.
func TestPrecedence(t *testing.T) {
	profileKeys := "[profile dev]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = " + testSecret + "\n"
	tests := []struct {
		name       string
		env        map[string]string
		webID      bool
		config     string
		profile    string
		wantSource string
		wantID     string
	}{
		{name: "environment keys over web identity",
			env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": testSecret}, webID: true,
			wantSource: credentials.EnvSource, wantID: "ENVKEY"},
		{name: "environment keys over AWS_PROFILE",
			env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": testSecret, "AWS_PROFILE": "dev"}, config: profileKeys,
			wantSource: credentials.EnvSource, wantID: "ENVKEY"},
		{name: "web identity over AWS_PROFILE",
			env: map[string]string{"AWS_PROFILE": "dev"}, webID: true, config: profileKeys,
			wantSource: credentials.WebIdentitySource, wantID: issuedKey(1)},
		{name: "a profile named in code over environment keys and web identity",
			env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": testSecret}, webID: true, config: profileKeys, profile: "dev",
			wantSource: credentials.SharedSource, wantID: "PROFILEKEY"},
		{name: "half an environment key pair is ignored",
			env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_PROFILE": "dev"}, config: profileKeys,
			wantSource: credentials.SharedSource, wantID: "PROFILEKEY"},
		{name: "profile over the container endpoint",
			env: map[string]string{"AWS_PROFILE": "dev", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"}, config: profileKeys,
			wantSource: credentials.SharedSource, wantID: "PROFILEKEY"},
		{name: "profile source_profile over the same profile's keys",
			env:        map[string]string{"AWS_PROFILE": "dev"},
			config:     "[profile dev]\nrole_arn = " + roleA + "\nsource_profile = base\naws_access_key_id = IGNORED\naws_secret_access_key = x\n[profile base]\naws_access_key_id = " + testKeyID + "\naws_secret_access_key = " + testSecret + "\n",
			wantSource: credentials.AssumeRoleSource, wantID: issuedKey(1)},
		{name: "container endpoint when the profile has nothing",
			env: map[string]string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"}, config: "[default]\nregion = us-east-1\n",
			wantSource: credentials.ContainerSource, wantID: "CONTKEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			cont := newContainerServer(t, 200, endpointCredsJSON)
			for k, v := range tt.env {
				w.env[k] = v
			}
			if tt.webID {
				w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
				w.env["AWS_ROLE_ARN"] = podRole
			}
			if tt.config != "" {
				w.config(tt.config)
			}
			got, err := w.chain(func(o *credentials.DefaultChainOptions) {
				o.Profile = tt.profile
				o.ContainerHost = cont.URL
			}).Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.wantSource, got.Source)
			assert.Equal(t, tt.wantID, got.AccessKeyID)
		})
	}
}

// hostRecorder is an HTTP client that records the URLs it is asked for and
// answers every STS call with AssumeRole's success body.
type hostRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (h *hostRecorder) Do(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.urls = append(h.urls, r.URL.String())
	h.mu.Unlock()
	body := strings.NewReplacer("%[1]s", fakeAccount, "%[2]s", "ASIARECORDED", "%[3]s", "wJalrXUtnFEMI", "%[4]s", "tok", "%[5]s", "2030-01-01T00:00:00Z").Replace(assumeRoleWithWebIdentityXML)
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}}, nil
}

func TestSTSEndpointSelection(t *testing.T) {
	services := "[default]\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\nchime_sdk_messaging =\n  endpoint_url = http://127.0.0.1:9999\n"
	tests := []struct {
		name   string
		env    map[string]string
		config string
		want   string
	}{
		{name: "regional, us-east-1 too", env: map[string]string{"AWS_REGION": "us-east-1"}, want: "https://sts.us-east-1.amazonaws.com"},
		{name: "China partition", env: map[string]string{"AWS_REGION": "cn-north-1"}, want: "https://sts.cn-north-1.amazonaws.com.cn"},
		{name: "region from the profile", config: "[default]\nregion = eu-west-1\n", want: "https://sts.eu-west-1.amazonaws.com"},
		{name: "AWS_ENDPOINT_URL_STS", env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4000"}, want: "http://127.0.0.1:4000"},
		{name: "services section sts", config: services, want: "http://127.0.0.1:4566"},
		{name: "AWS_ENDPOINT_URL_STS over the services section", env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4000"}, config: services, want: "http://127.0.0.1:4000"},
		{name: "global AWS_ENDPOINT_URL is not used, and hides the services section as in aws-sdk-go-v2",
			env: map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}, config: services, want: "https://sts.us-west-2.amazonaws.com"},
		{name: "profile endpoint_url is not used", config: "[default]\nendpoint_url = http://127.0.0.1:5000\n", want: "https://sts.us-west-2.amazonaws.com"},
		{name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, want: "https://sts.us-west-2.amazonaws.com"},
		{name: "ignore_configured_endpoint_urls in the profile", config: "[default]\nignore_configured_endpoint_urls = true\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\n", want: "https://sts.us-west-2.amazonaws.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			delete(w.env, "AWS_ENDPOINT_URL_STS")
			for k, v := range tt.env {
				w.env[k] = v
			}
			if _, ok := tt.env["AWS_REGION"]; !ok && tt.config != "" && strings.Contains(tt.config, "region") {
				delete(w.env, "AWS_REGION")
			}
			if tt.config != "" {
				w.config(tt.config)
			}
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
			w.env["AWS_ROLE_ARN"] = podRole
			rec := &hostRecorder{}
			_, err := w.chain(func(o *credentials.DefaultChainOptions) { o.HTTPClient = rec }).Retrieve(context.Background())
			require.NoError(t, err)
			require.Len(t, rec.urls, 1)
			assert.Equal(t, tt.want, rec.urls[0])
		})
	}
}

func TestSTSEndpointBadValues(t *testing.T) {
	w := newWorld(t)
	w.env["AWS_ENDPOINT_URL_STS"] = "sts.example.com"
	w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
	w.env["AWS_ROLE_ARN"] = podRole
	_, err := w.chain().Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `AWS_ENDPOINT_URL_STS has value "sts.example.com": the endpoint must be an absolute http or https URL`)

	w.env["AWS_ENDPOINT_URL_STS"] = w.sts.URL
	w.env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "yes"
	_, err = w.chain().Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS has value "yes": use true or false`)
}

func TestNoCredentialsErrorListsEverySource(t *testing.T) {
	w := newWorld(t)
	w.config("[default]\nregion = us-west-2\n")
	_, err := w.chain().Retrieve(context.Background())
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		"no AWS credentials found; sources in order:",
		"1. EnvironmentVariables: skipped: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
		"2. WebIdentityCredentials: skipped: AWS_WEB_IDENTITY_TOKEN_FILE is not set",
		"3. SharedConfigCredentials: skipped: profile \"default\"",
		"sets none of aws_access_key_id with aws_secret_access_key, role_arn (assume role), web_identity_token_file, sso_session or sso_start_url (IAM Identity Center), login_session, credential_process",
		"4. ContainerCredentials: skipped:",
		"5. EC2InstanceMetadata: skipped: AWS_EC2_METADATA_DISABLED is true",
	} {
		assert.Contains(t, msg, want)
	}
}
