package credentials_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// Tokens of the SSO fakes; none may appear in an error or in %v.
const (
	ssoAccessToken  = "aoaAAAAAGsso-access-token-0123456789abcdef"
	ssoRefreshToken = "aorAAAAAGsso-refresh-token-0123456789abcdef"
	ssoClientSecret = "eyJraWQiOiJrZXktc2VjcmV0IiwiYWxnIjoiSFMzODQifQ-client-secret"
	ssoNewToken     = "aoaAAAAAGsso-new-access-token-9876543210"
	ssoNewRefresh   = "aorAAAAAGsso-new-refresh-token-9876543210"

	ssoSessionName = "my-sso"
	ssoStartURL    = "https://d-abc123.awsapps.com/start"
	// SHA-1 of ssoSessionName and of ssoStartURL, in hex: the cache file
	// names the AWS CLI gives them.
	ssoSessionFile  = "0ad374308c5a4e22f723adf10145eafad7c4031c.json"
	ssoStartURLFile = "40a89917e3175433e361b710a9d43528d7f1890a.json"
)

// ssoNow is the fixed clock of the SSO tests.
var ssoNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// ssoRequest is one request a fake received.
type ssoRequest struct {
	method, path, query string
	header              http.Header
	body                string
}

// fakeSSO serves GetRoleCredentials and CreateToken with the answers of the
// SSO Portal and SSO OIDC API references, or the set error answers.
type fakeSSO struct {
	*httptest.Server
	mu       sync.Mutex
	requests []ssoRequest
	// portal and oidc answer the two operations: status, headers, body.
	portal, oidc func(w http.ResponseWriter)
}

func newFakeSSO(t *testing.T) *fakeSSO {
	f := &fakeSSO{
		portal: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"roleCredentials":{"accessKeyId":"ASIASSOEXAMPLE","secretAccessKey":%q,"sessionToken":%q,"expiration":1772373600000}}`, testSecret, testToken)
		},
		oidc: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"accessToken":%q,"tokenType":"Bearer","expiresIn":28800,"refreshToken":%q}`, ssoNewToken, ssoNewRefresh)
		},
	}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, ssoRequest{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(), body: string(b)})
		f.mu.Unlock()
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/federation/credentials":
			f.portal(w)
		case r.Method == http.MethodPost && r.URL.Path == "/token":
			f.oidc(w)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSSO) log() []ssoRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ssoRequest(nil), f.requests...)
}

// paths lists "METHOD path" of the requests received.
func (f *fakeSSO) paths() []string {
	var out []string
	for _, r := range f.log() {
		out = append(out, r.method+" "+r.path)
	}
	return out
}

// ssoTokenJSON is a token file as `aws sso login` writes it for an
// sso-session.
func ssoTokenJSON(expiresAt time.Time) string {
	return `{"startUrl": "` + ssoStartURL + `", "region": "us-east-1", "accessToken": "` + ssoAccessToken + `", "expiresAt": "` + expiresAt.UTC().Format(time.RFC3339) + `", "clientId": "clientid-EXAMPLE", "clientSecret": "` + ssoClientSecret + `", "registrationExpiresAt": "2026-05-01T00:00:00Z", "refreshToken": "` + ssoRefreshToken + `"}`
}

// ssoSetup writes the token file of key's file name into a new cache
// directory and returns a provider for it using f.
func ssoSetup(t *testing.T, f *fakeSSO, legacy bool, token string) (*credentials.SSOProvider, string) {
	t.Helper()
	dir := t.TempDir()
	p := &credentials.SSOProvider{
		AccountID: "123456789012", RoleName: "ReadOnly", Region: "us-east-1", StartURL: ssoStartURL,
		SessionName: ssoSessionName, ProfileName: "dev", CacheDir: dir,
		PortalEndpoint: f.URL, OIDCEndpoint: f.URL,
		Now: func() time.Time { return ssoNow },
	}
	file := ssoSessionFile
	if legacy {
		p.SessionName, file = "", ssoStartURLFile
	}
	path := filepath.Join(dir, file)
	if token != "" {
		writeFile(t, path, token)
	}
	return p, path
}

