package credentials

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"
)

// ContainerSource is the Source of credentials from [ContainerProvider].
const ContainerSource = "ContainerCredentials"

// DefaultContainerHost is where AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// points (the ECS agent).
const DefaultContainerHost = "http://169.254.170.2"

// Default timeouts of [ContainerProvider]: each attempt may take up to
// ContainerAttemptTimeout (connect included), and a network error or 5xx is
// retried once, so a dead endpoint costs at most about 4 s.
const (
	ContainerAttemptTimeout = 2 * time.Second
	ContainerAttempts       = 2
)

// ContainerProvider fetches credentials from the ECS container credentials
// endpoint or the EKS Pod Identity agent.
//
//   - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>.
//   - else AWS_CONTAINER_CREDENTIALS_FULL_URI: GET that URL. https may go to
//     any host; plain http only to a loopback address (127.0.0.0/8, ::1, or a
//     name that resolves only to loopback) or to the container hosts
//     169.254.170.2 (ECS), 169.254.170.23 and fd00:ec2::23 (EKS Pod
//     Identity).
//   - The Authorization header comes from the file named by
//     AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read on every fetch, since
//     the agent rotates it), else from AWS_CONTAINER_AUTHORIZATION_TOKEN.
//
// It is not configured when neither URI variable is set.
type ContainerProvider struct {
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
	// ReadFile reads the token file. Default: os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// HTTPClient sends the request. Default: a client without proxy and with
	// a short connect timeout.
	HTTPClient HTTPClient
	// LookupHost resolves a FULL_URI host name for the loopback check.
	// Default: net.DefaultResolver.LookupHost.
	LookupHost func(ctx context.Context, host string) ([]string, error)
	// RelativeHost replaces DefaultContainerHost, for tests.
	RelativeHost string
	// AttemptTimeout bounds each attempt. Default: ContainerAttemptTimeout.
	AttemptTimeout time.Duration
}

// NewContainerProvider returns a container provider reading the process
// environment with default timeouts.
func NewContainerProvider() *ContainerProvider { return &ContainerProvider{} }

// SourceName returns [ContainerSource].
func (p *ContainerProvider) SourceName() string { return ContainerSource }

func (p *ContainerProvider) getenv(k string) string {
	if p.Getenv == nil {
		return os.Getenv(k)
	}
	return p.Getenv(k)
}

// Retrieve fetches credentials from the endpoint.
func (p *ContainerProvider) Retrieve(ctx context.Context) (Credentials, error) {
	endpoint, err := p.endpoint(ctx)
	if err != nil {
		return Credentials{}, err
	}
	auth, err := p.authorization()
	if err != nil {
		return Credentials{}, failed(ContainerSource, err)
	}
	client := p.HTTPClient
	if client == nil {
		client = newMetadataHTTPClient(time.Second)
	}
	timeout := p.AttemptTimeout
	if timeout <= 0 {
		timeout = ContainerAttemptTimeout
	}
	shown := redactURL(endpoint)
	var res httpResult
	for attempt := 1; ; attempt++ {
		res, err = doRequest(ctx, client, timeout, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint.String(), nil)
			if err != nil {
				return nil, err
			}
			req.Header.Set("Accept", "application/json")
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			return req, nil
		})
		if attempt >= ContainerAttempts || !retryable(ctx, res, err) {
			break
		}
	}
	if err != nil {
		return Credentials{}, failed(ContainerSource, errorf("GET %s failed after %d attempt(s) of at most %s: %v", shown, ContainerAttempts, timeout, stripURLFromErr(err)))
	}
	if res.status != http.StatusOK {
		return Credentials{}, failed(ContainerSource, errorf("GET %s returned HTTP %d: %s", shown, res.status, errorBodySnippet(res.body)))
	}
	c, err := decodeEndpointCredentials(res.body, ContainerSource)
	if err != nil {
		return Credentials{}, failed(ContainerSource, errorf("GET %s: %v", shown, err))
	}
	return c, nil
}

// endpoint picks and validates the URL.
func (p *ContainerProvider) endpoint(ctx context.Context) (*url.URL, error) {
	if rel := p.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); rel != "" {
		host := p.RelativeHost
		if host == "" {
			host = DefaultContainerHost
		}
		if !strings.HasPrefix(rel, "/") {
			rel = "/" + rel
		}
		u, err := url.Parse(host + rel)
		if err != nil {
			return nil, failed(ContainerSource, errorf("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI does not form a valid URL with %s: %v", host, err))
		}
		return u, nil
	}
	full := p.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	if full == "" {
		return nil, notConfigured(ContainerSource, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
	}
	u, err := url.Parse(full)
	if err != nil || u.Host == "" {
		return nil, failed(ContainerSource, errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI is not an absolute http(s) URL"))
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if err := p.checkHTTPHost(ctx, u.Hostname()); err != nil {
			return nil, failed(ContainerSource, err)
		}
		return u, nil
	default:
		return nil, failed(ContainerSource, errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI has scheme %q; use http or https", u.Scheme))
	}
}

// allowedHTTPAddr reports whether plain http may reach a: loopback, or one
// of the container hosts 169.254.170.2, 169.254.170.23 and fd00:ec2::23.
func allowedHTTPAddr(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsLoopback() {
		return true
	}
	switch a.String() {
	case "169.254.170.2", "169.254.170.23", "fd00:ec2::23":
		return true
	}
	return false
}

// checkHTTPHost enforces the plain-http rule of AWS_CONTAINER_CREDENTIALS_FULL_URI.
func (p *ContainerProvider) checkHTTPHost(ctx context.Context, host string) error {
	deny := errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI uses plain http to host %q; plain http is allowed only to loopback and to 169.254.170.2, 169.254.170.23, fd00:ec2::23: use https or one of those hosts", host)
	if a, err := netip.ParseAddr(host); err == nil {
		if allowedHTTPAddr(a) {
			return nil
		}
		return deny
	}
	lookup := p.LookupHost
	if lookup == nil {
		lookup = net.DefaultResolver.LookupHost
	}
	addrs, err := lookup(ctx, host)
	if err != nil || len(addrs) == 0 {
		return errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI host %q could not be resolved to check that it is loopback: %v", host, err)
	}
	for _, s := range addrs {
		a, err := netip.ParseAddr(s)
		if err != nil || !allowedHTTPAddr(a) {
			return deny
		}
	}
	return nil
}

// authorization returns the Authorization header value.
func (p *ContainerProvider) authorization() (string, error) {
	var tok, from string
	if file := p.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); file != "" {
		read := p.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		b, err := read(file)
		if err != nil {
			return "", errorf("read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s: %v", file, err)
		}
		tok, from = strings.TrimSpace(string(b)), "the file named by AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
	} else {
		tok, from = p.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN"), "AWS_CONTAINER_AUTHORIZATION_TOKEN"
	}
	if strings.ContainsAny(tok, "\r\n") {
		return "", errorf("the authorization token in %s contains a line break; it must be one line", from)
	}
	return tok, nil
}

// redactURL shows scheme, host and path but not the query or user info.
func redactURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.Fragment = nil, "", ""
	return c.String()
}

// stripURLFromErr keeps the cause of a *url.Error; the URL is already shown.
func stripURLFromErr(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
