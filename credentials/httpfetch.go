package credentials

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// HTTPClient sends one HTTP request. *http.Client satisfies it.
//
// The metadata providers ([ContainerProvider], [IMDSProvider]) never follow
// a redirect, whatever client they are given: an *http.Client is used
// through a copy whose CheckRedirect stops at the first response, and any
// 3xx response is an error naming its status and the Location host. Neither
// endpoint redirects, and a redirect followed would carry the authorization
// token, or a credentials request checked against the container host rules,
// to another address. A client of another type that follows redirects
// itself is outside this guarantee.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// maxCredentialsBody bounds how much of an endpoint's response is read.
const maxCredentialsBody = 64 << 10

// refuseRedirect is a CheckRedirect that hands the 3xx response back
// instead of following it.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// newMetadataHTTPClient returns a client for link-local metadata endpoints:
// no proxy (the endpoints are local to the host), a short connect timeout,
// no keep-alive (so a client built per call leaves no idle connection) and
// no redirects.
func newMetadataHTTPClient(connectTimeout time.Duration) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           (&net.Dialer{Timeout: connectTimeout}).DialContext,
			ResponseHeaderTimeout: 2 * connectTimeout,
			DisableKeepAlives:     true,
		},
		CheckRedirect: refuseRedirect,
	}
}

// metadataClient returns the client a metadata provider sends with: the
// default when c is nil, else c, and for an *http.Client a copy of it that
// does not follow redirects.
func metadataClient(c HTTPClient) HTTPClient {
	switch hc := c.(type) {
	case nil:
		return newMetadataHTTPClient(time.Second)
	case *http.Client:
		if hc == nil {
			return newMetadataHTTPClient(time.Second)
		}
		cp := *hc
		cp.CheckRedirect = refuseRedirect
		return &cp
	default:
		return c
	}
}

// redirectRefused is the error of a metadata request answered with a
// redirect, which is never followed.
type redirectRefused struct {
	// StatusCode is the 3xx status.
	StatusCode int
	// LocationHost is the host (and port) the Location header points at,
	// or "" when there is none; the rest of the URL, which may carry a
	// token, is left out.
	LocationHost string
}

func (e *redirectRefused) Error() string {
	to := "with no Location"
	if e.LocationHost != "" {
		to = fmt.Sprintf("to host %q", e.LocationHost)
	}
	return fmt.Sprintf("answered HTTP %d, a redirect %s; credentials endpoints never redirect, so it was not followed", e.StatusCode, to)
}

// newRedirectRefused describes the 3xx response resp to req.
func newRedirectRefused(req *http.Request, resp *http.Response) *redirectRefused {
	e := &redirectRefused{StatusCode: resp.StatusCode}
	if loc := resp.Header.Get("Location"); loc != "" {
		if u, err := req.URL.Parse(loc); err == nil {
			e.LocationHost = u.Host
		} else {
			e.LocationHost = "(unparsable Location)"
		}
	}
	return e
}

// httpResult is a fully read response.
type httpResult struct {
	status int
	body   []byte
}

// doRequest sends the request build returns, with a per-attempt timeout,
// and reads the body. A 3xx response is a *redirectRefused.
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
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return httpResult{status: resp.StatusCode}, newRedirectRefused(req, resp)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCredentialsBody))
	if err != nil {
		return httpResult{}, err
	}
	return httpResult{status: resp.StatusCode, body: body}, nil
}

// retryable reports whether an attempt deserves one more try: network
// errors and 5xx, but not a redirect or a cancelled caller context.
func retryable(ctx context.Context, res httpResult, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var re *redirectRefused
	if errors.As(err, &re) {
		return false
	}
	if err != nil {
		return true
	}
	return res.status >= 500
}

// endpointCredentials parses the credentials a container endpoint or IMDS
// returned, without echoing the body in errors.
func endpointCredentials(body []byte, source string) (Credentials, error) {
	d, err := decodeCredentialsJSON(body, endpointTokenMember)
	if err != nil {
		return Credentials{}, errorf("response is %v (%d bytes)", err, len(body))
	}
	if d.Code != "" && d.Code != "Success" {
		return Credentials{}, errorf("response Code is %q: %s", scrub(d.Code, 64), scrub(d.Message, 160))
	}
	c, err := d.credentials(source)
	if err != nil {
		return Credentials{}, errorf("response %v", err)
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

// redactURL shows scheme, host and path but not the user info, query or
// fragment, which may carry a password or a token.
func redactURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	return c.String()
}

// redactRawURL is redactURL for a URL in a string; one that does not parse
// is not shown at all.
func redactRawURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable endpoint URL)"
	}
	return redactURL(u)
}

// stripURLFromErr keeps the cause of a *url.Error; the URL is shown, redacted,
// by the caller.
func stripURLFromErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
