package credentials_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// world is a test's environment: temporary shared files, a fake STS that
// the environment points AWS_ENDPOINT_URL_STS at, IMDS off.
type world struct {
	t   *testing.T
	dir string
	env map[string]string
	sts *fakeSTS
}

func newWorld(t *testing.T) *world {
	dir := isolate(t)
	w := &world{t: t, dir: dir, sts: newFakeSTS(t)}
	w.env = map[string]string{
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_REGION":                  testRegion,
		"AWS_ENDPOINT_URL_STS":        w.sts.URL,
		"AWS_EC2_METADATA_DISABLED":   "true",
	}
	return w
}

func (w *world) config(s string) { writeFile(w.t, w.env["AWS_CONFIG_FILE"], s) }

// token writes a web identity token file and returns its path.
func (w *world) token(content string) string {
	return writeFile(w.t, filepath.Join(w.dir, "token"), content)
}

func noRetryDelay(int) time.Duration { return 0 }

func (w *world) options(mods ...func(*credentials.DefaultChainOptions)) credentials.DefaultChainOptions {
	o := credentials.DefaultChainOptions{Getenv: envOf(w.env), STS: credentials.STSOptions{RetryDelay: noRetryDelay}}
	for _, m := range mods {
		m(&o)
	}
	return o
}

func (w *world) chain(mods ...func(*credentials.DefaultChainOptions)) *credentials.ChainProvider {
	return credentials.NewDefaultChain(w.options(mods...))
}

const (
	podRole  = "arn:aws:iam::123456789012:role/pod-role"
	testJWT  = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDphcHAifQ.c2lnbmF0dXJlLW9uZQ"
	testJWT2 = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJyb3RhdGVkIn0.c2lnbmF0dXJlLXR3bw"
)

func TestWebIdentityFromEnvironment(t *testing.T) {
	w := newWorld(t)
	w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
	w.env["AWS_ROLE_ARN"] = podRole
	w.env["AWS_ROLE_SESSION_NAME"] = "app-session"

	got, err := w.chain().Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, issuedKey(1), got.AccessKeyID)
	assert.Equal(t, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY1", got.SecretAccessKey)
	assert.Equal(t, "AQoDYXdzEPT//////////wEXAMPLE-sessionTokenValue-1", got.SessionToken)
	assert.Equal(t, credentials.WebIdentitySource, got.Source)
	assert.True(t, got.CanExpire)
	assert.Equal(t, w.sts.clock().Add(time.Hour), got.Expires)
	assert.Equal(t, fakeAccount, got.AccountID)

	reqs := w.sts.got()
	require.Len(t, reqs, 1)
	assert.Equal(t, "AssumeRoleWithWebIdentity", reqs[0].Action)
	assert.Equal(t, "", reqs[0].SignedBy, "AssumeRoleWithWebIdentity is unsigned")
	assert.NoError(t, reqs[0].SigErr)
	assert.Equal(t, map[string][]string{
		"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"},
		"RoleArn": {podRole}, "RoleSessionName": {"app-session"}, "WebIdentityToken": {testJWT},
	}, map[string][]string(reqs[0].Form))
}

func TestWebIdentityDefaultSessionNameIsUnixNanos(t *testing.T) {
	w := newWorld(t)
	w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
	w.env["AWS_ROLE_ARN"] = podRole
	now := time.Date(2030, 1, 1, 0, 0, 0, 123, time.UTC)
	_, err := w.chain(func(o *credentials.DefaultChainOptions) { o.STS.Now = func() time.Time { return now } }).Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "1893456000000000123", w.sts.got()[0].Form.Get("RoleSessionName"))
}

// TestWebIdentityTokenFileRotated is the EKS case: the kubelet rotates the
// projected token; the refresh after the credentials near expiry sends the
// token the file holds then.
func TestWebIdentityTokenFileRotated(t *testing.T) {
	w := newWorld(t)
	tokenFile := w.token(testJWT)
	w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile
	w.env["AWS_ROLE_ARN"] = podRole
	clock := w.sts.clock()
	cache := credentials.NewCache(w.chain(), func(o *credentials.CacheOptions) {
		o.Now = func() time.Time { return clock }
		o.Rand = func() float64 { return 0 }
	})
	first, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	again, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, first.AccessKeyID, again.AccessKeyID, "cached until the refresh window")
	require.Len(t, w.sts.got(), 1)

	require.NoError(t, os.WriteFile(tokenFile, []byte(testJWT2), 0o600))
	clock = clock.Add(56 * time.Minute) // inside the 5-minute window before the 1 h expiry
	second, err := cache.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, issuedKey(2), second.AccessKeyID)
	reqs := w.sts.got()
	require.Len(t, reqs, 2)
	assert.Equal(t, testJWT, reqs[0].Form.Get("WebIdentityToken"))
	assert.Equal(t, testJWT2, reqs[1].Form.Get("WebIdentityToken"), "the second refresh sends the rotated token")
}

