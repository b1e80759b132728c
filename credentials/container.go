package credentials

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/filecap"
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
// endpoint or the EKS Pod Identity agent, as the AWS SDKs do
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html):
//
//   - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>.
//   - else AWS_CONTAINER_CREDENTIALS_FULL_URI: GET that URL. https may go to
//     any host; plain http only to a loopback address (127.0.0.0/8, ::1, or a
//     name that resolves only to loopback) or to the container hosts
//     169.254.170.2 (ECS), 169.254.170.23 and fd00:ec2::23 (EKS Pod
//     Identity).
//   - A host name is resolved once: the request goes to the address that
//     passed the check (the Host header keeps the name), so a second lookup
//     cannot send it elsewhere. Redirects are never followed (see
//     [HTTPClient]).
//   - The Authorization header comes from the file named by
//     AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read on every fetch, since
//     the agent rotates it), else from AWS_CONTAINER_AUTHORIZATION_TOKEN.
//
// It is not configured when neither URI variable is set.
type ContainerProvider struct {
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
	// ReadFile reads the token file. Default: the file system. A file over
	// 1 MiB (filecap.MaxBytes) is an error.
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
	target, err := p.endpoint(ctx)
	if err != nil {
		return Credentials{}, err
	}
	auth, err := p.authorization()
	if err != nil {
		return Credentials{}, failed(ContainerSource, err)
	}
	client := metadataClient(p.HTTPClient)
	timeout := p.AttemptTimeout
	if timeout <= 0 {
		timeout = ContainerAttemptTimeout
	}
	var res httpResult
	for attempt := 1; ; attempt++ {
		res, err = doRequest(ctx, client, timeout, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.dial.String(), nil)
			if err != nil {
				return nil, err
			}
			req.Host = target.host
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
	var redirect *redirectRefused
	switch {
	case errors.As(err, &redirect):
		return Credentials{}, failed(ContainerSource, errorf("GET %s %v", target.shown, redirect))
	case err != nil:
		return Credentials{}, failed(ContainerSource, errorf("GET %s failed after %d attempt(s) of at most %s: %v", target.shown, ContainerAttempts, timeout, stripURLFromErr(err)))
	case res.status != http.StatusOK:
		return Credentials{}, failed(ContainerSource, errorf("GET %s returned HTTP %d: %s", target.shown, res.status, errorBodySnippet(res.body)))
	}
	c, err := endpointCredentials(res.body, ContainerSource)
	if err != nil {
		return Credentials{}, failed(ContainerSource, errorf("GET %s: %v", target.shown, err))
	}
	return c, nil
}

// containerTarget is where a request goes.
type containerTarget struct {
	// dial is the URL requested. For a plain-http FULL_URI with a host name
	// its host is the address that passed the host check, so the request
	// cannot reach another address that a second lookup (DNS rebinding)
	// would return.
	dial *url.URL
	// host is the Host header: the URL's host as configured.
	host string
	// shown is the URL for error messages, without user info or query.
	shown string
}

// endpoint picks and validates the URL.
func (p *ContainerProvider) endpoint(ctx context.Context) (containerTarget, error) {
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
			return containerTarget{}, failed(ContainerSource, errorf("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI does not form a valid URL with %s: %v", host, err))
		}
		return containerTarget{dial: u, host: u.Host, shown: redactURL(u)}, nil
	}
	full := p.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	if full == "" {
		return containerTarget{}, notConfigured(ContainerSource, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
	}
	u, err := url.Parse(full)
	if err != nil || u.Host == "" {
		return containerTarget{}, failed(ContainerSource, errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI is not an absolute http(s) URL"))
	}
	t := containerTarget{dial: u, host: u.Host, shown: redactURL(u)}
	switch u.Scheme {
	case "https":
		return t, nil
	case "http":
		addr, err := p.checkHTTPHost(ctx, u.Hostname())
		if err != nil {
			return containerTarget{}, failed(ContainerSource, err)
		}
		dial := *u
		dial.Host = joinHostPort(addr.String(), u.Port())
		t.dial = &dial
		return t, nil
	default:
		return containerTarget{}, failed(ContainerSource, errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI has scheme %q; use http or https", u.Scheme))
	}
}

// joinHostPort is net.JoinHostPort that leaves out an empty port.
func joinHostPort(host, port string) string {
	if port == "" {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
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

// checkHTTPHost enforces the plain-http rule of
// AWS_CONTAINER_CREDENTIALS_FULL_URI and returns the address to connect to:
// host itself when it is an IP address, else the first address it resolves
// to, all of which must pass.
func (p *ContainerProvider) checkHTTPHost(ctx context.Context, host string) (netip.Addr, error) {
	deny := errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI uses plain http to host %q; plain http is allowed only to loopback and to 169.254.170.2, 169.254.170.23, fd00:ec2::23: use https or one of those hosts", host)
	if a, err := netip.ParseAddr(host); err == nil {
		if allowedHTTPAddr(a) {
			return a, nil
		}
		return netip.Addr{}, deny
	}
	lookup := p.LookupHost
	if lookup == nil {
		lookup = net.DefaultResolver.LookupHost
	}
	addrs, err := lookup(ctx, host)
	if err != nil || len(addrs) == 0 {
		return netip.Addr{}, errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI host %q could not be resolved to check that it is loopback: %v", host, err)
	}
	var first netip.Addr
	for i, s := range addrs {
		a, err := netip.ParseAddr(s)
		if err != nil || !allowedHTTPAddr(a) {
			return netip.Addr{}, deny
		}
		if i == 0 {
			first = a.Unmap()
		}
	}
	return first, nil
}

// authorization returns the Authorization header value.
func (p *ContainerProvider) authorization() (string, error) {
	var tok, from string
	if file := p.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); file != "" {
		b, err := filecap.Read(file, p.ReadFile)
		switch {
		case errors.Is(err, filecap.ErrTooLarge):
			return "", errorf("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: %v", err)
		case err != nil:
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