// assertNoSSOSecret checks that no token, secret or credential of the SSO
// fakes shows in the values under the common verbs.
func assertNoSSOSecret(t *testing.T, vals ...any) {
	t.Helper()
	assertNoSecret(t, vals...)
	for _, v := range vals {
		if v == nil {
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v"} {
			s := fmt.Sprintf(verb, v)
			for _, secret := range []string{ssoAccessToken, ssoRefreshToken, ssoClientSecret, ssoNewToken, ssoNewRefresh} {
				assert.NotContains(t, s, secret, "%s of %T", verb, v)
			}
		}
	}
}

func TestSSOUsesTheCachedToken(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			f := newFakeSSO(t)
			p, path := ssoSetup(t, f, legacy, ssoTokenJSON(ssoNow.Add(time.Hour)))
			before, err := os.ReadFile(path)
			require.NoError(t, err)

			c, err := p.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, credentials.Credentials{
				AccessKeyID: "ASIASSOEXAMPLE", SecretAccessKey: testSecret, SessionToken: testToken,
				Source: credentials.SSOSource, CanExpire: true, Expires: time.UnixMilli(1772373600000).UTC(), AccountID: "123456789012",
			}, c)
			reqs := f.log()
			require.Len(t, reqs, 1, "one GetRoleCredentials, no CreateToken")
			assert.Equal(t, "GET", reqs[0].method)
			assert.Equal(t, "/federation/credentials", reqs[0].path)
			assert.Equal(t, "account_id=123456789012&role_name=ReadOnly", reqs[0].query)
			assert.Equal(t, ssoAccessToken, reqs[0].header.Get("x-amz-sso_bearer_token"))
			assert.Empty(t, reqs[0].header.Get("Authorization"), "GetRoleCredentials is unsigned")
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "the cache file is left alone")
			assertNoSSOSecret(t, p)
		})
	}
}

// TestSSOCacheFileNames: the token is found at the SHA-1 of the session
// name, or of the start URL for a legacy profile, under ~/.aws/sso/cache.
func TestSSOCacheFileNames(t *testing.T) {
	for _, tt := range []struct {
		name    string
		session string
		file    string
	}{
		{"sso_session", ssoSessionName, ssoSessionFile},
		{"legacy start URL", "", ssoStartURLFile},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSSO(t)
			home := t.TempDir()
			dir := filepath.Join(home, ".aws", "sso", "cache")
			require.NoError(t, mkdirAll(dir))
			writeFile(t, filepath.Join(dir, tt.file), ssoTokenJSON(ssoNow.Add(time.Hour)))
			p := &credentials.SSOProvider{
				AccountID: "123456789012", RoleName: "ReadOnly", Region: "us-east-1", StartURL: ssoStartURL,
				SessionName: tt.session, ProfileName: "dev", PortalEndpoint: f.URL, OIDCEndpoint: f.URL,
				UserHomeDir: func() (string, error) { return home, nil },
				Now:         func() time.Time { return ssoNow },
			}
			_, err := p.Retrieve(context.Background())
			require.NoError(t, err)

			require.NoError(t, os.Remove(filepath.Join(dir, tt.file)))
			_, err = p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), filepath.Join(dir, tt.file))
			assert.Contains(t, err.Error(), "aws sso login --profile dev")
		})
	}
}

