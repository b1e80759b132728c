package credentials_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

const endpointCredsJSON = `{"AccessKeyId":"CONTKEY","SecretAccessKey":"` + testSecret + `","Token":"` + testToken + `","Expiration":"2030-01-01T00:00:00Z","AccountId":"123456789012"}`

// containerServer records the Authorization headers it sees and answers
// with status/body.
type containerServer struct {
	*httptest.Server
	mu     sync.Mutex
	auths  []string
	paths  []string
	status int
	body   string
}

func newContainerServer(t *testing.T, status int, body string) *containerServer {
	s := &containerServer{status: status, body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.auths = append(s.auths, r.Header.Get("Authorization"))
		s.paths = append(s.paths, r.URL.Path)
		status, body := s.status, s.body
		s.mu.Unlock()
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestContainerProviderRelativeURI(t *testing.T) {
	srv := newContainerServer(t, 200, endpointCredsJSON)
	p := &credentials.ContainerProvider{
		Getenv:       envOf(map[string]string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic tok"}),
		RelativeHost: srv.URL,
	}
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "CONTKEY", got.AccessKeyID)
	assert.Equal(t, testSecret, got.SecretAccessKey)
	assert.Equal(t, testToken, got.SessionToken)
	assert.Equal(t, "123456789012", got.AccountID)
	assert.True(t, got.CanExpire)
	assert.Equal(t, credentials.ContainerSource, got.Source)
	assert.Equal(t, []string{"/v2/credentials/abc"}, srv.paths)
	assert.Equal(t, []string{"Basic tok"}, srv.auths)
}

func TestContainerProviderFullURITokenFileReread(t *testing.T) {
	srv := newContainerServer(t, 200, endpointCredsJSON)
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeFile(t, tokenFile, "first-token\n")
	p := &credentials.ContainerProvider{Getenv: envOf(map[string]string{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI":     srv.URL + "/creds",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
		"AWS_CONTAINER_AUTHORIZATION_TOKEN":      "ignored-when-file-set",
	})}
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	writeFile(t, tokenFile, "second-token")
	_, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"first-token", "second-token"}, srv.auths)
}

func TestContainerProviderFullURIHostRule(t *testing.T) {
	tests := []struct {
		uri     string
		lookup  []string
		allowed bool
	}{
		{uri: "http://127.0.0.1:1/creds", allowed: true},
		{uri: "http://127.8.9.10:1/creds", allowed: true},
		{uri: "http://[::1]:1/creds", allowed: true},
		{uri: "http://169.254.170.2/creds", allowed: true},
		{uri: "http://169.254.170.23/v1/credentials", allowed: true},
		{uri: "http://[fd00:ec2::23]/v1/credentials", allowed: true},
		{uri: "http://localhost:1/creds", lookup: []string{"127.0.0.1", "::1"}, allowed: true},
		{uri: "http://169.254.169.254/creds", allowed: false},
		{uri: "http://10.0.0.1/creds", allowed: false},
		{uri: "http://[fd00:ec2::24]/creds", allowed: false},
		{uri: "http://evil.example.com/creds", lookup: []string{"127.0.0.1", "203.0.113.9"}, allowed: false},
		{uri: "https://creds.example.com/creds", allowed: true},
		{uri: "ftp://127.0.0.1/creds", allowed: false},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			// The transport fails every request, so an allowed URI gets as far
			// as the network and a denied one does not.
			p := &credentials.ContainerProvider{
				Getenv:     envOf(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": tt.uri}),
				HTTPClient: failingClient{},
				LookupHost: func(context.Context, string) ([]string, error) { return tt.lookup, nil },
			}
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			if tt.allowed {
				assert.Contains(t, err.Error(), "test transport refuses")
			} else {
				assert.NotContains(t, err.Error(), "test transport refuses")
				assert.Contains(t, err.Error(), "AWS_CONTAINER_CREDENTIALS_FULL_URI")
			}
		})
	}
}

type failingClient struct{}

func (failingClient) Do(*http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("test transport refuses")
}

func TestContainerProviderFailures(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		env     map[string]string
		wantErr []string
		notConf bool
	}{
		{name: "not configured", env: map[string]string{}, notConf: true, wantErr: []string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set"}},
		{name: "403 with JSON error", status: 403, body: `{"code":"AccessDenied","message":"token ` + testToken + ` invalid"}`, wantErr: []string{"HTTP 403", "AccessDenied: token [redacted] invalid"}},
		{name: "500 retried then reported", status: 500, body: "boom", wantErr: []string{"HTTP 500", "boom"}},
		{name: "garbage body", status: 200, body: "<html>" + testSecret, wantErr: []string{"not a credentials JSON object"}},
		{name: "missing secret", status: 200, body: `{"AccessKeyId":"K"}`, wantErr: []string{"lacks AccessKeyId or SecretAccessKey"}},
		{name: "token with newline", status: 200, body: endpointCredsJSON, env: map[string]string{"AWS_CONTAINER_AUTHORIZATION_TOKEN": "a\r\nX-Injected: 1"}, wantErr: []string{"contains a line break"}},
		{name: "token file missing", status: 200, body: endpointCredsJSON, env: map[string]string{"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/nonexistent/token"}, wantErr: []string{"read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE /nonexistent/token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newContainerServer(t, tt.status, tt.body)
			env := map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL + "/creds?secret=" + testSecret}
			if tt.env != nil && len(tt.env) == 0 {
				env = tt.env
			}
			for k, v := range tt.env {
				env[k] = v
			}
			p := &credentials.ContainerProvider{Getenv: envOf(env)}
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			for _, w := range tt.wantErr {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, tt.notConf, errorsIsNotConfigured(err))
			assertNoSecret(t, err)
			if tt.status == 500 {
				assert.Len(t, srv.paths, credentials.ContainerAttempts)
			}
		})
	}
}

// TestContainerProviderRequestsTheAddressItChecked: the FULL_URI host name
// is resolved once; the request goes to the address that passed the check,
// with the name in the Host header, so a second lookup answering another
// address (DNS rebinding) has nothing to redirect.
func TestContainerProviderRequestsTheAddressItChecked(t *testing.T) {
	var hosts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hosts = append(hosts, r.Host)
		fmt.Fprint(w, endpointCredsJSON)
	}))
	t.Cleanup(srv.Close)
	port := srv.URL[strings.LastIndexByte(srv.URL, ':')+1:]
	lookups := 0
	p := &credentials.ContainerProvider{
		Getenv: envOf(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://creds.invalid:" + port + "/creds"}),
		LookupHost: func(_ context.Context, host string) ([]string, error) {
			lookups++
			if lookups > 1 {
				return []string{"203.0.113.9"}, nil
			}
			return []string{"127.0.0.1"}, nil
		},
	}
	// "creds.invalid" cannot resolve (RFC 6761): the default client
	// succeeds only if it connects to the checked 127.0.0.1.
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "CONTKEY", got.AccessKeyID)
	assert.Equal(t, 1, lookups)
	assert.Equal(t, []string{"creds.invalid:" + port}, hosts)
}

func TestContainerProviderTokenFileSizeCap(t *testing.T) {
	srv := newContainerServer(t, 200, endpointCredsJSON)
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeFile(t, tokenFile, strings.Repeat("t", 1<<20+1))
	p := &credentials.ContainerProvider{Getenv: envOf(map[string]string{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI":     srv.URL + "/creds",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
	})}
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "+tokenFile+" is larger than 1 MiB")
	assert.Empty(t, srv.paths)
}
