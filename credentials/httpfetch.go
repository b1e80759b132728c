package credentials

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// HTTPClient sends one HTTP request. *http.Client satisfies it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// maxCredentialsBody bounds how much of an endpoint's response is read.
const maxCredentialsBody = 64 << 10

// newMetadataHTTPClient returns a client for link-local metadata endpoints:
// no proxy (the endpoints are local to the host), a short connect timeout
// and no keep-alive, so a client built per call leaves no idle connection.
func newMetadataHTTPClient(connectTimeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           (&net.Dialer{Timeout: connectTimeout}).DialContext,
			ResponseHeaderTimeout: 2 * connectTimeout,
			DisableKeepAlives:     true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// httpResult is a fully read response.
type httpResult struct {
	status int
	body   []byte
}

// doRequest sends req with a per-attempt timeout and reads the body.
func doRequest(ctx context.Context, c HTTPClient, timeout time.Duration, build func(ctx context.Context) (*http.Request, error)) (httpResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := build(ctx)
	if err != nil {
		return httpResult{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return httpResult{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody))
	if err != nil {
		return httpResult{}, err
	}
	return httpResult{status: resp.StatusCode, body: body}, nil
}

// retryable reports whether an attempt deserves one more try: network
// errors and 5xx, but not a cancelled caller context.
func retryable(ctx context.Context, res httpResult, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if err != nil {
		return true
	}
	return res.status >= 500
}

// endpointCredentials is the JSON both the container endpoint and IMDS
// return.
type endpointCredentials struct {
	Code, Message, AccessKeyID, SecretAccessKey, Token, Expiration, AccountID string
}

// decodeEndpointCredentials parses body without echoing it in errors.
func decodeEndpointCredentials(body []byte, source string) (Credentials, error) {
	var ec endpointCredentials
	if err := decodeObject(body,
		jsonField{name: "Code", str: &ec.Code},
		jsonField{name: "Message", str: &ec.Message},
		jsonField{name: "AccessKeyId", str: &ec.AccessKeyID},
		jsonField{name: "SecretAccessKey", str: &ec.SecretAccessKey},
		jsonField{name: "Token", str: &ec.Token},
		jsonField{name: "Expiration", str: &ec.Expiration},
		jsonField{name: "AccountId", str: &ec.AccountID},
	); err != nil {
		return Credentials{}, errorf("response is not a credentials JSON object (%d bytes)", len(body))
	}
	if ec.Code != "" && ec.Code != "Success" {
		return Credentials{}, errorf("response Code is %q: %s", scrub(ec.Code, 64), scrub(ec.Message, 160))
	}
	if ec.AccessKeyID == "" || ec.SecretAccessKey == "" {
		return Credentials{}, errors.New("response lacks AccessKeyId or SecretAccessKey")
	}
	c := Credentials{
		AccessKeyID:     ec.AccessKeyID,
		SecretAccessKey: ec.SecretAccessKey,
		SessionToken:    ec.Token,
		Source:          source,
		AccountID:       ec.AccountID,
	}
	if ec.Expiration != "" {
		t, err := time.Parse(time.RFC3339, ec.Expiration)
		if err != nil {
			return Credentials{}, errorf("response Expiration %q is not an RFC 3339 time", scrub(ec.Expiration, 40))
		}
		c.CanExpire, c.Expires = true, t
	}
	return c, nil
}

// errorBodySnippet extracts "code: message" from a JSON error body, or a
// scrubbed first line of a text body.
func errorBodySnippet(body []byte) string {
	var code, message string
	if decodeObject(body, jsonField{name: "code", str: &code}, jsonField{name: "message", str: &message}) == nil && (code != "" || message != "") {
		return scrub(code+": "+message, 160)
	}
	return scrub(string(body), 120)
}
