package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/internal/rfc3986"
)

// An example PutChannelMembershipPreferences request: its path labels
// percent-encoded once as the client sends them, and once more in the
// canonical URI, as SigV4 encodes the path of every service but S3 ("Create
// a canonical request" in the IAM User Guide's Signature Version 4 pages).
const (
	exampleHost        = "messaging-chime.us-east-1.amazonaws.com"
	exampleChannelArn  = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/channel/aaaabbbbccccdddd"
	exampleMemberArn   = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/user/user-1"
	exampleEscapedPath = "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fchannel%2Faaaabbbbccccdddd" +
		"/memberships/arn%3Aaws%3Achime%3Aus-east-1%3A111122223333%3Aapp-instance%2F11112222-3333-4444-5555-666677778888%2Fuser%2Fuser-1/preferences"
	exampleCanonicalURI = "/channels/arn%253Aaws%253Achime%253Aus-east-1%253A111122223333%253Aapp-instance%252F11112222-3333-4444-5555-666677778888%252Fchannel%252Faaaabbbbccccdddd" +
		"/memberships/arn%253Aaws%253Achime%253Aus-east-1%253A111122223333%253Aapp-instance%252F11112222-3333-4444-5555-666677778888%252Fuser%252Fuser-1/preferences"
	exampleBody   = `{"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`
	testAccessKey = "AKIDEXAMPLE"
	testSecret    = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testToken     = "FQoGZXIvYXdzEXAMPLETOKEN"
)

var exampleTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func testCreds(token string) Keys {
	return Keys{AccessKeyID: testAccessKey, SecretAccessKey: testSecret, SessionToken: token}
}

func payloadHashOf(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// newExampleRequest builds the §2.5 request as the client does: escaped
// labels in RawPath, decoded ones in Path.
func newExampleRequest(t testing.TB, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, rawURL, strings.NewReader(exampleBody))
	require.NoError(t, err)
	req.URL.Path = "/channels/" + exampleChannelArn + "/memberships/" + exampleMemberArn + "/preferences"
	req.URL.RawPath = exampleEscapedPath
	require.Equal(t, exampleEscapedPath, req.URL.EscapedPath())
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Chime-Bearer", exampleMemberArn)
	req.Header.Set("User-Agent", "chimekit/0.1 ua/2.1 api/chimesdkmessaging#0.1")
	req.Header.Set("Amz-Sdk-Invocation-Id", "6a4b2b0e-0000-4000-8000-000000000001")
	req.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	req.Header.Set("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000")
	req.Header.Set("Expect", "100-continue")
	return req
}

// parseAuth splits an Authorization value into its parameters.
func parseAuth(t *testing.T, auth string) map[string]string {
	t.Helper()
	alg, rest, ok := strings.Cut(auth, " ")
	require.True(t, ok)
	require.Equal(t, Algorithm, alg)
	out := map[string]string{}
	for _, p := range strings.Split(rest, ", ") {
		k, v, ok := strings.Cut(p, "=")
		require.True(t, ok, p)
		out[k] = v
	}
	return out
}

func TestSignHTTPProtocolExample(t *testing.T) {
	s := New()
	req := newExampleRequest(t, "https://"+exampleHost)
	require.NoError(t, s.SignHTTP(req, testCreds(testToken), payloadHashOf(exampleBody), "chime", "us-east-1", exampleTime))

	assert.Equal(t, []string{"20240101T000000Z"}, req.Header.Values("X-Amz-Date"))
	assert.Equal(t, []string{testToken}, req.Header.Values("X-Amz-Security-Token"))
	auths := req.Header.Values("Authorization")
	require.Len(t, auths, 1)
	p := parseAuth(t, auths[0])
	assert.Equal(t, testAccessKey+"/20240101/us-east-1/chime/aws4_request", p["Credential"])
	assert.Equal(t, "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-chime-bearer;x-amz-date;x-amz-security-token",
		p["SignedHeaders"], "User-Agent, X-Amzn-Trace-Id and Expect are not signed; the token is")
	assert.Regexp(t, "^[0-9a-f]{64}$", p["Signature"])

	// Compute on the same request shows the double-encoded canonical URI
	// and agrees with SignHTTP.
	h := req.Header.Clone()
	h.Del("Authorization")
	res, err := s.Compute(&Request{Method: req.Method, Host: req.URL.Host, Path: req.URL.EscapedPath(), Header: h,
		ContentLength: req.ContentLength}, testCreds(testToken), payloadHashOf(exampleBody), "chime", "us-east-1", exampleTime)
	require.NoError(t, err)
	lines := strings.Split(res.CanonicalRequest, "\n")
	assert.Equal(t, "PUT", lines[0])
	assert.Equal(t, exampleCanonicalURI, lines[1])
	assert.Equal(t, "", lines[2], "no query")
	assert.Contains(t, lines, "content-length:66")
	assert.Contains(t, lines, "host:"+exampleHost)
	assert.Contains(t, lines, "amz-sdk-request:attempt=1; max=3")
	assert.Equal(t, payloadHashOf(exampleBody), lines[len(lines)-1])
	assert.Equal(t, auths[0], res.Authorization)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", res, res, res), res.Signature, "Result must not print the signature")
}

