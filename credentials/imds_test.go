package credentials_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// fakeIMDS is a small IMDSv2: PUT /latest/api/token issues tokens, every GET
// needs a valid one (else 401).
type fakeIMDS struct {
	*httptest.Server
	mu          sync.Mutex
	issued      int
	valid       map[string]bool
	ttlHeaders  []string
	requests    []string
	role        string // "" answers 404 on the role listing
	tokenStatus int    // non-zero answers the token PUT with it
	roleBody    string
}

func newFakeIMDS(t *testing.T) *fakeIMDS {
	f := &fakeIMDS{valid: map[string]bool{}, role: "my-role",
		roleBody: `{"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"IMDSKEY","SecretAccessKey":"` + testSecret + `","Token":"` + testToken + `","Expiration":"2030-01-01T00:00:00Z"}`}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeIMDS) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	if r.Method == http.MethodPut && r.URL.Path == "/latest/api/token" {
		ttl := r.Header.Get("X-aws-ec2-metadata-token-ttl-seconds")
		f.ttlHeaders = append(f.ttlHeaders, ttl)
		if f.tokenStatus != 0 {
			w.WriteHeader(f.tokenStatus)
			return
		}
		if ttl == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		f.issued++
		tok := fmt.Sprintf("imds-token-%d", f.issued)
		f.valid[tok] = true
		fmt.Fprint(w, tok)
		return
	}
	if r.Method != http.MethodGet || !f.valid[r.Header.Get("X-aws-ec2-metadata-token")] {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	switch r.URL.Path {
	case "/latest/meta-data/iam/security-credentials/":
		if f.role == "" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fmt.Fprint(w, f.role+"\n")
	case "/latest/meta-data/iam/security-credentials/" + f.role:
		fmt.Fprint(w, f.roleBody)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (f *fakeIMDS) revokeTokens() {
	f.mu.Lock()
	f.valid = map[string]bool{}
	f.mu.Unlock()
}

func TestIMDSProviderSuccessAndTokenReuse(t *testing.T) {
	f := newFakeIMDS(t)
	p := &credentials.IMDSProvider{Getenv: envOf(map[string]string{"AWS_EC2_METADATA_SERVICE_ENDPOINT": f.URL + "/"})}
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "IMDSKEY", got.AccessKeyID)
	assert.Equal(t, testSecret, got.SecretAccessKey)
	assert.Equal(t, testToken, got.SessionToken)
	assert.Equal(t, credentials.IMDSSource, got.Source)
	assert.Equal(t, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), got.Expires.UTC())

	_, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"21600"}, f.ttlHeaders, "one token for both retrievals")
	assert.Equal(t, []string{
		"PUT /latest/api/token",
		"GET /latest/meta-data/iam/security-credentials/",
		"GET /latest/meta-data/iam/security-credentials/my-role",
		"GET /latest/meta-data/iam/security-credentials/",
		"GET /latest/meta-data/iam/security-credentials/my-role",
	}, f.requests)
}

func TestIMDSProviderRefetchesTokenAfter401(t *testing.T) {
	f := newFakeIMDS(t)
	p := &credentials.IMDSProvider{Endpoint: f.URL}
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	f.revokeTokens()
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "IMDSKEY", got.AccessKeyID)
	assert.Len(t, f.ttlHeaders, 2)
}

func TestIMDSProviderTokenExpiresByClock(t *testing.T) {
	f := newFakeIMDS(t)
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &credentials.IMDSProvider{Endpoint: f.URL, Now: func() time.Time { return now }}
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	now = now.Add(credentials.IMDSTokenTTL)
	_, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Len(t, f.ttlHeaders, 2)
}

func TestIMDSProviderFailures(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(f *fakeIMDS)
		env     map[string]string
		wantErr []string
		notConf bool
	}{
		{name: "disabled", env: map[string]string{"AWS_EC2_METADATA_DISABLED": "TRUE"}, notConf: true, wantErr: []string{"AWS_EC2_METADATA_DISABLED is true"}},
		{name: "no role", setup: func(f *fakeIMDS) { f.role = "" }, wantErr: []string{"404", "no IAM role is attached"}},
		{name: "token refused", setup: func(f *fakeIMDS) { f.tokenStatus = http.StatusForbidden }, wantErr: []string{"PUT", "/latest/api/token returned HTTP 403"}},
		{name: "role code not success", setup: func(f *fakeIMDS) { f.roleBody = `{"Code":"AssumeRoleUnauthorizedAccess","Message":"cannot assume"}` }, wantErr: []string{`Code is "AssumeRoleUnauthorizedAccess"`, "cannot assume"}},
		{name: "role body garbage", setup: func(f *fakeIMDS) { f.roleBody = "{" + testSecret }, wantErr: []string{"not a credentials JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeIMDS(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			env := map[string]string{"AWS_EC2_METADATA_SERVICE_ENDPOINT": f.URL}
			for k, v := range tt.env {
				env[k] = v
			}
			_, err := (&credentials.IMDSProvider{Getenv: envOf(env)}).Retrieve(context.Background())
			require.Error(t, err)
			for _, w := range tt.wantErr {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, tt.notConf, errorsIsNotConfigured(err))
			assertNoSecret(t, err)
		})
	}
}

func TestIMDSProviderUnreachableExplainsItself(t *testing.T) {
	// A listener that was closed: connections are refused at once.
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	p := &credentials.IMDSProvider{Endpoint: url}
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no answer after 2 attempts of at most 1s each")
	assert.Contains(t, err.Error(), "AWS_EC2_METADATA_DISABLED=true")
	assert.False(t, errorsIsNotConfigured(err))
}

func TestIMDSProviderDoesNotPrintItsToken(t *testing.T) {
	f := newFakeIMDS(t)
	p := &credentials.IMDSProvider{Endpoint: f.URL}
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	s := fmt.Sprintf("%v %+v %#v %s", p, p, p, p)
	assert.NotContains(t, s, "imds-token-")
	assert.Contains(t, s, f.URL)
}

// TestIMDSProviderErrorsRedactEndpointUserinfo: an endpoint with
// user:password in it shows neither in errors nor in %v.
func TestIMDSProviderErrorsRedactEndpointUserinfo(t *testing.T) {
	f := newFakeIMDS(t)
	f.role = ""
	ep := strings.Replace(f.URL, "http://", "http://admin:hunter2@", 1)
	p := &credentials.IMDSProvider{Endpoint: ep}
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), f.URL+"/latest/meta-data/iam/security-credentials/ returned 404")
	for _, s := range []string{err.Error(), fmt.Sprintf("%v %+v %s", p, p, p)} {
		assert.NotContains(t, s, "hunter2")
		assert.NotContains(t, s, "admin")
	}

	// The unreachable path's message too.
	srv := httptest.NewServer(http.NotFoundHandler())
	dead := strings.Replace(srv.URL, "http://", "http://admin:hunter2@", 1)
	srv.Close()
	_, err = (&credentials.IMDSProvider{Endpoint: dead}).Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no answer after")
	assert.NotContains(t, err.Error(), "hunter2")
}
