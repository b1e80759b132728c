package credentials_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

const (
	loginSession      = "arn:aws:sts::123456789012:assumed-role/Admin/alice"
	loginRefreshToken = "loginRefreshToken-0123456789abcdefghijklmnop"
	loginNewRefresh   = "loginNewRefreshToken-9876543210zyxwvutsrq"
	loginNewSecret    = "NEWSECRETwJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzz"
	loginNewSession   = "NEWSESSIONsessionTokenValueThatIsLong0000"
)

// loginKeyPEM returns a new P-256 key as the AWS CLI caches it.
func loginKeyPEM(t *testing.T) (*ecdsa.PrivateKey, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
}

// loginTokenJSON is a login cache file as aws-sdk-go-v2 writes it.
func loginTokenJSON(t *testing.T, keyPEM string, expiresAt time.Time, signInRegion string) string {
	m := map[string]any{
		"accessToken": map[string]any{
			"accessKeyId": "ASIALOGINEXAMPLE", "secretAccessKey": testSecret, "sessionToken": testToken,
			"accountId": "123456789012", "expiresAt": expiresAt.UTC().Format(time.RFC3339),
		},
		"tokenType":     "urn:aws:params:oauth:token-type:access_token_sigv4",
		"refreshToken":  loginRefreshToken,
		"identityToken": "eyJidentity",
		"clientId":      "arn:aws:signin:::devtools/same-device",
		"dpopKey":       keyPEM,
	}
	if signInRegion != "" {
		m["signInRegion"] = signInRegion
	}
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return string(b)
}

// fakeSignIn serves CreateOAuth2Token and records requests.
type fakeSignIn struct {
	*httptest.Server
	mu       sync.Mutex
	requests []ssoRequest
	answer   func(w http.ResponseWriter)
}

func newFakeSignIn(t *testing.T) *fakeSignIn {
	f := &fakeSignIn{answer: func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"accessToken":{"accessKeyId":"ASIANEWLOGIN","secretAccessKey":%q,"sessionToken":%q},"expiresIn":900,"idToken":"eyJid","refreshToken":%q,"tokenType":"aws_sigv4"}`,
			loginNewSecret, loginNewSession, loginNewRefresh)
	}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, ssoRequest{method: r.Method, path: r.URL.Path, header: r.Header.Clone(), body: string(b)})
		f.mu.Unlock()
		if r.Method != http.MethodPost || r.URL.Path != "/v1/token" {
			http.NotFound(w, r)
			return
		}
		f.answer(w)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSignIn) log() []ssoRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ssoRequest(nil), f.requests...)
}

// loginSetup writes the cache file and returns a provider for it.
func loginSetup(t *testing.T, f *fakeSignIn, token string) (*credentials.LoginProvider, string) {
	t.Helper()
	dir := t.TempDir()
	sum := sha256.Sum256([]byte(loginSession))
	path := filepath.Join(dir, fmt.Sprintf("%x.json", sum))
	if token != "" {
		writeFile(t, path, token)
	}
	return &credentials.LoginProvider{
		SessionName: loginSession, ProfileName: "dev", Region: "us-east-1", CacheDir: dir, Endpoint: f.URL,
		Now: func() time.Time { return ssoNow },
	}, path
}

func assertNoLoginSecret(t *testing.T, vals ...any) {
	t.Helper()
	assertNoSecret(t, vals...)
	for _, v := range vals {
		if v == nil {
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v"} {
			s := fmt.Sprintf(verb, v)
			for _, secret := range []string{loginRefreshToken, loginNewRefresh, loginNewSecret, loginNewSession, "PRIVATE KEY"} {
				assert.NotContains(t, s, secret, "%s of %T", verb, v)
			}
		}
	}
}

// verifyDPoP checks proof as the sign-in service would: an ES256 JWT whose
// header carries the public key of key, signed by it, for a POST to htu at
// time iat, with a UUID jti.
func verifyDPoP(t *testing.T, proof string, key *ecdsa.PrivateKey, htu string, iat time.Time) {
	t.Helper()
	parts := strings.Split(proof, ".")
	require.Len(t, parts, 3)
	dec := func(s string) []byte {
		b, err := base64.RawURLEncoding.DecodeString(s)
		require.NoError(t, err)
		return b
	}
	var header struct {
		Typ, Alg string
		Jwk      struct{ Kty, X, Y, Crv string }
	}
	require.NoError(t, json.Unmarshal(dec(parts[0]), &header))
	assert.Equal(t, "dpop+jwt", header.Typ)
	assert.Equal(t, "ES256", header.Alg)
	assert.Equal(t, "EC", header.Jwk.Kty)
	assert.Equal(t, "P-256", header.Jwk.Crv)
	x, y := dec(header.Jwk.X), dec(header.Jwk.Y)
	require.Len(t, x, 32)
	require.Len(t, y, 32)
	pub := ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}
	assert.True(t, pub.Equal(&key.PublicKey), "the JWK is the cached key's public key")

	var payload struct {
		Jti, Htm, Htu string
		Iat           int64
	}
	require.NoError(t, json.Unmarshal(dec(parts[1]), &payload))
	assert.Equal(t, "POST", payload.Htm)
	assert.Equal(t, htu, payload.Htu)
	assert.Equal(t, iat.Unix(), payload.Iat)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`), payload.Jti)

	sig := dec(parts[2])
	require.Len(t, sig, 64)
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	assert.True(t, ecdsa.Verify(&pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])), "the signature verifies")
}

