package sigv4

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const suiteDir = "testdata/sigv4"

// suiteContext is a case's context.json.
type suiteContext struct {
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		Token           string `json:"token"`
	} `json:"credentials"`
	Region           string    `json:"region"`
	Service          string    `json:"service"`
	Timestamp        time.Time `json:"timestamp"`
	Normalize        bool      `json:"normalize"`
	SignBody         bool      `json:"sign_body"`
	OmitSessionToken bool      `json:"omit_session_token"`
}

// suiteRequest is a parsed request.txt.
type suiteRequest struct {
	method, path, rawQuery string
	header                 http.Header // in file order for repeated keys
	body                   string
}

// parseSuiteRequest parses the suite's request format: a request line whose
// target may contain spaces, "Name:value" header lines where a line starting
// with whitespace continues the previous value (obs-fold, replaced by a
// space as RFC 9112 asks), a blank line, then the body.
func parseSuiteRequest(t *testing.T, raw string) suiteRequest {
	t.Helper()
	head, body, _ := strings.Cut(raw, "\n\n")
	lines := strings.Split(head, "\n")
	first := lines[0]
	sp1, sp2 := strings.IndexByte(first, ' '), strings.LastIndexByte(first, ' ')
	require.True(t, sp1 > 0 && sp2 > sp1, "request line %q", first)
	target := first[sp1+1 : sp2]
	r := suiteRequest{method: first[:sp1], header: http.Header{}, body: body}
	r.path, r.rawQuery, _ = strings.Cut(target, "?")

	var lastKey string
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			require.NotEmpty(t, lastKey, "continuation line before any header")
			vs := r.header[lastKey]
			vs[len(vs)-1] += " " + line
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		require.True(t, ok, "header line %q", line)
		lastKey = http.CanonicalHeaderKey(name)
		r.header.Add(lastKey, value)
	}
	return r
}

func readSuiteFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	return string(b)
}

// signedRequestLine returns the value of the named header line in
// header-signed-request.txt.
func signedRequestLine(t *testing.T, signed, name string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(signed))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.EqualFold(k, name) {
			return v
		}
	}
	require.Failf(t, "missing header line", "%s not in header-signed-request.txt", name)
	return ""
}

// TestSuite runs every case of the AWS SigV4 test suite (header signing).
//
// Mapping of the suite onto this package:
//   - The suite's request path is used as the on-the-wire path, the value
//     SignHTTP takes from URL.EscapedPath(), and goes through the same
//     encoder (so "/example space/" and "/ሴ" are encoded once, to %20 and
//     %E1%88%B4, as the suite expects);
//   - normalize=true sets Request.NormalizePath;
//   - sign_body=true hashes the body and, as aws-c-auth's runner does for
//     these cases, adds the hash as an X-Amz-Content-Sha256 header (it shows
//     up in header-signed-request.txt and in the signed headers);
//     otherwise the payload hash is EmptyPayloadHash;
//   - omit_session_token=true sets Request.OmitSessionToken.
//
// Each case checks Compute byte for byte; where the case's request can be
// expressed as an *http.Request unchanged (a valid escaped path, no
// normalisation needed, session token signed), SignHTTP's Authorization
// header is checked as well.
func TestSuite(t *testing.T) {
	entries, err := os.ReadDir(suiteDir)
	require.NoError(t, err)
	cases := 0
	signHTTPChecked := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cases++
		dir := filepath.Join(suiteDir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			var ctx suiteContext
			require.NoError(t, json.Unmarshal([]byte(readSuiteFile(t, dir, "context.json")), &ctx))
			sreq := parseSuiteRequest(t, readSuiteFile(t, dir, "request.txt"))
			creds := Keys{
				AccessKeyID:     ctx.Credentials.AccessKeyID,
				SecretAccessKey: ctx.Credentials.SecretAccessKey,
				SessionToken:    ctx.Credentials.Token,
			}
			payloadHash := EmptyPayloadHash
			if ctx.SignBody {
				sum := sha256.Sum256([]byte(sreq.body))
				payloadHash = hex.EncodeToString(sum[:])
				sreq.header.Set("X-Amz-Content-Sha256", payloadHash)
			}
			host := sreq.header.Get("Host")
			sreq.header.Del("Host")
			var contentLength int64
			if v := sreq.header.Get("Content-Length"); v != "" {
				contentLength, err = strconv.ParseInt(v, 10, 64)
				require.NoError(t, err)
				require.Equal(t, int64(len(sreq.body)), contentLength, "Content-Length vs body")
				sreq.header.Del("Content-Length")
			}

			r := &Request{
				Method: sreq.method, Host: host, Path: sreq.path, RawQuery: sreq.rawQuery,
				Header: sreq.header, ContentLength: contentLength,
				NormalizePath: ctx.Normalize, OmitSessionToken: ctx.OmitSessionToken,
			}
			res, err := New().Compute(r, creds, payloadHash, ctx.Service, ctx.Region, ctx.Timestamp)
			require.NoError(t, err)

			signed := readSuiteFile(t, dir, "header-signed-request.txt")
			assert.Equal(t, readSuiteFile(t, dir, "header-canonical-request.txt"), res.CanonicalRequest, "canonical request")
			assert.Equal(t, readSuiteFile(t, dir, "header-string-to-sign.txt"), res.StringToSign, "string to sign")
			assert.Equal(t, readSuiteFile(t, dir, "header-signature.txt"), res.Signature, "signature")
			assert.Equal(t, signedRequestLine(t, signed, "Authorization"), res.Authorization, "Authorization header")
			assert.Equal(t, signedRequestLine(t, signed, "X-Amz-Date"), res.AmzDate, "X-Amz-Date header")
			if creds.SessionToken != "" {
				assert.Equal(t, creds.SessionToken, signedRequestLine(t, signed, "X-Amz-Security-Token"),
					"the token is sent whether or not it is signed")
			}

			// The same case through SignHTTP, when it is expressible as-is.
			u := &url.URL{Scheme: "https", Host: host, RawQuery: sreq.rawQuery}
			if p, err := url.PathUnescape(sreq.path); err == nil {
				u.Path, u.RawPath = p, sreq.path
			}
			if u.EscapedPath() != sreq.path || (ctx.Normalize && normalizePath(sreq.path) != sreq.path) || ctx.OmitSessionToken {
				return
			}
			signHTTPChecked++
			hreq := &http.Request{Method: sreq.method, URL: u, Host: host, Header: sreq.header.Clone(),
				ContentLength: contentLength}
			require.NoError(t, New().SignHTTP(hreq, creds, payloadHash, ctx.Service, ctx.Region, ctx.Timestamp))
			assert.Equal(t, []string{res.Authorization}, hreq.Header.Values("Authorization"), "SignHTTP Authorization")
			assert.Equal(t, []string{res.AmzDate}, hreq.Header.Values("X-Amz-Date"), "SignHTTP X-Amz-Date")
		})
	}
	assert.Equal(t, 38, cases, "the suite has 38 cases")
	t.Logf("%d cases checked with Compute, %d of them also with SignHTTP", cases, signHTTPChecked)
}
