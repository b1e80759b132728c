package sigv4

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verifyNow is the server's clock in the round-trip tests; requests are
// signed at this time unless a case says otherwise.
var verifyNow = time.Date(2024, 1, 1, 0, 10, 0, 0, time.UTC)

var hex64 = regexp.MustCompile(`[0-9a-f]{64}`)

// verifyServer is an httptest server on 127.0.0.1 that verifies each
// request and reports the outcome in X-Verify-Kind and the body.
func verifyServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := New()
	lookup := func(id string) (string, bool) {
		if id == testAccessKey {
			return testSecret, true
		}
		return "", false
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		err = s.Verify(r, payloadHashOf(string(body)), "chime", "us-east-1", verifyNow, 5*time.Minute, lookup)
		w.Header().Set("X-Request-Uri", r.RequestURI)
		var ve *VerifyError
		switch {
		case err == nil:
			w.Header().Set("X-Verify-Kind", "0")
		case errors.As(err, &ve):
			w.Header().Set("X-Verify-Kind", strconv.Itoa(int(ve.Kind)))
			_, _ = io.WriteString(w, ve.Message)
		default:
			http.Error(w, "unexpected error type", http.StatusInternalServerError)
		}
	}))
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func TestVerifyRoundTrip(t *testing.T) {
	srv := verifyServer(t)
	client := srv.Client()
	client.Timeout = 10 * time.Second

	tests := []struct {
		name     string
		creds    Keys
		signAt   time.Time
		service  string
		region   string
		query    string
		before   func(r *http.Request) // before signing
		after    func(r *http.Request) // after signing, before sending
		wantKind VerifyErrorKind       // 0 = verified
		wantMsg  string                // exact message when set
	}{
		{name: "valid"},
		{name: "valid with session token", creds: testCreds(testToken)},
		{name: "valid with query", query: "b=2&a=x%20y&a=1&flag"},
		{name: "valid with unsigned user agent changed", after: func(r *http.Request) { r.Header.Set("User-Agent", "proxy/1.0") }},
		{name: "valid within skew", signAt: verifyNow.Add(-4 * time.Minute)},
		{name: "no authorization", after: func(r *http.Request) { r.Header.Del("Authorization") }, wantKind: VerifyMalformed,
			wantMsg: "Missing Authentication Token"},
		{name: "wrong algorithm", after: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), Algorithm, "AWS4-HMAC-SHA512", 1))
		}, wantKind: VerifyMalformed},
		{name: "no signature parameter", after: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ", Signature=")])
		}, wantKind: VerifyMalformed, wantMsg: "Authorization header requires 'Signature' parameter."},
		{name: "duplicate SignedHeaders", after: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			i := strings.Index(a, ", Signature=")
			r.Header.Set("Authorization", a[:i]+", SignedHeaders=host;x-amz-security-token"+a[i:])
		}, wantKind: VerifyMalformed, wantMsg: "Authorization header is malformed: parameter 'SignedHeaders' appears more than once."},
		{name: "duplicate Signature", after: func(r *http.Request) {
			r.Header.Set("Authorization", r.Header.Get("Authorization")+", Signature=00")
		}, wantKind: VerifyMalformed, wantMsg: "Authorization header is malformed: parameter 'Signature' appears more than once."},
		{name: "duplicate Credential", after: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			_, rest, _ := strings.Cut(a, " ")
			cred, _, _ := strings.Cut(rest, ",")
			r.Header.Set("Authorization", a+", "+cred)
		}, wantKind: VerifyMalformed, wantMsg: "Authorization header is malformed: parameter 'Credential' appears more than once."},
		{name: "garbled credential", after: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/chime/", "/us-east-1-chime/", 1))
		}, wantKind: VerifyMalformed},
		{name: "host not signed", after: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "host;", "", 1))
		}, wantKind: VerifyMalformed},
		{name: "no x-amz-date", after: func(r *http.Request) { r.Header.Del("X-Amz-Date") }, wantKind: VerifyMalformed,
			wantMsg: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."},
		{name: "garbled x-amz-date", after: func(r *http.Request) { r.Header.Set("X-Amz-Date", "2024-01-01T00:10:00Z") }, wantKind: VerifyMalformed},
		{name: "unknown access key", creds: Keys{AccessKeyID: "AKIDUNKNOWN", SecretAccessKey: testSecret},
			wantKind: VerifyUnknownAccessKey, wantMsg: "The security token included in the request is invalid."},
		{name: "wrong secret", creds: Keys{AccessKeyID: testAccessKey, SecretAccessKey: "not-the-secret"},
			wantKind: VerifySignatureMismatch},
		{name: "signed header changed", after: func(r *http.Request) { r.Header.Set("X-Amz-Chime-Bearer", "arn:aws:chime:other") },
			wantKind: VerifySignatureMismatch},
		{name: "path changed", after: func(r *http.Request) {
			r.URL.RawPath = strings.Replace(r.URL.RawPath, "user-1", "user-2", 1)
			r.URL.Path = strings.Replace(r.URL.Path, "user-1", "user-2", 1)
		}, wantKind: VerifySignatureMismatch},
		{name: "query added", after: func(r *http.Request) { r.URL.RawQuery = "x=1" }, wantKind: VerifySignatureMismatch},
		{name: "body changed", after: func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(exampleBody, "ALL", "NON", 1)))
		}, wantKind: VerifySignatureMismatch},
		{name: "expired", signAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), wantKind: VerifyExpired,
			wantMsg: "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)"},
		{name: "not yet current", signAt: verifyNow.Add(6 * time.Minute), wantKind: VerifyExpired,
			wantMsg: "Signature not yet current: 20240101T001600Z is still later than 20240101T001500Z (20240101T001000Z + 5 min.)"},
		{name: "wrong region", region: "us-west-2", wantKind: VerifyWrongScope,
			wantMsg: "Credential should be scoped to a valid region: 'us-east-1', not 'us-west-2'."},
		{name: "wrong service", service: "messaging-chime", wantKind: VerifyWrongScope,
			wantMsg: "Credential should be scoped to correct service: 'chime', not 'messaging-chime'."},
		{name: "scope date differs from x-amz-date", after: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20231231T235959Z") },
			wantKind: VerifyWrongScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.creds.AccessKeyID == "" {
				tt.creds = testCreds("")
			}
			if tt.signAt.IsZero() {
				tt.signAt = verifyNow
			}
			if tt.service == "" {
				tt.service = "chime"
			}
			if tt.region == "" {
				tt.region = "us-east-1"
			}
			req := newExampleRequest(t, srv.URL)
			req.URL.RawQuery = tt.query
			if tt.before != nil {
				tt.before(req)
			}
			require.NoError(t, New().SignHTTP(req, tt.creds, payloadHashOf(exampleBody), tt.service, tt.region, tt.signAt))
			auth := req.Header.Get("Authorization")
			if tt.after != nil {
				tt.after(req)
			}
			resp, err := client.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			msg, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(msg))

			assert.Equal(t, strconv.Itoa(int(tt.wantKind)), resp.Header.Get("X-Verify-Kind"), "kind; message: %s", msg)
			assert.Contains(t, resp.Header.Get("X-Request-Uri"), "app-instance%2F", "labels travel %2F-encoded")
			if tt.wantMsg != "" {
				assert.Equal(t, tt.wantMsg, string(msg))
			}
			assert.NotContains(t, string(msg), testSecret)
			assert.NotContains(t, string(msg), tt.creds.SecretAccessKey)
			if auth != "" {
				assert.NotContains(t, string(msg), auth)
			}
			assert.False(t, hex64.MatchString(string(msg)), "no signature in the message: %s", msg)
		})
	}
}