// TestSSORefreshesAnExpiringToken: an sso_session token that has expired,
// or expires within 5 minutes, is refreshed through CreateToken, written
// back, and used.
func TestSSORefreshesAnExpiringToken(t *testing.T) {
	for _, tt := range []struct {
		name    string
		expires time.Duration
	}{
		{"expired", -time.Hour},
		{"expires in 4 minutes", 4 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSSO(t)
			token := ssoTokenJSON(ssoNow.Add(tt.expires))
			p, path := ssoSetup(t, f, false, token)
			require.NoError(t, os.Chmod(path, 0o644))
			// A reader that opened the file before the refresh keeps reading
			// the whole old file: the new one replaces it by rename, it is
			// not rewritten in place.
			reader, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { reader.Close() })
			oldInfo, err := reader.Stat()
			require.NoError(t, err)

			c, err := p.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "ASIASSOEXAMPLE", c.AccessKeyID)

			reqs := f.log()
			require.Equal(t, []string{"POST /token", "GET /federation/credentials"}, f.paths())
			assert.Equal(t, "application/json", reqs[0].header.Get("Content-Type"))
			assert.JSONEq(t, `{"clientId":"clientid-EXAMPLE","clientSecret":"`+ssoClientSecret+`","grantType":"refresh_token","refreshToken":"`+ssoRefreshToken+`"}`, reqs[0].body)
			assert.Equal(t, ssoNewToken, reqs[1].header.Get("x-amz-sso_bearer_token"))

			data, err := os.ReadFile(path)
			require.NoError(t, err)
			want := `{"accessToken":"` + ssoNewToken + `","clientId":"clientid-EXAMPLE","clientSecret":"` + ssoClientSecret +
				`","expiresAt":"2026-03-01T20:00:00Z","refreshToken":"` + ssoNewRefresh + `","region":"us-east-1","registrationExpiresAt":"2026-05-01T00:00:00Z","startUrl":"` + ssoStartURL + `"}` + "\n"
			assert.Equal(t, want, string(data), "the refreshed token, every other member kept, as aws-sdk-go-v2 writes it")
			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
			assert.False(t, os.SameFile(oldInfo, fi), "the file is replaced, not rewritten in place")
			old, err := io.ReadAll(reader)
			require.NoError(t, err)
			assert.Equal(t, token, string(old))
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			require.Len(t, entries, 1, "no temporary file is left beside the cache file")

			// The rewritten file is read back as the new token: no refresh.
			_, err = p.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Len(t, f.log(), 3)
			assert.Equal(t, ssoNewToken, f.log()[2].header.Get("x-amz-sso_bearer_token"))
		})
	}
}

func TestSSODoesNotRefreshATokenValidBeyondTheWindow(t *testing.T) {
	f := newFakeSSO(t)
	p, _ := ssoSetup(t, f, false, ssoTokenJSON(ssoNow.Add(6*time.Minute)))
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"GET /federation/credentials"}, f.paths())
}

// TestSSORefreshFailureWithAValidToken: when the early refresh fails, the
// still valid token is used and the cache file is left as it was.
func TestSSORefreshFailureWithAValidToken(t *testing.T) {
	f := newFakeSSO(t)
	f.oidc = func(w http.ResponseWriter) {
		w.Header().Set("X-Amzn-Errortype", "InvalidGrantException:http://internal.amazon.com/coral/com.amazonaws.switchboard.oidc/")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Invalid refresh token provided"}`)
	}
	token := ssoTokenJSON(ssoNow.Add(2 * time.Minute))
	p, path := ssoSetup(t, f, false, token)

	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIASSOEXAMPLE", c.AccessKeyID)
	assert.Equal(t, []string{"POST /token", "GET /federation/credentials"}, f.paths())
	assert.Equal(t, ssoAccessToken, f.log()[1].header.Get("x-amz-sso_bearer_token"))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, token, string(data))
}

