package credentials

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// IMDSSource is the Source of credentials from [IMDSProvider].
const IMDSSource = "EC2InstanceMetadata"

// DefaultIMDSEndpoint is the EC2 instance metadata service address.
const DefaultIMDSEndpoint = "http://169.254.169.254"

// Default limits of [IMDSProvider]. Each request may take IMDSAttemptTimeout
// (connect included) and a network error or 5xx is retried once, so off EC2
// this source gives up after about 2 s instead of hanging.
const (
	IMDSAttemptTimeout = time.Second
	IMDSAttempts       = 2
	IMDSTokenTTL       = 6 * time.Hour
)

// IMDSProvider fetches the credentials of the instance profile's role from
// the EC2 instance metadata service, version 2, as the AWS SDKs do
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html):
//
//  1. PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds;
//  2. GET /latest/meta-data/iam/security-credentials/ for the role name;
//  3. GET /latest/meta-data/iam/security-credentials/<role>.
//
// The session token is kept until shortly before its TTL ends and fetched
// again when the service answers 401. AWS_EC2_METADATA_DISABLED=true makes
// the provider not configured; AWS_EC2_METADATA_SERVICE_ENDPOINT replaces
// the address. Use it through [NewIMDSProvider]; it holds a mutex.
//
// Errors show the endpoint without user info or query. Redirects are never
// followed (see [HTTPClient]).
type IMDSProvider struct {
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
	// HTTPClient sends requests. Default: a client without proxy and with a
	// 1 s connect timeout.
	HTTPClient HTTPClient
	// Endpoint replaces AWS_EC2_METADATA_SERVICE_ENDPOINT and the default.
	Endpoint string
	// AttemptTimeout bounds each request. Default: IMDSAttemptTimeout.
	AttemptTimeout time.Duration
	// Now is the clock. Default: time.Now.
	Now func() time.Time

	mu sync.Mutex // serialises fetching the token
	// token is the cached session token, behind an atomic.Pointer (never
	// nil once set, written under mu) so that no fmt verb on a dereferenced
	// IMDSProvider shows it: fmt prints the unsafe.Pointer inside as an
	// address, even on its bad-verb path, which walks fields without calling
	// their methods and follows ordinary pointers.
	token atomic.Pointer[imdsToken]
}

// imdsToken is an IMDSv2 session token and when to stop using it.
type imdsToken struct {
	_ [0]func() // never compared: no equality function is emitted

	value string
	end   time.Time
}

// NewIMDSProvider returns an IMDS provider reading the process environment
// with the default timeouts.
func NewIMDSProvider() *IMDSProvider { return &IMDSProvider{} }

// SourceName returns [IMDSSource].
func (p *IMDSProvider) SourceName() string { return IMDSSource }

const imdsCredsPath = "/latest/meta-data/iam/security-credentials/"

func (p *IMDSProvider) getenv(k string) string {
	if p.Getenv == nil {
		return os.Getenv(k)
	}
	return p.Getenv(k)
}

func (p *IMDSProvider) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

func (p *IMDSProvider) endpoint() string {
	ep := p.Endpoint
	if ep == "" {
		ep = p.getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT")
	}
	if ep == "" && strings.EqualFold(p.getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"), "IPv6") {
		ep = "http://[fd00:ec2::254]"
	}
	if ep == "" {
		ep = DefaultIMDSEndpoint
	}
	return strings.TrimRight(ep, "/")
}

// Retrieve fetches the role's credentials.
func (p *IMDSProvider) Retrieve(ctx context.Context) (Credentials, error) {
	if strings.EqualFold(strings.TrimSpace(p.getenv("AWS_EC2_METADATA_DISABLED")), "true") {
		return Credentials{}, notConfigured(IMDSSource, "AWS_EC2_METADATA_DISABLED is true")
	}
	ep := p.endpoint()
	shown := redactRawURL(ep)
	res, err := p.authedGet(ctx, ep, imdsCredsPath)
	if err != nil {
		return Credentials{}, failed(IMDSSource, err)
	}
	switch {
	case res.status == http.StatusNotFound:
		return Credentials{}, failed(IMDSSource, errorf("%s%s returned 404: no IAM role is attached to this instance; attach an instance profile", shown, imdsCredsPath))
	case res.status != http.StatusOK:
		return Credentials{}, failed(IMDSSource, errorf("%s%s returned HTTP %d: %s", shown, imdsCredsPath, res.status, errorBodySnippet(res.body)))
	}
	role := strings.TrimSpace(string(res.body))
	if i := strings.IndexByte(role, '\n'); i >= 0 {
		role = strings.TrimSpace(role[:i])
	}
	if role == "" || strings.ContainsAny(role, "/?#") {
		return Credentials{}, failed(IMDSSource, errorf("%s%s returned no usable role name", shown, imdsCredsPath))
	}
	res, err = p.authedGet(ctx, ep, imdsCredsPath+role)
	if err != nil {
		return Credentials{}, failed(IMDSSource, err)
	}
	if res.status != http.StatusOK {
		return Credentials{}, failed(IMDSSource, errorf("%s%s%s returned HTTP %d: %s", shown, imdsCredsPath, role, res.status, errorBodySnippet(res.body)))
	}
	c, err := endpointCredentials(res.body, IMDSSource)
	if err != nil {
		return Credentials{}, failed(IMDSSource, errorf("credentials of role %s: %v", role, err))
	}
	return c, nil
}