func TestSignHTTPFreshSignatureEachCall(t *testing.T) {
	s := New()
	req := newExampleRequest(t, "https://"+exampleHost)
	hash := payloadHashOf(exampleBody)
	require.NoError(t, s.SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", exampleTime))
	first := req.Header.Get("Authorization")
	require.NoError(t, s.SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", exampleTime.Add(time.Second)))
	second := req.Header.Get("Authorization")
	assert.NotEqual(t, parseAuth(t, first)["Signature"], parseAuth(t, second)["Signature"])
	assert.Equal(t, []string{"20240101T000001Z"}, req.Header.Values("X-Amz-Date"))
	require.NoError(t, s.SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", exampleTime))
	assert.Equal(t, first, req.Header.Get("Authorization"), "same inputs, same signature (the key cache changes nothing)")
}

func TestSignHTTPReplacesOwnHeaders(t *testing.T) {
	hash := payloadHashOf(exampleBody)
	req := newExampleRequest(t, "https://"+exampleHost)
	req.Header.Set("Authorization", "Bearer stale")
	req.Header.Add("Authorization", "AWS4-HMAC-SHA256 stale")
	req.Header.Set("X-Amz-Date", "19990101T000000Z")
	req.Header["x-amz-date"] = []string{"19990101T000000Z"} // non-canonical spelling
	req.Header.Set("X-Amz-Security-Token", "stale-token")

	require.NoError(t, New().SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", exampleTime))
	assert.Len(t, req.Header.Values("Authorization"), 1)
	assert.Equal(t, []string{"20240101T000000Z"}, req.Header.Values("X-Amz-Date"))
	assert.NotContains(t, req.Header, "x-amz-date")
	assert.NotContains(t, req.Header, "X-Amz-Security-Token", "a stale token is removed when the credentials have none")
	signed := parseAuth(t, req.Header.Get("Authorization"))["SignedHeaders"]
	assert.Equal(t, "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-chime-bearer;x-amz-date", signed)

	// Re-signing with a token (a retry with refreshed credentials) replaces it.
	require.NoError(t, New().SignHTTP(req, testCreds("new-token"), hash, "chime", "us-east-1", exampleTime))
	assert.Equal(t, []string{"new-token"}, req.Header.Values("X-Amz-Security-Token"))
	assert.Len(t, req.Header.Values("Authorization"), 1)
}

func TestSignHTTPHost(t *testing.T) {
	req := newExampleRequest(t, "https://"+exampleHost)
	req.Host = "proxy.example:8443"
	require.NoError(t, New().SignHTTP(req, testCreds(""), EmptyPayloadHash, "chime", "us-east-1", exampleTime))
	h := req.Header.Clone()
	h.Del("Authorization")
	res, err := New().Compute(&Request{Method: "PUT", Host: "proxy.example:8443", Path: exampleEscapedPath, Header: h,
		ContentLength: req.ContentLength}, testCreds(""), EmptyPayloadHash, "chime", "us-east-1", exampleTime)
	require.NoError(t, err)
	assert.Contains(t, res.CanonicalRequest, "\nhost:proxy.example:8443\n")
	assert.Equal(t, res.Authorization, req.Header.Get("Authorization"), "req.Host wins over URL.Host")
}

func TestSignHTTPErrors(t *testing.T) {
	good := testCreds("")
	tests := []struct {
		name           string
		req            *http.Request
		creds          Keys
		hash, svc, reg string
		want           string
	}{
		{"nil request", nil, good, EmptyPayloadHash, "chime", "us-east-1", "request or its URL is nil"},
		{"nil URL", &http.Request{}, good, EmptyPayloadHash, "chime", "us-east-1", "request or its URL is nil"},
		{"no access key", &http.Request{URL: &url.URL{Path: "/"}}, Keys{SecretAccessKey: testSecret}, EmptyPayloadHash, "chime", "us-east-1", "access key ID or secret"},
		{"no secret", &http.Request{URL: &url.URL{Path: "/"}}, Keys{AccessKeyID: testAccessKey}, EmptyPayloadHash, "chime", "us-east-1", "access key ID or secret"},
		{"no hash", &http.Request{URL: &url.URL{Path: "/"}}, good, "", "chime", "us-east-1", "payload hash is empty"},
		{"no service", &http.Request{URL: &url.URL{Path: "/"}}, good, EmptyPayloadHash, "", "us-east-1", "service name is empty"},
		{"no region", &http.Request{URL: &url.URL{Path: "/"}}, good, EmptyPayloadHash, "chime", "", "region is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New().SignHTTP(tt.req, tt.creds, tt.hash, tt.svc, tt.reg, exampleTime)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), testSecret)
		})
	}
}

func TestSignHTTPNilHeaderAndNoBody(t *testing.T) {
	req := &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: "https", Host: exampleHost}}
	require.NoError(t, New().SignHTTP(req, testCreds(""), EmptyPayloadHash, "chime", "us-east-1", exampleTime))
	assert.Equal(t, "host;x-amz-date", parseAuth(t, req.Header.Get("Authorization"))["SignedHeaders"],
		"content-length is signed only when positive")
}

func TestHMACMatchesCryptoHMAC(t *testing.T) {
	k := deriveKey(keyID{secret: testSecret, date: "20150830", region: "us-east-1", service: "iam"})
	// Known value from the AWS documentation's key-derivation example.
	assert.Equal(t, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", hex.EncodeToString(k.key[:]))
	for _, msg := range []string{"", "x", strings.Repeat("string to sign ", 40)} {
		buf := append(append([]byte{}, k.ipad[:]...), msg...)
		got := k.sign(buf)
		want := hmac.New(sha256.New, k.key[:])
		want.Write([]byte(msg))
		assert.Equal(t, want.Sum(nil), got[:], "len %d", len(msg))
	}
}

func TestAppendAmzDate(t *testing.T) {
	for _, tm := range []time.Time{
		exampleTime,
		time.Date(2015, 8, 30, 12, 36, 0, 999, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("x", -7*3600)),
	} {
		assert.Equal(t, tm.UTC().Format(amzDateLayout), string(appendAmzDate(nil, tm)))
	}
}

// TestAmzDate checks X-Amz-Date values whatever the time zone and
// sub-second part, also when goroutines sign at once.
func TestAmzDate(t *testing.T) {
	t0 := time.Date(2024, 2, 29, 23, 59, 59, 100, time.UTC)
	assert.Equal(t, "20240229T235959Z", amzDate(t0))
	assert.Equal(t, "20240229T235959Z", amzDate(t0.Add(800*time.Millisecond).In(time.FixedZone("x", 5*3600))))
	assert.Equal(t, "20240301T000000Z", amzDate(t0.Add(time.Second)), "next second, next day")

	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 500; i++ {
				tm := t0.Add(time.Duration(i%7) * time.Second)
				if got, want := amzDate(tm), tm.UTC().Format(amzDateLayout); got != want {
					t.Errorf("amzDate(%v) = %q, want %q", tm, got, want)
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"", ""},
		{"b=2&a=1", "a=1&b=2"},
		{"a=2&a=1", "a=1&a=2"},
		{"flag&x=", "flag=&x="},
		{"a=b+c&d=%7e%2f", "a=b%20c&d=~%2F"},
		{"bad=%zz&pct=%4", "bad=%25zz&pct=%254"},
		{"&&a=1&", "a=1"},
		{"k=a=b", "k=a%3Db"},
		// By key, then value: a key sorts before every longer key it begins.
		{"a-=1&a=2", "a=2&a-=1"},
		{"ab=1&a=2&a=10", "a=10&a=2&ab=1"},
		{"a%00b=1&a=2&a=%00", "a=%00&a=2&a%00b=1"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendCanonicalQuery(nil, tt.raw)), tt.raw)
	}
}

func TestNormalizePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"}, {"/", "/"}, {"//", "/"}, {"/./", "/"}, {"/a/./b", "/a/b"}, {"/a/b/../c/", "/a/c/"},
		{"/../..", "/"}, {"//a//b//", "/a/b/"}, {"/a%2Fb/..", "/"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, normalizePath(tt.in), tt.in)
	}
}