// TestSSOTokenErrors: an expired token that cannot be refreshed, or a
// missing or unreadable cache file, is an error that names why and says to
// run aws sso login --profile NAME.
func TestSSOTokenErrors(t *testing.T) {
	expired := ssoNow.Add(-time.Minute)
	noRefresh := `{"accessToken":"` + ssoAccessToken + `","expiresAt":"` + expired.Format(time.RFC3339) + `","region":"us-east-1","startUrl":"` + ssoStartURL + `"}`
	invalidGrant := func(w http.ResponseWriter) {
		w.Header().Set("X-Amzn-Errortype", "InvalidGrantException:http://internal.amazon.com/coral/com.amazonaws.switchboard.oidc/")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Invalid refresh token provided"}`)
	}
	expiredToken := func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"__type":"ExpiredTokenException","error":"expired_token","error_description":"token `+ssoRefreshToken+` is expired"}`)
	}
	for _, tt := range []struct {
		name     string
		legacy   bool
		token    string
		oidc     func(http.ResponseWriter)
		want     []string
		requests []string
	}{
		{name: "legacy profile", legacy: true, token: ssoTokenJSON(expired),
			want: []string{"legacy profile", "cannot refresh", "aws sso login --profile dev"}},
		{name: "no refresh token", token: noRefresh,
			want: []string{"could not be refreshed", "no clientId, clientSecret or refreshToken", "aws sso login --profile dev"}},
		{name: "InvalidGrantException", token: ssoTokenJSON(expired), oidc: invalidGrant, requests: []string{"POST /token"},
			want: []string{"could not be refreshed", "SSO OIDC CreateToken answered HTTP 400 InvalidGrantException: Invalid refresh token provided", "aws sso login --profile dev"}},
		{name: "ExpiredTokenException", token: ssoTokenJSON(expired), oidc: expiredToken, requests: []string{"POST /token"},
			want: []string{"HTTP 400 ExpiredTokenException", "aws sso login --profile dev"}},
		{name: "no cache file", want: []string{"no cached SSO token", "aws sso login --profile dev"}},
		{name: "not JSON", token: "not json", want: []string{"is not a JSON object", "aws sso login --profile dev"}},
		{name: "over 1 MiB", token: `{"pad":"` + strings.Repeat("a", 1<<20) + `"}`, want: []string{"larger than 1 MiB"}},
		{name: "no expiresAt", token: `{"accessToken":"` + ssoAccessToken + `"}`, want: []string{"lacks accessToken or expiresAt"}},
		{name: "bad expiresAt", token: `{"accessToken":"` + ssoAccessToken + `","expiresAt":"tomorrow"}`, want: []string{`expiresAt "tomorrow" is not an RFC 3339 time`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSSO(t)
			if tt.oidc != nil {
				f.oidc = tt.oidc
			}
			p, path := ssoSetup(t, f, tt.legacy, tt.token)
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.False(t, errorsIsNotConfigured(err))
			assert.True(t, strings.HasPrefix(err.Error(), credentials.SSOSource+": "), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, tt.requests, f.paths(), "no GetRoleCredentials with an expired token")
			assertNoSSOSecret(t, err, p)
			if tt.token != "" {
				data, rerr := os.ReadFile(path)
				require.NoError(t, rerr)
				assert.Equal(t, tt.token, string(data), "the cache file is unchanged")
			}
		})
	}
}

// TestSSOPortalErrors: the portal's error answers are named by status and
// code, with the service's message scrubbed of tokens, never the body.
func TestSSOPortalErrors(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		header string
		body   string
		want   string
	}{
		{"UnauthorizedException", 401, "UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/",
			`{"message":"Session token not found or invalid","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}`,
			"SSO GetRoleCredentials answered HTTP 401 UnauthorizedException: Session token not found or invalid; the SSO session may have ended: run `aws sso login --profile dev`"},
		{"InvalidRequestException", 400, "", `{"__type":"InvalidRequestException","message":"bad token ` + ssoAccessToken + `"}`,
			"SSO GetRoleCredentials answered HTTP 400 InvalidRequestException: bad token [redacted]"},
		{"ResourceNotFoundException", 404, "", `{"__type":"com.amazonaws.switchboard.portal#ResourceNotFoundException","message":"No access"}`,
			"SSO GetRoleCredentials answered HTTP 404 ResourceNotFoundException: No access"},
		{"TooManyRequestsException", 429, "TooManyRequestsException", `{"message":"Rate exceeded"}`,
			"SSO GetRoleCredentials answered HTTP 429 TooManyRequestsException: Rate exceeded"},
		{"no code", 403, "", `<html>` + ssoAccessToken + `</html>`,
			"SSO GetRoleCredentials answered HTTP 403 Forbidden"},
		{"200 not JSON", 200, "", `{"roleCredentials":` + ssoAccessToken,
			"SSO GetRoleCredentials answered HTTP 200 with a body that is not its JSON answer"},
		{"200 without keys", 200, "", `{"roleCredentials":{"sessionToken":"x","expiration":1}}`,
			"SSO GetRoleCredentials answered without accessKeyId or secretAccessKey"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSSO(t)
			f.portal = func(w http.ResponseWriter) {
				if tt.header != "" {
					w.Header().Set("X-Amzn-Errortype", tt.header)
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}
			p, _ := ssoSetup(t, f, false, ssoTokenJSON(ssoNow.Add(time.Hour)))
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "<html>")
			assertNoSSOSecret(t, err)
			assert.Len(t, f.log(), 1, "a 4xx is not retried")
		})
	}
}