// authedGet GETs path with a session token, fetching a new token once if
// the service rejects the cached one.
func (p *IMDSProvider) authedGet(ctx context.Context, ep, path string) (httpResult, error) {
	for try := 0; ; try++ {
		tok, err := p.sessionToken(ctx, ep)
		if err != nil {
			return httpResult{}, err
		}
		res, err := p.send(ctx, http.MethodGet, ep+path, map[string]string{"X-aws-ec2-metadata-token": tok})
		if err != nil {
			return httpResult{}, err
		}
		if res.status == http.StatusUnauthorized && try == 0 {
			p.mu.Lock()
			if t := p.token.Load(); t != nil && t.value == tok {
				p.token.Store(nil)
			}
			p.mu.Unlock()
			continue
		}
		return res, nil
	}
}

// sessionToken returns the cached token or PUTs for a new one.
func (p *IMDSProvider) sessionToken(ctx context.Context, ep string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.token.Load(); t != nil && p.now().Before(t.end) {
		return t.value, nil
	}
	ttl := int(IMDSTokenTTL / time.Second)
	res, err := p.send(ctx, http.MethodPut, ep+"/latest/api/token", map[string]string{
		"X-aws-ec2-metadata-token-ttl-seconds": strconv.Itoa(ttl),
	})
	if err != nil {
		return "", err
	}
	if res.status != http.StatusOK {
		return "", errorf("PUT %s/latest/api/token returned HTTP %d: %s (IMDSv2 token required; check the instance's metadata options and hop limit)", redactRawURL(ep), res.status, errorBodySnippet(res.body))
	}
	tok := strings.TrimSpace(string(res.body))
	if tok == "" {
		return "", errorf("PUT %s/latest/api/token returned an empty token", redactRawURL(ep))
	}
	// Renew a minute early so a request never carries an expiring token.
	p.token.Store(&imdsToken{value: tok, end: p.now().Add(IMDSTokenTTL - time.Minute)})
	return tok, nil
}

// send performs one request with the attempt timeout and one retry.
func (p *IMDSProvider) send(ctx context.Context, method, url string, header map[string]string) (httpResult, error) {
	client := metadataClient(p.HTTPClient)
	timeout := p.AttemptTimeout
	if timeout <= 0 {
		timeout = IMDSAttemptTimeout
	}
	var res httpResult
	var err error
	for attempt := 1; ; attempt++ {
		res, err = doRequest(ctx, client, timeout, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, method, url, nil)
			if err != nil {
				return nil, err
			}
			for k, v := range header {
				req.Header.Set(k, v)
			}
			return req, nil
		})
		if attempt >= IMDSAttempts || !retryable(ctx, res, err) {
			break
		}
	}
	var redirect *redirectRefused
	switch {
	case errors.As(err, &redirect):
		return res, errorf("%s %s %v", method, redactRawURL(url), redirect)
	case err != nil:
		return res, errorf("%s %s: no answer after %d attempts of at most %s each (%v); this is expected when not running on EC2: set AWS_EC2_METADATA_DISABLED=true to skip this source", method, redactRawURL(url), IMDSAttempts, timeout, stripURLFromErr(err))
	}
	return res, nil
}

// String describes the provider without its session token or the
// endpoint's user info.
func (p *IMDSProvider) String() string {
	return "credentials.IMDSProvider{Endpoint: " + redactRawURL(p.endpoint()) + "}"
}

// Format makes every fmt verb print String.
func (p *IMDSProvider) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(p.String())) }