// TestIRSAWinsOverReachableIMDS: in a pod with IRSA on a node whose
// instance metadata is reachable, the pod's role signs, and IMDS is never
// asked.
func TestIRSAWinsOverReachableIMDS(t *testing.T) {
	w := newWorld(t)
	imds := newFakeIMDS(t)
	delete(w.env, "AWS_EC2_METADATA_DISABLED")
	w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
	w.env["AWS_ROLE_ARN"] = podRole
	chain := w.chain(func(o *credentials.DefaultChainOptions) { o.IMDSEndpoint = imds.URL })
	got, err := chain.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, credentials.WebIdentitySource, got.Source)
	assert.Equal(t, issuedKey(1), got.AccessKeyID)
	assert.Empty(t, imds.requests, "instance metadata must not be asked")

	// Without IRSA the same chain reaches the node's role: the fake IMDS
	// works, so the test above proves precedence, not an unreachable IMDS.
	delete(w.env, "AWS_WEB_IDENTITY_TOKEN_FILE")
	got, err = chain.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "IMDSKEY", got.AccessKeyID)
}

func TestWebIdentityErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(w *world)
		wantErr []string
		calls   int
	}{
		{name: "no role ARN", setup: func(w *world) { w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT) },
			wantErr: []string{"WebIdentityCredentials: failed:", "no role ARN is: set AWS_ROLE_ARN"}},
		{name: "token file missing", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = filepath.Join(w.dir, "absent")
			w.env["AWS_ROLE_ARN"] = podRole
		}, wantErr: []string{"read the web identity token file", "no such file"}},
		{name: "token file over 1 MiB", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(strings.Repeat("x", 1<<20+1))
			w.env["AWS_ROLE_ARN"] = podRole
		}, wantErr: []string{"larger than 1 MiB"}},
		{name: "AccessDenied is not retried", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
			w.env["AWS_ROLE_ARN"] = podRole
			w.sts.fail(stsFailure{403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"})
		}, calls: 1, wantErr: []string{"STS AssumeRoleWithWebIdentity answered HTTP 403 AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (request ID 4e5b3f5a-1111-2222-3333-EXAMPLE)"}},
		{name: "ExpiredTokenException is not retried", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
			w.env["AWS_ROLE_ARN"] = podRole
			w.sts.fail(stsFailure{400, "ExpiredTokenException", "Token expired: current date/time 1700000000 must be before the expiration date/time 1690000000"})
		}, calls: 1, wantErr: []string{"ExpiredTokenException"}},
		{name: "an echoed token is cut from the message", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
			w.env["AWS_ROLE_ARN"] = podRole
			w.sts.fail(stsFailure{400, "InvalidIdentityToken", "bad token " + testJWT}, stsFailure{400, "InvalidIdentityToken", "bad token " + testJWT}, stsFailure{400, "InvalidIdentityToken", "bad token " + testJWT})
		}, calls: 3, wantErr: []string{"InvalidIdentityToken: bad token [redacted]"}},
		{name: "three IDPCommunicationError answers exhaust the attempts", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
			w.env["AWS_ROLE_ARN"] = podRole
			w.sts.fail(stsFailure{400, "IDPCommunicationError", "idp down"}, stsFailure{400, "IDPCommunicationError", "idp down"}, stsFailure{400, "IDPCommunicationError", "idp down"})
		}, calls: 3, wantErr: []string{"IDPCommunicationError"}},
		{name: "missing region", setup: func(w *world) {
			w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
			w.env["AWS_ROLE_ARN"] = podRole
			delete(w.env, "AWS_REGION")
			delete(w.env, "AWS_ENDPOINT_URL_STS")
		}, wantErr: []string{"Invalid Configuration: Missing Region", "set AWS_REGION"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			tt.setup(w)
			_, err := w.chain().Retrieve(context.Background())
			require.Error(t, err)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
			assert.Len(t, w.sts.got(), tt.calls)
			assert.NotContains(t, err.Error(), testJWT)
			assert.NotContains(t, err.Error(), "eyJ")
			assertNoSecret(t, err)
		})
	}
}