func TestSSOServerErrorIsTriedTwice(t *testing.T) {
	f := newFakeSSO(t)
	f.portal = func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"__type":"InternalServerException","message":"try again"}`)
	}
	p, _ := ssoSetup(t, f, false, ssoTokenJSON(ssoNow.Add(time.Hour)))
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HTTP 500 InternalServerException")
	assert.Len(t, f.log(), 2)
}

// TestSSORedirectRefused: neither the portal nor SSO OIDC is followed to a
// redirect target, whatever the client.
func TestSSORedirectRefused(t *testing.T) {
	var mu sync.Mutex
	targetHits := 0
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		mu.Lock()
		targetHits++
		mu.Unlock()
	}))
	t.Cleanup(target.Close)
	redirect := func(w http.ResponseWriter) {
		w.Header().Set("Location", target.URL+"/steal?token=x")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}
	for _, op := range []string{"portal", "oidc"} {
		for cname, client := range map[string]credentials.HTTPClient{"default": nil, "*http.Client": &http.Client{}, "doer": roundTripDoer{rt: http.DefaultTransport}} {
			t.Run(op+"/"+cname, func(t *testing.T) {
				f := newFakeSSO(t)
				expires := ssoNow.Add(time.Hour)
				if op == "portal" {
					f.portal = redirect
				} else {
					f.oidc = redirect
					expires = ssoNow.Add(-time.Hour)
				}
				p, _ := ssoSetup(t, f, false, ssoTokenJSON(expires))
				p.HTTPClient = client
				_, err := p.Retrieve(context.Background())
				require.Error(t, err)
				assert.Contains(t, err.Error(), "answered HTTP 307, a redirect to host")
				assert.NotContains(t, err.Error(), "token=x")
				assert.Len(t, f.log(), 1, "a redirect is not retried")
				mu.Lock()
				assert.Zero(t, targetHits)
				mu.Unlock()
				assertNoSSOSecret(t, err)
			})
		}
	}
}

// TestSSOResponseReadIsCapped: an answer over 64 KiB is refused, not read.
func TestSSOResponseReadIsCapped(t *testing.T) {
	for _, op := range []string{"portal", "oidc"} {
		t.Run(op, func(t *testing.T) {
			f := newFakeSSO(t)
			huge := func(w http.ResponseWriter) {
				fmt.Fprintf(w, `{"pad":"%s"}`, strings.Repeat("a", 70<<10))
			}
			expires := ssoNow.Add(time.Hour)
			if op == "portal" {
				f.portal = huge
			} else {
				f.oidc = huge
				expires = ssoNow.Add(-time.Hour)
			}
			p, _ := ssoSetup(t, f, false, ssoTokenJSON(expires))
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "response is larger than 64 KiB")
			assert.Len(t, f.log(), 1)
		})
	}
}

// urlRecorder answers every request with a 400 and records its URL
// without the query.
type urlRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (h *urlRecorder) Do(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.urls = append(h.urls, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
	h.mu.Unlock()
	return &http.Response{StatusCode: http.StatusBadRequest, Body: io.NopCloser(strings.NewReader(`{"__type":"InvalidRequestException"}`)), Header: http.Header{}}, nil
}

// TestSSODefaultEndpoints: the portal and SSO OIDC hosts as their rule sets
// resolve them, per partition, FIPS and dual-stack (cases checked against
// aws-sdk-go-v2 service/sso v1.39.5 and service/ssooidc v1.44.5).
func TestSSODefaultEndpoints(t *testing.T) {
	for _, tt := range []struct {
		region          string
		fips, dualStack bool
		portal, oidc    string
	}{
		{"us-east-1", false, false, "https://portal.sso.us-east-1.amazonaws.com", "https://oidc.us-east-1.amazonaws.com"},
		{"eu-west-1", false, true, "https://portal.sso.eu-west-1.api.aws", "https://oidc.eu-west-1.api.aws"},
		{"us-east-1", true, false, "https://portal.sso-fips.us-east-1.amazonaws.com", "https://oidc-fips.us-east-1.amazonaws.com"},
		{"us-east-1", true, true, "https://portal.sso-fips.us-east-1.api.aws", "https://oidc-fips.us-east-1.api.aws"},
		{"cn-north-1", false, false, "https://portal.sso.cn-north-1.amazonaws.com.cn", "https://oidc.cn-north-1.amazonaws.com.cn"},
		{"cn-north-1", false, true, "https://portal.sso.cn-north-1.api.amazonwebservices.com.cn", "https://oidc.cn-north-1.api.amazonwebservices.com.cn"},
		{"us-gov-west-1", true, false, "https://portal.sso.us-gov-west-1.amazonaws.com", "https://oidc.us-gov-west-1.amazonaws.com"},
		{"us-gov-west-1", true, true, "https://portal.sso-fips.us-gov-west-1.api.aws", "https://oidc-fips.us-gov-west-1.api.aws"},
		{"us-iso-east-1", false, false, "https://portal.sso.us-iso-east-1.c2s.ic.gov", "https://oidc.us-iso-east-1.c2s.ic.gov"},
		{"eusc-de-east-1", true, false, "https://portal.sso-fips.eusc-de-east-1.amazonaws.eu", "https://oidc-fips.eusc-de-east-1.amazonaws.eu"},
	} {
		t.Run(fmt.Sprintf("%s/fips=%v/dualstack=%v", tt.region, tt.fips, tt.dualStack), func(t *testing.T) {
			for _, expired := range []bool{false, true} {
				rec := &urlRecorder{}
				expires := ssoNow.Add(time.Hour)
				if expired {
					expires = ssoNow.Add(-time.Hour)
				}
				p, _ := ssoSetup(t, &fakeSSO{Server: &httptest.Server{}}, false, ssoTokenJSON(expires))
				p.PortalEndpoint, p.OIDCEndpoint = "", ""
				p.Region, p.UseFIPSEndpoint, p.UseDualStackEndpoint, p.HTTPClient = tt.region, tt.fips, tt.dualStack, rec
				_, err := p.Retrieve(context.Background())
				require.Error(t, err)
				want := tt.portal + "/federation/credentials"
				if expired {
					want = tt.oidc + "/token"
				}
				assert.Equal(t, []string{want}, rec.urls)
			}
		})
	}
}

func TestSSOConfigurationErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*credentials.SSOProvider)
		want string
	}{
		{"no start URL or session", func(p *credentials.SSOProvider) { p.StartURL, p.SessionName = "", "" }, `profile "dev" has neither sso_session nor sso_start_url`},
		{"no account", func(p *credentials.SSOProvider) { p.AccountID = "" }, `profile "dev" lacks sso_account_id or sso_role_name`},
		{"no region", func(p *credentials.SSOProvider) { p.Region = "" }, `profile "dev" has no sso_region`},
		{"bad region", func(p *credentials.SSOProvider) { p.Region, p.PortalEndpoint = "evil.example/x", "" }, `sso_region: invalid region "evil.example/x"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSSO(t)
			p, _ := ssoSetup(t, f, false, ssoTokenJSON(ssoNow.Add(time.Hour)))
			tt.edit(p)
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, f.log())
		})
	}
}

// TestSSOCacheFileKeepsUnknownMembers: members this package does not read
// (any JSON value) are written back as they were.
func TestSSOCacheFileKeepsUnknownMembers(t *testing.T) {
	f := newFakeSSO(t)
	token := `{"accessToken":"` + ssoAccessToken + `","expiresAt":"2026-03-01T11:00:00Z","clientId":"c","clientSecret":"` + ssoClientSecret +
		`","refreshToken":"` + ssoRefreshToken + `","scopes":["sso:account:access"],"nested":{"n":12345678901234567890},"flag":true}`
	p, path := ssoSetup(t, f, false, token)
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m))
	assert.JSONEq(t, `["sso:account:access"]`, string(m["scopes"]))
	assert.Equal(t, `{"n":12345678901234567890}`, string(m["nested"]))
	assert.Equal(t, `true`, string(m["flag"]))
	assert.Equal(t, `"`+ssoNewRefresh+`"`, string(m["refreshToken"]))
}