func TestLoginUsesTheCachedCredentials(t *testing.T) {
	f := newFakeSignIn(t)
	_, keyPEM := loginKeyPEM(t)
	p, _ := loginSetup(t, f, loginTokenJSON(t, keyPEM, ssoNow.Add(10*time.Minute), ""))
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, credentials.Credentials{
		AccessKeyID: "ASIALOGINEXAMPLE", SecretAccessKey: testSecret, SessionToken: testToken, Source: credentials.LoginSource,
		CanExpire: true, Expires: ssoNow.Add(10 * time.Minute), AccountID: "123456789012",
	}, c)
	assert.Empty(t, f.log())
	assertNoLoginSecret(t, p)
}

// TestLoginCacheFileName: ~/.aws/login/cache/<hex SHA-256 of the trimmed
// login_session>.json.
func TestLoginCacheFileName(t *testing.T) {
	f := newFakeSignIn(t)
	_, keyPEM := loginKeyPEM(t)
	home := t.TempDir()
	dir := filepath.Join(home, ".aws", "login", "cache")
	require.NoError(t, mkdirAll(dir))
	// SHA-256 of "dev-login".
	file := filepath.Join(dir, "1251d2339d9cf443966564e5c8278f1ccc9901329f5ba436ebfd31deaa679184.json")
	writeFile(t, file, loginTokenJSON(t, keyPEM, ssoNow.Add(time.Hour), ""))
	p := &credentials.LoginProvider{SessionName: " dev-login ", ProfileName: "dev", Region: "us-east-1", Endpoint: f.URL,
		UserHomeDir: func() (string, error) { return home, nil }, Now: func() time.Time { return ssoNow }}
	_, err := p.Retrieve(context.Background())
	require.NoError(t, err)

	require.NoError(t, os.Remove(file))
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no cached login session at "+file)
	assert.Contains(t, err.Error(), "aws login --profile dev")
}