func TestVerifyClientSideRequest(t *testing.T) {
	// Verify also accepts a client-built request (no RequestURI, no
	// Content-Length header): the fake may be driven by an in-memory
	// transport.
	s := New()
	req := newExampleRequest(t, "https://"+exampleHost)
	hash := payloadHashOf(exampleBody)
	require.NoError(t, s.SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", verifyNow))
	lookup := func(string) (string, bool) { return testSecret, true }
	assert.NoError(t, s.Verify(req, hash, "chime", "us-east-1", verifyNow, 0, lookup))
	err := s.Verify(req, EmptyPayloadHash, "chime", "us-east-1", verifyNow, 0, lookup)
	var ve *VerifyError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, VerifySignatureMismatch, ve.Kind)
	assert.Equal(t, ve.Message, ve.Error())
	assert.Equal(t, "VerifySignatureMismatch", ve.Kind.String())
}

func TestRequestTimeFromDateHeader(t *testing.T) {
	h := http.Header{"Date": {"Mon, 01 Jan 2024 00:10:00 GMT"}}
	tm, iso, err := requestTime(h)
	require.NoError(t, err)
	assert.Equal(t, verifyNow, tm.UTC())
	assert.Equal(t, "20240101T001000Z", string(iso))

	_, _, err = requestTime(http.Header{"Date": {"yesterday"}})
	var ve *VerifyError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, VerifyMalformed, ve.Kind)
}

