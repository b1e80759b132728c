package chimesdkmessaging

import (
	"net/http"
	"net/url"
	"strconv"
)

// RedirectError reports a 3xx response. Amazon Chime SDK Messaging never
// redirects, so a redirect comes from something between the client and the
// service (a proxy, a misconfigured BaseEndpoint); the client does not
// follow it and sends nothing to its target: no signature, security token,
// bearer or body. The error names the status and the target's host only
// (the rest of Location may hold credentials or tokens).
type RedirectError struct {
	// StatusCode is the response's status, e.g. 307.
	StatusCode int
	// LocationHost is the host of the response's Location header, or "" if
	// it had none or it did not parse.
	LocationHost string
}

func (e *RedirectError) Error() string {
	target := "with no usable Location"
	if e.LocationHost != "" {
		target = "to host " + e.LocationHost
	}
	return "the endpoint answered HTTP " + strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode) +
		" redirecting " + target + "; the client never follows redirects (the service does not send them): " +
		"check Options.BaseEndpoint and any proxy in between"
}

// HTTPStatusCode returns the redirect's status code.
func (e *RedirectError) HTTPStatusCode() int { return e.StatusCode }

func newRedirectError(resp *http.Response) *RedirectError {
	e := &RedirectError{StatusCode: resp.StatusCode}
	if loc := resp.Header.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			e.LocationHost = u.Host
			if e.LocationHost == "" && resp.Request != nil && resp.Request.URL != nil {
				e.LocationHost = resp.Request.URL.Host // a relative Location stays on the same host
			}
		}
	}
	return e
}

// noRedirects returns c so that it cannot follow a redirect: an *http.Client
// is copied with a CheckRedirect that hands the 3xx response back, which the
// transport then turns into a [*RedirectError]. Any other HTTPClient is used
// as it is; a 3xx it returns is refused the same way, but what it sent on its
// own before returning is out of the client's reach.
func noRedirects(c HTTPClient) HTTPClient {
	hc, ok := c.(*http.Client)
	if !ok {
		return c
	}
	cp := *hc
	cp.CheckRedirect = refuseRedirect
	return &cp
}

func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
