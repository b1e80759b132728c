package credentials

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// signSTS signs an STS query-protocol POST with Signature Version 4
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
// service name "sts".
//
// The module's signer (internal/sigv4) imports this package for the
// Credentials type, so this package cannot import it back; this is the
// one-request subset it needs: a POST with a form body, no query, and the
// signed headers content-type, host, x-amz-date and, for temporary
// credentials, x-amz-security-token. A test verifies its signatures with
// internal/sigv4.
func signSTS(req *http.Request, body []byte, creds Credentials, region string, now time.Time) {
	amzDate := now.UTC().Format("20060102T150405Z")
	day := amzDate[:8]
	req.Header.Set("X-Amz-Date", amzDate)
	signed := "content-type;host;x-amz-date"
	if creds.SessionToken != "" {
		req.Header.Set("X-Amz-Security-Token", creds.SessionToken)
		signed += ";x-amz-security-token"
	}
	path := req.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	// Every service but S3 encodes the already escaped path once more.
	path = strings.ReplaceAll(path, "%", "%25")
	payload := sha256.Sum256(body)
	cr := make([]byte, 0, 512)
	for _, s := range []string{"POST\n", path, "\n\ncontent-type:", req.Header.Get("Content-Type"), "\nhost:", req.URL.Host, "\nx-amz-date:", amzDate, "\n"} {
		cr = append(cr, s...)
	}
	if creds.SessionToken != "" {
		cr = append(append(append(cr, "x-amz-security-token:"...), creds.SessionToken...), '\n')
	}
	cr = append(append(append(append(cr, '\n'), signed...), '\n'), hex.EncodeToString(payload[:])...)
	crHash := sha256.Sum256(cr)
	scope := day + "/" + region + "/sts/aws4_request"
	key := []byte("AWS4" + creds.SecretAccessKey)
	for _, part := range []string{day, region, "sts", "aws4_request", "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(crHash[:])} {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(part))
		key = m.Sum(nil)
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+creds.AccessKeyID+"/"+scope+", SignedHeaders="+signed+", Signature="+hex.EncodeToString(key))
}