func TestHeaderValueFolding(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a  ", "a"}, {"a   b \t c", "a b c"}, {"", ""}, {" \t ", ""}, {`"a   b"`, `"a b"`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(appendTrimmed(nil, tt.in)), tt.in)
	}
}

func TestPrepareHeadersMergesSpellings(t *testing.T) {
	h := http.Header{"X-Foo": {"1"}, "x-foo": {"2"}, "Connection": {"close"}, "Te": {"trailers"}}
	in := canonicalInput{method: "GET", path: "/", headers: prepareHeaders(nil, h, "h", 0, &[3]string{"20240101T000000Z"}, ""), payloadHash: EmptyPayloadHash}
	b, signed := appendCanonicalRequest(nil, &in)
	assert.Equal(t, "host;x-amz-date;x-foo", string(b[signed.start:signed.end]), "hop-by-hop headers are not signed")
	assert.True(t, bytes.Contains(b, []byte("\nx-foo:1,2\n")) || bytes.Contains(b, []byte("\nx-foo:2,1\n")), string(b))
}

// assertCanonicalURLPath checks the one-pass canonical URI of u against
// encoding net/url's EscapedPath.
func assertCanonicalURLPath(t *testing.T, u *url.URL, msgAndArgs ...any) {
	t.Helper()
	assert.Equal(t, string(rfc3986.AppendEscaped(nil, u.EscapedPath(), true)), string(appendCanonicalURLPath(nil, u)), msgAndArgs...)
}

