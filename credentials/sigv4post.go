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
	t := now.UTC()
	amzDate := t.Format("20060102T150405Z")
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
	var cr strings.Builder
	cr.WriteString("POST\n" + path + "\n\n")
	cr.WriteString("content-type:" + req.Header.Get("Content-Type") + "\n")
	cr.WriteString("host:" + req.URL.Host + "\n")
	cr.WriteString("x-amz-date:" + amzDate + "\n")
	if creds.SessionToken != "" {
		cr.WriteString("x-amz-security-token:" + creds.SessionToken + "\n")
	}
	cr.WriteString("\n" + signed + "\n" + hex.EncodeToString(payload[:]))
	crHash := sha256.Sum256([]byte(cr.String()))
	scope := day + "/" + region + "/sts/aws4_request"
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(crHash[:])
	key := hmacSum([]byte("AWS4"+creds.SecretAccessKey), day)
	for _, part := range []string{region, "sts", "aws4_request"} {
		key = hmacSum(key, part)
	}
	sig := hex.EncodeToString(hmacSum(key, toSign))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+creds.AccessKeyID+"/"+scope+", SignedHeaders="+signed+", Signature="+sig)
}

func hmacSum(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