func TestVerifyErrorKindString(t *testing.T) {
	for k, want := range map[VerifyErrorKind]string{
		VerifyMalformed: "VerifyMalformed", VerifyUnknownAccessKey: "VerifyUnknownAccessKey",
		VerifySignatureMismatch: "VerifySignatureMismatch", VerifyExpired: "VerifyExpired",
		VerifyWrongScope: "VerifyWrongScope", 0: "VerifyErrorKind(0)",
	} {
		assert.Equal(t, want, k.String())
	}
}

// TestVerifyRequestSignedHeadersDecoy checks that a decoy SignedHeaders
// list cannot satisfy a later "is this header signed" check: a request
// with two lists is refused, and an accepted request reports the one list
// its signature covers.
func TestVerifyRequestSignedHeadersDecoy(t *testing.T) {
	s := New()
	lookup := func(string) (string, bool) { return testSecret, true }
	hash := payloadHashOf(exampleBody)

	req := newExampleRequest(t, "https://"+exampleHost)
	require.NoError(t, s.SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", verifyNow))
	req.Header.Set("X-Amz-Security-Token", testToken) // added after signing: not covered
	v, err := s.VerifyRequest(req, hash, "chime", "us-east-1", verifyNow, 0, lookup)
	require.NoError(t, err, "an unsigned extra header does not break the signature")
	assert.False(t, v.Signs("X-Amz-Security-Token"), "the token is not among the signed headers")
	assert.True(t, v.Signs("HOST"), "names compare case-insensitively")
	assert.Equal(t, testAccessKey, v.AccessKeyID)

	for _, decoyFirst := range []bool{true, false} {
		auth := req.Header.Get("Authorization")
		_, rest, _ := strings.Cut(auth, " ")
		decoy := "SignedHeaders=host;x-amz-security-token"
		var forged string
		if decoyFirst {
			forged = Algorithm + " " + decoy + ", " + rest
		} else {
			forged = auth + ", " + decoy
		}
		r2 := req.Clone(req.Context())
		r2.Header.Set("Authorization", forged)
		v, err := s.VerifyRequest(r2, hash, "chime", "us-east-1", verifyNow, 0, lookup)
		var ve *VerifyError
		require.ErrorAs(t, err, &ve, "decoy first: %v", decoyFirst)
		assert.Equal(t, VerifyMalformed, ve.Kind)
		assert.Contains(t, ve.Message, "'SignedHeaders' appears more than once")
		assert.Nil(t, v)
	}
}
