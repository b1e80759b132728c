package chimesdkmessaging

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"

	"github.com/chimekit/chimesdkmessaging/internal/endpoints"
	"github.com/chimekit/chimesdkmessaging/internal/retry"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// ServiceID names the service in every *smithy.OperationError, in spans and
// in metrics, as aws-sdk-go-v2 names it.
const ServiceID = "Chime SDK Messaging"

// ServiceAPIVersion is the version of the Chime SDK Messaging API this client
// implements.
const ServiceAPIVersion = "2021-05-15"

// Client calls Amazon Chime SDK Messaging. Create it with [New]; one Client
// serves any number of goroutines and should be reused: it keeps the
// connection pool, the signing-key cache, the endpoint cache, the retry quota
// and the clock-skew correction.
type Client struct {
	options Options
	state   *clientState
	base    *pipeline
}

// clientState holds what every call of one client uses, whatever its
// per-call options: caches and the retry state that must be client-wide.
type clientState struct {
	_         incomparable
	signer    *sigv4.Signer
	endpoints *endpoints.Resolver
	skew      *retry.ClockSkew
	userAgent string
	observer  *observer // of the client's own options; nil when not observed
}

// New returns a client configured by options, then by each optFn in order.
// It never fails: a missing region or credentials surfaces as a clear error
// from the first call.
func New(options Options, optFns ...func(*Options)) *Client {
	options = options.Copy()
	for _, fn := range optFns {
		fn(&options)
	}
	resolveDefaults(&options)
	c := &Client{
		options: options,
		state: &clientState{
			signer:    sigv4.New(),
			endpoints: endpoints.NewResolver(),
			skew:      &retry.ClockSkew{},
		},
	}
	c.state.userAgent = buildUserAgent(options)
	c.state.observer = newObserver(&options)
	c.base = newPipeline(options, c.state, c.state.userAgent)
	return c
}

// Options returns a copy of the client's options.
func (c *Client) Options() Options { return c.options.Copy() }

// resolveDefaults fills in what the user left unset.
func resolveDefaults(o *Options) {
	if o.HTTPClient == nil {
		o.HTTPClient = defaultHTTPClient()
	}
	if o.Retryer == nil {
		o.Retryer = newRetryer(o.RetryMode, o.RetryMaxAttempts)
	} else if o.RetryMaxAttempts > 0 && o.Retryer.MaxAttempts() != o.RetryMaxAttempts {
		o.Retryer = withMaxAttempts(o.Retryer, o.RetryMaxAttempts)
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = defaultMaxResponseBytes
	}
	if o.ResponseBodyTimeout == 0 {
		o.ResponseBodyTimeout = defaultResponseBodyTimeout
	}
	if o.TracerProvider == nil {
		o.TracerProvider = &tracing.NopTracerProvider{}
	}
	if o.MeterProvider == nil {
		o.MeterProvider = metrics.NopMeterProvider{}
	}
}

func newRetryer(mode RetryMode, maxAttempts int) Retryer {
	set := func(so *retry.StandardOptions) {
		if maxAttempts > 0 {
			so.MaxAttempts = maxAttempts
		}
	}
	if mode == RetryModeAdaptive {
		return retry.NewAdaptive(func(ao *retry.AdaptiveOptions) { set(&ao.Standard) })
	}
	return retry.NewStandard(set)
}

// StandardRetryerOptions tune [NewStandardRetryer]: attempts, backoff bases
// and cap, the retry quota, and the jitter source.
type StandardRetryerOptions = retry.StandardOptions

// AdaptiveRetryerOptions tune [NewAdaptiveRetryer].
type AdaptiveRetryerOptions = retry.AdaptiveOptions

// RetryQuotaExceededError reports that the client's own retry quota (a
// client-side token bucket) ran out; the service did not refuse anything.
// It wraps the last attempt's error.
type RetryQuotaExceededError = retry.QuotaExceededError

// MaxAttemptsError reports that every allowed attempt failed; it wraps the
// last attempt's error.
type MaxAttemptsError = retry.MaxAttemptsError

// GetAttempts returns how many attempts a call made, from its ResultMetadata
// (or the metadata of a failed call's stack).
func GetAttempts(md middleware.Metadata) int { return retry.Attempts(md) }

// NewStandardRetryer returns the standard-mode retryer: 3 attempts,
// exponential backoff with full jitter capped at 20 s, a longer backoff for
// throttling, and a client-wide retry quota of 500 tokens.
func NewStandardRetryer(optFns ...func(*StandardRetryerOptions)) Retryer {
	return retry.NewStandard(optFns...)
}

