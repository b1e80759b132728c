package chimesdkmessagingtest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

func TestSignatureFailures(t *testing.T) {
	f0 := setup(t)
	unknown := credentials.Credentials{AccessKeyID: "AKIDUNKNOWN000000000", SecretAccessKey: "whatever"}
	wrongSecret := f0.srv.Credentials()
	wrongSecret.SecretAccessKey = "not-the-secret"
	tests := []struct {
		name      string
		edit      func(f *fixture, r *rawReq)
		exception string
		msg       string
	}{
		{"no Authorization header", func(f *fixture, r *rawReq) { r.unsigned = true },
			MissingAuthenticationTokenException, "Missing Authentication Token"},
		{"garbled Authorization", func(f *fixture, r *rawReq) {
			r.mutate = func(req *http.Request) { req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=x") }
		}, IncompleteSignatureException, "requires 'Signature' parameter"},
		{"unknown access key", func(f *fixture, r *rawReq) { r.creds = &unknown },
			UnrecognizedClientException, "The security token included in the request is invalid."},
		{"wrong secret", func(f *fixture, r *rawReq) { r.creds = &wrongSecret },
			InvalidSignatureException, "does not match the signature you provided"},
		{"tampered signature", func(f *fixture, r *rawReq) {
			r.mutate = func(req *http.Request) {
				a := req.Header.Get("Authorization")
				last := a[len(a)-1]
				repl := byte('0')
				if last == '0' {
					repl = '1'
				}
				req.Header.Set("Authorization", a[:len(a)-1]+string(repl))
			}
		}, InvalidSignatureException, "does not match the signature you provided"},
		{"bearer changed after signing", func(f *fixture, r *rawReq) {
			r.mutate = func(req *http.Request) { req.Header.Set("X-Amz-Chime-Bearer", f.other) }
		}, InvalidSignatureException, "does not match"},
		{"signed 6 minutes ago", func(f *fixture, r *rawReq) { r.at = f.clock.Now().Add(-6 * time.Minute) },
			InvalidSignatureException, "Signature expired"},
		{"signed 6 minutes ahead", func(f *fixture, r *rawReq) { r.at = f.clock.Now().Add(6 * time.Minute) },
			InvalidSignatureException, "Signature not yet current"},
		{"scope names another service", func(f *fixture, r *rawReq) { r.service = "messaging-chime" },
			InvalidSignatureException, "scoped to correct service: 'chime'"},
		{"scope names another region", func(f *fixture, r *rawReq) { r.region = "eu-central-1" },
			InvalidSignatureException, "scoped to a valid region: 'us-east-1'"},
		{"unexpected session token", func(f *fixture, r *rawReq) {
			c := f.srv.Credentials()
			c.SessionToken = "some-token"
			r.creds = &c
		}, UnrecognizedClientException, "security token included in the request is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			r := f.put(f.member, f.member, filteredBody)
			tt.edit(f, &r)
			resp, body := f.do(t, r)
			assertAPIError(t, resp, body, http.StatusForbidden, tt.exception, "AccessDenied", tt.msg)
			p, err := f.srv.Preferences(f.ch, f.member)
			require.NoError(t, err)
			assert.Nil(t, p)
		})
	}
}

func TestBodyTamperedAfterSigning(t *testing.T) {
	f := setup(t)
	req, err := f.build(f.put(f.member, f.member, filteredBody))
	require.NoError(t, err)
	other := strings.Replace(filteredBody, "FILTERED", "NONE\x20\x20\x20\x20", 1)
	require.Len(t, other, len(filteredBody))
	req2, err := http.NewRequest(req.Method, req.URL.String(), strings.NewReader(other))
	require.NoError(t, err)
	req2.Header = req.Header
	resp, err := f.hc.Do(req2)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Equal(t, InvalidSignatureException, resp.Header.Get("X-Amzn-ErrorType"))
}

func TestClockSkewWithinFiveMinutes(t *testing.T) {
	for _, d := range []time.Duration{-4*time.Minute - 59*time.Second, 4*time.Minute + 59*time.Second} {
		f := setup(t)
		r := f.put(f.member, f.member, filteredBody)
		r.at = f.clock.Now().Add(d)
		resp, body := f.do(t, r)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "skew %v: %s", d, body)
	}
}

func TestSessionToken(t *testing.T) {
	opt := WithCredentials("AKIDTEMP000000000000", "temp-secret", "the-session-token")
	tests := []struct {
		name      string
		token     string
		unsign    bool
		status    int
		exception string
	}{
		{"right token", "the-session-token", false, 200, ""},
		{"no token", "", false, 403, UnrecognizedClientException},
		{"wrong token", "another-token", false, 403, UnrecognizedClientException},
		{"right token, not signed", "the-session-token", true, 403, IncompleteSignatureException},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t, opt)
			c := f.srv.Credentials()
			c.SessionToken = tt.token
			r := f.put(f.member, f.member, filteredBody)
			if tt.unsign {
				c.SessionToken = ""
				r.mutate = func(req *http.Request) { req.Header.Set("X-Amz-Security-Token", tt.token) }
			}
			r.creds = &c
			resp, body := f.do(t, r)
			assert.Equal(t, tt.status, resp.StatusCode, "body %s", body)
			assert.Equal(t, tt.exception, resp.Header.Get("X-Amzn-ErrorType"))
			assert.NotContains(t, string(body), "the-session-token")
		})
	}
}

// TestSessionTokenDecoySignedHeaders sends the right session token without
// signing it, plus a decoy SignedHeaders list that names it: the verifier
// and the token check read one parsed header, so the decoy is refused
// instead of satisfying "the token must be signed".
func TestSessionTokenDecoySignedHeaders(t *testing.T) {
	f := setup(t, WithCredentials("AKIDTEMP000000000000", "temp-secret", "the-session-token"))
	c := f.srv.Credentials()
	c.SessionToken = "" // signed without the token
	for _, decoyFirst := range []bool{true, false} {
		r := f.put(f.member, f.member, filteredBody)
		r.creds = &c
		r.mutate = func(req *http.Request) {
			req.Header.Set("X-Amz-Security-Token", "the-session-token")
			auth := req.Header.Get("Authorization")
			decoy := "SignedHeaders=host;x-amz-chime-bearer;x-amz-date;x-amz-security-token"
			if decoyFirst {
				alg, rest, _ := strings.Cut(auth, " ")
				req.Header.Set("Authorization", alg+" "+decoy+", "+rest)
			} else {
				req.Header.Set("Authorization", auth+", "+decoy)
			}
		}
		resp, body := f.do(t, r)
		assertAPIError(t, resp, body, http.StatusForbidden, IncompleteSignatureException, "AccessDenied", "parameter 'SignedHeaders' appears more than once")
		p, err := f.srv.Preferences(f.ch, f.member)
		require.NoError(t, err)
		assert.Nil(t, p, "decoy first: %v", decoyFirst)
	}
}