// TestLoginRefreshes: credentials that have expired or expire within 5
// minutes are refreshed through CreateOAuth2Token with a DPoP proof, and
// the session is written back.
func TestLoginRefreshes(t *testing.T) {
	for _, tt := range []struct {
		name    string
		expires time.Duration
	}{
		{"expired", -time.Hour},
		{"expires in 4 minutes", 4 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSignIn(t)
			key, keyPEM := loginKeyPEM(t)
			token := loginTokenJSON(t, keyPEM, ssoNow.Add(tt.expires), "eu-west-1")
			p, path := loginSetup(t, f, token)
			reader, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { reader.Close() })
			oldInfo, err := reader.Stat()
			require.NoError(t, err)

			c, err := p.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Equal(t, credentials.Credentials{
				AccessKeyID: "ASIANEWLOGIN", SecretAccessKey: loginNewSecret, SessionToken: loginNewSession, Source: credentials.LoginSource,
				CanExpire: true, Expires: ssoNow.Add(900 * time.Second), AccountID: "123456789012",
			}, c)

			reqs := f.log()
			require.Len(t, reqs, 1)
			assert.Equal(t, "application/json", reqs[0].header.Get("Content-Type"))
			assert.Empty(t, reqs[0].header.Get("Authorization"), "CreateOAuth2Token is unsigned")
			assert.JSONEq(t, `{"clientId":"arn:aws:signin:::devtools/same-device","grantType":"refresh_token","refreshToken":"`+loginRefreshToken+`"}`, reqs[0].body)
			verifyDPoP(t, reqs[0].header.Get("DPoP"), key, f.URL+"/v1/token", ssoNow)

			data, err := os.ReadFile(path)
			require.NoError(t, err)
			var got map[string]any
			require.NoError(t, json.Unmarshal(data, &got))
			assert.Equal(t, map[string]any{
				"accessToken": map[string]any{
					"accessKeyId": "ASIANEWLOGIN", "secretAccessKey": loginNewSecret, "sessionToken": loginNewSession,
					"accountId": "123456789012", "expiresAt": "2026-03-01T12:15:00Z",
				},
				"tokenType":     "urn:aws:params:oauth:token-type:access_token_sigv4",
				"refreshToken":  loginNewRefresh,
				"identityToken": "eyJidentity",
				"clientId":      "arn:aws:signin:::devtools/same-device",
				"dpopKey":       keyPEM,
				"signInRegion":  "eu-west-1",
			}, got)
			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
			assert.False(t, os.SameFile(oldInfo, fi), "the file is replaced, not rewritten in place")
			old, err := io.ReadAll(reader)
			require.NoError(t, err)
			assert.Equal(t, token, string(old))
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "no temporary file is left")

			// Read back: valid for 15 minutes, so no second refresh.
			_, err = p.Retrieve(context.Background())
			require.NoError(t, err)
			assert.Len(t, f.log(), 1)
		})
	}
}

func TestLoginRefreshFailureWithValidCredentials(t *testing.T) {
	f := newFakeSignIn(t)
	f.answer = func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"__type":"InternalServerException","message":"try later"}`)
	}
	_, keyPEM := loginKeyPEM(t)
	token := loginTokenJSON(t, keyPEM, ssoNow.Add(2*time.Minute), "")
	p, path := loginSetup(t, f, token)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIALOGINEXAMPLE", c.AccessKeyID)
	assert.Len(t, f.log(), 2, "a 5xx is tried twice")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, token, string(data))
}

// TestLoginRetrySignsAFreshProof: after a 5xx the retry carries a new DPoP
// proof (another jti), since RFC 9449 servers may refuse a replayed one.
func TestLoginRetrySignsAFreshProof(t *testing.T) {
	f := newFakeSignIn(t)
	ok := f.answer
	var answers int
	f.answer = func(w http.ResponseWriter) {
		answers++ // the handler runs one request at a time here
		if answers == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"__type":"InternalServerException","message":"try later"}`)
			return
		}
		ok(w)
	}
	key, keyPEM := loginKeyPEM(t)
	p, _ := loginSetup(t, f, loginTokenJSON(t, keyPEM, ssoNow.Add(-time.Minute), ""))
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIANEWLOGIN", c.AccessKeyID)

	reqs := f.log()
	require.Len(t, reqs, 2, "the 500 is retried once")
	jti := func(proof string) string {
		parts := strings.Split(proof, ".")
		require.Len(t, parts, 3)
		b, err := base64.RawURLEncoding.DecodeString(parts[1])
		require.NoError(t, err)
		var payload struct{ Jti string }
		require.NoError(t, json.Unmarshal(b, &payload))
		return payload.Jti
	}
	for _, r := range reqs {
		verifyDPoP(t, r.header.Get("DPoP"), key, f.URL+"/v1/token", ssoNow)
	}
	assert.NotEqual(t, jti(reqs[0].header.Get("DPoP")), jti(reqs[1].header.Get("DPoP")), "each attempt has its own jti")
}