// NewAdaptiveRetryer returns the adaptive-mode retryer: standard mode plus a
// client-side send rate that slows down after throttling and recovers.
func NewAdaptiveRetryer(optFns ...func(*AdaptiveRetryerOptions)) Retryer {
	return retry.NewAdaptive(optFns...)
}

// defaultMaxResponseHeaderBytes bounds the response headers the default
// HTTP client accepts (net/http's own default is 10 MiB). The service's
// headers take well under 1 KiB.
const defaultMaxResponseHeaderBytes = 64 << 10

// defaultHTTPClient keeps connections alive and bounds the phases a context
// deadline would otherwise be the only limit on: dialing, the TLS handshake,
// waiting for response headers, and their size (defaultMaxResponseHeaderBytes).
func defaultHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    100,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		ResponseHeaderTimeout:  60 * time.Second,
		MaxResponseHeaderBytes: defaultMaxResponseHeaderBytes,
	}}
}

// maxAttemptsRetryer changes only the attempt limit of a retryer, keeping its
// quota and backoff, as per-call RetryMaxAttempts does.
type maxAttemptsRetryer struct {
	Retryer
	max int
}

func withMaxAttempts(r Retryer, n int) Retryer {
	if m, ok := r.(maxAttemptsRetryer); ok {
		r = m.Retryer
	}
	return maxAttemptsRetryer{Retryer: r, max: n}
}

func (r maxAttemptsRetryer) MaxAttempts() int { return r.max }

// PacedThrottle forwards to an adaptive retryer's allowance of throttled
// attempts that the rate limiter paced and that do not count toward the
// attempt limit, so a per-call RetryMaxAttempts keeps it.
func (r maxAttemptsRetryer) PacedThrottle(err error, paced int) bool {
	p, ok := r.Retryer.(retry.PacedThrottles)
	return ok && p.PacedThrottle(err, paced)
}

// Unwrap returns the retryer whose attempt limit was changed.
func (r maxAttemptsRetryer) Unwrap() Retryer { return r.Retryer }

// GetAttemptToken forwards to an adaptive retryer's rate limiter.
func (r maxAttemptsRetryer) GetAttemptToken(ctx context.Context) error {
	if l, ok := r.Retryer.(retry.AttemptRateLimiter); ok {
		return l.GetAttemptToken(ctx)
	}
	return nil
}

// invoke runs one operation through a middleware stack and wraps any error
// in a *smithy.OperationError.
//
// Without APIOptions and per-call options the stack is built and linked once
// per client and shared by concurrent calls, which saves most of its cost
// per call. Otherwise the stack is built for the call, so APIOptions run
// once per call as aws-sdk-go-v2 users expect.
func (c *Client) invoke(ctx context.Context, op *operation, input any, optFns []func(*Options)) (any, middleware.Metadata, error) {
	p := c.base
	if len(optFns) > 0 {
		o := c.options.Copy()
		for _, fn := range optFns {
			fn(&o)
		}
		resolveDefaults(&o) // a per-call RetryMaxAttempts wraps the client's retryer, sharing its quota
		ua := c.state.userAgent
		if o.AppID != c.options.AppID {
			ua = buildUserAgent(o)
		}
		p = newPipeline(o, c.state, ua)
	}
	h, err := p.handler(op, p == c.base)
	if err != nil {
		return nil, middleware.Metadata{}, operationError(op.name, err)
	}
	var out any
	var md middleware.Metadata
	if p.obs == nil {
		out, md, err = h.Handle(ctx, input)
	} else {
		out, md, err = p.observeCall(ctx, op.name, h, input)
	}
	if err != nil {
		return nil, md, operationError(op.name, err)
	}
	return out, md, nil
}

// String describes the client by its region and endpoint, never its
// credentials.
func (c *Client) String() string {
	ep := "<resolved from region>"
	if c.options.BaseEndpoint != nil {
		ep = "<unparsable BaseEndpoint>"
		if u, err := url.Parse(*c.options.BaseEndpoint); err == nil {
			ep = u.Redacted() // no password of user info
		}
	}
	return "chimesdkmessaging.Client{Region: " + c.options.Region + ", Endpoint: " + ep + "}"
}

// Format makes every fmt verb print String: fmt cannot see the redacting
// Format methods of values held in unexported fields, so the client prints
// none of its fields.
func (c *Client) Format(f fmt.State, verb rune) { formatString(f, verb, c.String()) }