func TestCanonicalURLPathMatchesNetURL(t *testing.T) {
	raws := []string{"", "/", "/a%2Fb", "/a\"b", "/a<b>", "/a{b}", "/a|b", "/a\\b", "/a^b", "/a`b", "/a\x7fb", "/a\x80b", "/a%2fb", "/a b", "/a%20b", "/%", "/%4", "/%zz", "/a?b", "/ሴ", "/%E1%88%B4",
		"/a+b", "/!$&'()*+,;=:@[]", "/a#b", exampleEscapedPath, "/a%25b", "/a\x00b"}
	paths := []string{"", "/", "/a/b", "/a b", "/a%b", "/ሴ", "/a+b", "/!$&'()*+,;=:@[]", "/a#b", "/a\x00b", "*"}
	for _, raw := range raws {
		u, err := url.Parse("https://h" + raw)
		if err == nil {
			assertCanonicalURLPath(t, u, "parsed %q", raw)
		}
		if dec, err := url.PathUnescape(raw); err == nil {
			u := &url.URL{Path: dec, RawPath: raw}
			assertCanonicalURLPath(t, u, "raw %q path %q", raw, dec)
		}
		for _, p := range append(paths, raw) {
			u := &url.URL{Path: p, RawPath: raw}
			assertCanonicalURLPath(t, u, "raw %q path %q", raw, p)
		}
	}
}

func TestCanonicalURLPathEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		raw := "/x" + string([]byte{byte(c)}) + "y"
		u := &url.URL{Path: raw, RawPath: raw}
		assertCanonicalURLPath(t, u, "byte %#x", c)
		enc := "/x%" + strings.ToUpper(hex.EncodeToString([]byte{byte(c)})) + "y"
		u = &url.URL{Path: raw, RawPath: enc}
		assertCanonicalURLPath(t, u, "escaped byte %#x", c)
	}
}

// FuzzCanonicalURLPath checks the one-pass canonical URI against encoding
// net/url's EscapedPath for any pair of Path and RawPath.
func FuzzCanonicalURLPath(f *testing.F) {
	f.Add(exampleEscapedPath, "")
	f.Add("/a%2Fb", "/a/b")
	f.Add("/a:b@c", "/a:b@c")
	f.Add("/%e1%88%b4", "/ሴ")
	f.Add("/a%zz", "/a%zz")
	f.Fuzz(func(t *testing.T, raw, path string) {
		if path == "" {
			if dec, err := url.PathUnescape(raw); err == nil {
				path = dec
			}
		}
		u := &url.URL{Path: path, RawPath: raw}
		want := string(rfc3986.AppendEscaped(nil, u.EscapedPath(), true))
		if got := string(appendCanonicalURLPath([]byte("prefix"), u)); got != "prefix"+want {
			t.Fatalf("raw %q path %q: got %q, want %q", raw, path, got, "prefix"+want)
		}
	})
}

// TestSignerFormatHidesKeys: no fmt verb prints the key cache, whose keys
// hold secret access keys.
func TestSignerFormatHidesKeys(t *testing.T) {
	s := New()
	req := newExampleRequest(t, "https://"+exampleHost)
	require.NoError(t, s.SignHTTP(req, testCreds(""), payloadHashOf(exampleBody), "chime", "us-east-1", exampleTime))
	holder := struct{ signer *Signer }{s}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%t", "%d"} {
		for _, v := range []any{s, holder, []any{s}} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, testCreds("").SecretAccessKey, "%s of %T", verb, v)
		}
	}
}