// resetClient is an HTTPClient whose every request fails after it may
// have been written, as a connection reset while reading the answer does.
type resetClient struct {
	mu    sync.Mutex
	calls int
}

func (c *resetClient) Do(_ *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return nil, fmt.Errorf("read tcp: connection reset by peer")
}

// TestLoginNetworkErrorNotRetried: a refresh token may be single-use, and
// after a network error the server may already have spent it, so the token
// POST is not sent again.
func TestLoginNetworkErrorNotRetried(t *testing.T) {
	f := newFakeSignIn(t)
	_, keyPEM := loginKeyPEM(t)
	p, _ := loginSetup(t, f, loginTokenJSON(t, keyPEM, ssoNow.Add(-time.Minute), ""))
	client := &resetClient{}
	p.HTTPClient = client
	_, err := p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "connection reset by peer")
	assert.Equal(t, 1, client.calls, "one attempt only")
	assertNoLoginSecret(t, err)
}

func TestLoginErrors(t *testing.T) {
	_, keyPEM := loginKeyPEM(t)
	expired := ssoNow.Add(-time.Minute)
	denied := func(code string) func(http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"__type":"AccessDeniedException","error":%q,"message":"denied for %s"}`, code, loginRefreshToken)
		}
	}
	for _, tt := range []struct {
		name     string
		token    string
		answer   func(http.ResponseWriter)
		want     []string
		requests int
	}{
		{name: "TOKEN_EXPIRED", token: loginTokenJSON(t, keyPEM, expired, ""), answer: denied("TOKEN_EXPIRED"), requests: 1,
			want: []string{"could not be refreshed", "Sign-In CreateOAuth2Token answered HTTP 400 AccessDeniedException", "the login session has expired", "aws login --profile dev"}},
		{name: "USER_CREDENTIALS_CHANGED", token: loginTokenJSON(t, keyPEM, expired, ""), answer: denied("USER_CREDENTIALS_CHANGED"), requests: 1,
			want: []string{"the password changed since the login", "aws login --profile dev"}},
		{name: "INSUFFICIENT_PERMISSIONS", token: loginTokenJSON(t, keyPEM, expired, ""), answer: denied("INSUFFICIENT_PERMISSIONS"), requests: 1,
			want: []string{"lacks permission for signin:CreateOAuth2Token"}},
		{name: "answer without refreshToken", token: loginTokenJSON(t, keyPEM, expired, ""), requests: 1,
			answer: func(w http.ResponseWriter) {
				fmt.Fprintf(w, `{"accessToken":{"accessKeyId":"A","secretAccessKey":%q,"sessionToken":"s"},"expiresIn":900}`, loginNewSecret)
			},
			want: []string{"Sign-In CreateOAuth2Token answered without refreshToken"}},
		{name: "no cache file", want: []string{"no cached login session", "aws login --profile dev"}},
		{name: "missing dpopKey", token: strings.Replace(loginTokenJSON(t, keyPEM, expired, ""), `"dpopKey"`, `"otherKey"`, 1),
			want: []string{"lacks dpopKey", "aws login --profile dev"}},
		{name: "bad dpopKey", token: loginTokenJSON(t, "not a key", expired, ""),
			want: []string{"dpopKey is not a PEM block", "aws login --profile dev"}},
		{name: "bad expiresAt", token: strings.Replace(loginTokenJSON(t, keyPEM, expired, ""), expired.Format(time.RFC3339), "soon", 1),
			want: []string{"member accessToken is not an object"}},
		{name: "not JSON", token: "[]", want: []string{"is not a JSON object"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSignIn(t)
			if tt.answer != nil {
				f.answer = tt.answer
			}
			p, _ := loginSetup(t, f, tt.token)
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), credentials.LoginSource+": "), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Len(t, f.log(), tt.requests)
			assertNoLoginSecret(t, err, p)
		})
	}
}

func TestLoginRedirectRefusedAndResponseCapped(t *testing.T) {
	for _, tt := range []struct {
		name   string
		answer func(http.ResponseWriter)
		want   string
	}{
		{"redirect", func(w http.ResponseWriter) {
			w.Header().Set("Location", "http://elsewhere.example/v1/token?code=x")
			w.WriteHeader(http.StatusFound)
		}, `answered HTTP 302, a redirect to host "elsewhere.example"`},
		{"oversized", func(w http.ResponseWriter) { fmt.Fprintf(w, `{"pad":"%s"}`, strings.Repeat("a", 65<<10)) }, "response is larger than 64 KiB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSignIn(t)
			f.answer = tt.answer
			_, keyPEM := loginKeyPEM(t)
			p, _ := loginSetup(t, f, loginTokenJSON(t, keyPEM, ssoNow.Add(-time.Minute), ""))
			p.HTTPClient = &http.Client{}
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "code=x")
			assert.Len(t, f.log(), 1)
		})
	}
}

// TestLoginDefaultEndpoints: the sign-in service's OAuth endpoint as its
// rule set resolves it (checked against aws-sdk-go-v2 service/signin
// v1.14.0), in the cached signInRegion over the profile's region.
func TestLoginDefaultEndpoints(t *testing.T) {
	for _, tt := range []struct {
		region, signInRegion string
		fips, dualStack      bool
		want                 string
	}{
		{"us-east-1", "", false, false, "https://us-east-1.signin.aws.amazon.com"},
		{"us-east-1", "eu-west-1", false, false, "https://eu-west-1.signin.aws.amazon.com"},
		{"cn-north-1", "", false, false, "https://cn-north-1.signin.amazonaws.cn"},
		{"us-gov-east-1", "", false, false, "https://us-gov-east-1.signin.amazonaws-us-gov.com"},
		{"us-iso-east-1", "", false, false, "https://us-iso-east-1.signin.c2shome.ic.gov"},
		{"eusc-de-east-1", "", false, false, "https://eusc-de-east-1.signin.amazonaws-eusc.eu"},
		{"us-east-1", "", false, true, "https://signin.us-east-1.api.aws"},
		{"us-east-1", "", true, false, "https://signin-fips.us-east-1.amazonaws.com"},
		{"us-east-1", "", true, true, "https://signin-fips.us-east-1.api.aws"},
		{"us-gov-west-1", "", true, false, "https://signin-fips.amazonaws-us-gov.com"},
		{"us-gov-east-1", "", true, false, "https://us-gov-east-1.signin-fips.amazonaws-us-gov.com"},
		{"cn-north-1", "", true, false, "https://signin-fips.cn-north-1.amazonaws.com.cn"},
	} {
		t.Run(fmt.Sprintf("%s/%s/fips=%v/dualstack=%v", tt.region, tt.signInRegion, tt.fips, tt.dualStack), func(t *testing.T) {
			rec := &urlRecorder{}
			_, keyPEM := loginKeyPEM(t)
			p, _ := loginSetup(t, &fakeSignIn{Server: &httptest.Server{}}, loginTokenJSON(t, keyPEM, ssoNow.Add(-time.Minute), tt.signInRegion))
			p.Endpoint, p.Region, p.UseFIPSEndpoint, p.UseDualStackEndpoint, p.HTTPClient = "", tt.region, tt.fips, tt.dualStack, rec
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Equal(t, []string{tt.want + "/v1/token"}, rec.urls)
		})
	}
}
