package chimesdkmessaging

import (
	"context"
	"net/url"
	"strings"

	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/endpoints"
)

// endpointMiddleware (ResolveEndpointV2) resolves the endpoint from the
// region, the FIPS and dual-stack switches and BaseEndpoint, and points the
// request at it. A path prefix of BaseEndpoint stays in front of the
// operation's path.
type endpointMiddleware struct {
	options  *endpointOptions
	resolver *endpoints.Resolver
}

// endpointOptions are the Options fields endpoint resolution reads. The
// middleware holds them rather than *Options so that converting it to a
// middleware interface does not keep every method of every type Options
// reaches in the binary.
type endpointOptions struct {
	Region             string
	BaseEndpoint       *string
	EndpointOptions    EndpointResolverOptions
	EndpointResolverV2 EndpointResolverV2
}

func (*endpointMiddleware) ID() string { return "ResolveEndpointV2" }

func (m *endpointMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, unknownTransportError(in.Request)
	}
	params := endpointParams(m.options)
	var u *url.URL
	if r := m.options.EndpointResolverV2; r != nil {
		ep, err := r.ResolveEndpoint(ctx, publicParams(params))
		if err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, &EndpointError{Err: err, Params: params}
		}
		u = &ep.URI
		for k, vs := range ep.Headers {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
	} else {
		var err error
		if u, err = m.resolver.ResolveURL(params); err != nil {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, &EndpointError{Err: err, Params: params}
		}
	}
	req.URL.Scheme = u.Scheme
	req.URL.Host = u.Host
	if prefix := strings.TrimSuffix(u.Path, "/"); prefix != "" {
		rawPrefix := strings.TrimSuffix(u.EscapedPath(), "/")
		req.URL.RawPath = rawPrefix + req.URL.EscapedPath()
		req.URL.Path = prefix + req.URL.Path
	}
	return next.HandleFinalize(ctx, in)
}

// endpointParams derives the rule set's parameters from options. A region
// such as "fips-us-east-1" or "us-east-1-fips" means us-east-1 with FIPS.
func endpointParams(o *endpointOptions) endpoints.Params {
	region, fips := endpoints.NormalizeRegion(o.Region)
	p := endpoints.Params{
		Region:       region,
		UseFIPS:      fips || o.EndpointOptions.UseFIPSEndpoint == FIPSEndpointStateEnabled,
		UseDualStack: o.EndpointOptions.UseDualStackEndpoint == DualStackEndpointStateEnabled,
	}
	if o.BaseEndpoint != nil {
		p.Endpoint = *o.BaseEndpoint
	}
	return p
}

// EndpointError reports that no endpoint could be resolved, with the rule
// set's own message (e.g. "Invalid Configuration: Missing Region").
type EndpointError struct {
	Err    error
	Params endpoints.Params
}

func (e *EndpointError) Error() string {
	msg := "failed to resolve service endpoint, endpoint rule error, " + e.Err.Error()
	if e.Params.Region == "" && e.Params.Endpoint == "" {
		msg += " (set Options.Region, e.g. \"us-east-1\", or AWS_REGION)"
	}
	return msg
}

func (e *EndpointError) Unwrap() error { return e.Err }

// EndpointParameters are the inputs of the service's endpoint rule set, with
// the names and types aws-sdk-go-v2's generated client gives them.
type EndpointParameters struct {
	// Region is the AWS Region to resolve for, e.g. "us-east-1".
	Region *string
	// UseDualStack selects a dual-stack (IPv4 and IPv6) endpoint.
	UseDualStack *bool
	// UseFIPS selects a FIPS 140-2 endpoint.
	UseFIPS *bool
	// Endpoint overrides the resolved endpoint (Options.BaseEndpoint).
	Endpoint *string
}

// EndpointResolverV2 resolves the endpoint of a call from its
// [EndpointParameters]: aws-sdk-go-v2's interface of the same name, so a
// resolver written for that SDK's chimesdkmessaging client works here.
type EndpointResolverV2 interface {
	ResolveEndpoint(ctx context.Context, params EndpointParameters) (smithyendpoints.Endpoint, error)
}

// NewDefaultEndpointResolverV2 returns the resolver the client uses when
// Options.EndpointResolverV2 is nil: the service's endpoint rule set
// (partitions, FIPS, dual-stack, custom endpoints).
func NewDefaultEndpointResolverV2() EndpointResolverV2 {
	return defaultEndpointResolver{resolver: endpoints.NewResolver()}
}

type defaultEndpointResolver struct{ resolver *endpoints.Resolver }

func (r defaultEndpointResolver) ResolveEndpoint(_ context.Context, p EndpointParameters) (smithyendpoints.Endpoint, error) {
	var params endpoints.Params
	if p.Region != nil {
		params.Region = *p.Region
	}
	if p.UseFIPS != nil {
		params.UseFIPS = *p.UseFIPS
	}
	if p.UseDualStack != nil {
		params.UseDualStack = *p.UseDualStack
	}
	if p.Endpoint != nil {
		params.Endpoint = *p.Endpoint
	}
	u, err := r.resolver.ResolveURL(params)
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}

// publicParams returns p as the exported EndpointParameters.
func publicParams(p endpoints.Params) EndpointParameters {
	out := EndpointParameters{UseFIPS: &p.UseFIPS, UseDualStack: &p.UseDualStack}
	if p.Region != "" {
		out.Region = &p.Region
	}
	if p.Endpoint != "" {
		out.Endpoint = &p.Endpoint
	}
	return out
}