func TestSTSRetriesAsAWSSDKGoV2(t *testing.T) {
	tests := []struct {
		name     string
		failures []stsFailure
		webID    bool
		calls    int
		ok       bool
	}{
		{name: "IDPCommunicationError then success", failures: []stsFailure{{400, "IDPCommunicationError", "x"}, {400, "IDPCommunicationError", "x"}}, webID: true, calls: 3, ok: true},
		{name: "InvalidIdentityToken retried for web identity", failures: []stsFailure{{400, "InvalidIdentityToken", "x"}}, webID: true, calls: 2, ok: true},
		{name: "InvalidIdentityToken not retried for AssumeRole", failures: []stsFailure{{400, "InvalidIdentityToken", "x"}}, calls: 1},
		{name: "503 retried", failures: []stsFailure{{503, "ServiceUnavailable", "x"}}, calls: 2, ok: true},
		{name: "Throttling retried", failures: []stsFailure{{400, "Throttling", "Rate exceeded"}}, calls: 2, ok: true},
		{name: "RegionDisabledException not retried", failures: []stsFailure{{403, "RegionDisabledException", "STS is not activated in this region"}}, calls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.sts.fail(tt.failures...)
			var p credentials.Provider
			o := credentials.STSOptions{Region: testRegion, Endpoint: w.sts.URL, RetryDelay: noRetryDelay}
			if tt.webID {
				p = &credentials.WebIdentityRoleProvider{TokenFile: w.token(testJWT), RoleARN: podRole, STS: o}
			} else {
				p = &credentials.AssumeRoleProvider{Source: credentials.NewStaticCredentialsProvider(testKeyID, testSecret, ""), RoleARN: podRole, STS: o}
			}
			_, err := p.Retrieve(context.Background())
			assert.Equal(t, tt.ok, err == nil, "%v", err)
			assert.Len(t, w.sts.got(), tt.calls)
		})
	}
}

func TestSTSRefusesRedirects(t *testing.T) {
	w := newWorld(t)
	other := newFakeSTS(t)
	redirect := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, other.URL+"/?token=secret", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirect.Close)
	w.env["AWS_ENDPOINT_URL_STS"] = redirect.URL
	w.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = w.token(testJWT)
	w.env["AWS_ROLE_ARN"] = podRole
	for _, client := range []credentials.HTTPClient{nil, &http.Client{}} {
		_, err := w.chain(func(o *credentials.DefaultChainOptions) { o.HTTPClient = client }).Retrieve(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "answered HTTP 307, a redirect to host")
		assert.NotContains(t, err.Error(), "token=secret")
		assert.Empty(t, other.got(), "the redirect target got nothing")
	}
}

func TestSTSResponseCapsAndShapes(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
	}{
		{name: "body over 64 KiB", body: "<AssumeRoleWithWebIdentityResponse>" + strings.Repeat("<x/>", 20000) + "</AssumeRoleWithWebIdentityResponse>", wantErr: "answered 64 KiB or more, the most read"},
		{name: "not XML", body: "wJalrXUtnFEMI secret text", wantErr: "answered a body that is not its XML AssumeRoleWithWebIdentityResponse (25 bytes)"},
		{name: "no credentials", body: `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`, wantErr: "without Credentials"},
		{name: "bad expiration", body: `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI</SecretAccessKey><Expiration>soon</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`, wantErr: "Expiration that is not an ISO 8601 time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.sts.body = tt.body
			p := &credentials.WebIdentityRoleProvider{TokenFile: w.token(testJWT), RoleARN: podRole,
				STS: credentials.STSOptions{Region: testRegion, Endpoint: w.sts.URL, RetryDelay: noRetryDelay}}
			_, err := p.Retrieve(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assertNoSecret(t, err)
		})
	}
}

func TestWebIdentityProfile(t *testing.T) {
	w := newWorld(t)
	w.config("[profile eks]\nrole_arn = " + podRole + "\nweb_identity_token_file = " + w.token(testJWT) + "\nrole_session_name = from-profile\n")
	w.env["AWS_PROFILE"] = "eks"
	got, err := w.chain().Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, credentials.WebIdentitySource, got.Source)
	reqs := w.sts.got()
	require.Len(t, reqs, 1, "the profile's role is assumed once, with the token")
	assert.Equal(t, "AssumeRoleWithWebIdentity", reqs[0].Action)
	assert.Equal(t, "from-profile", reqs[0].Form.Get("RoleSessionName"))
	assert.Regexp(t, regexp.MustCompile(`^`+regexp.QuoteMeta(podRole)+`$`), reqs[0].Form.Get("RoleArn"))
}
