package awsv2

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"

	chime "github.com/chimekit/chimesdkmessaging"
)

// ServiceID is the aws-sdk-go-v2 service ID of Chime SDK Messaging. It names
// the per-service endpoint settings: AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING and
// the chime_sdk_messaging entry of a profile's services section.
const ServiceID = "Chime SDK Messaging"

// The config sources of an aws.Config (config.LoadOptions, config.EnvConfig,
// config.SharedConfig) answer these methods. Asking through interfaces keeps
// the aws-sdk-go-v2/config module out of this package's imports.
type (
	fipsSource interface {
		GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error)
	}
	dualStackSource interface {
		GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error)
	}
	serviceEndpointSource interface {
		GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
	}
	ignoreEndpointsSource interface {
		GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error)
	}
)

// resolveEndpointOptions takes FIPS and dual-stack from the first source
// that sets each.
func resolveEndpointOptions(sources []any) chime.EndpointResolverOptions {
	ctx := context.Background()
	var eo chime.EndpointResolverOptions
	for _, s := range sources {
		if p, ok := s.(fipsSource); ok {
			if v, found, err := p.GetUseFIPSEndpoint(ctx); err == nil && found {
				eo.UseFIPSEndpoint = FIPSEndpointState(v)
				break
			}
		}
	}
	for _, s := range sources {
		if p, ok := s.(dualStackSource); ok {
			if v, found, err := p.GetUseDualStackEndpoint(ctx); err == nil && found {
				eo.UseDualStackEndpoint = DualStackEndpointState(v)
				break
			}
		}
	}
	return eo
}

// resolveBaseEndpoint starts from cfg.BaseEndpoint (AWS_ENDPOINT_URL or the
// profile's endpoint_url, already resolved by config.LoadDefaultConfig) and
// lets a per-service setting override it, except that a set AWS_ENDPOINT_URL
// beats the profile's services section when the per-service variable is
// unset. The returned pointer is a copy.
func resolveBaseEndpoint(cfg aws.Config) *string {
	var ep *string
	if cfg.BaseEndpoint != nil {
		v := *cfg.BaseEndpoint
		ep = &v
	}
	if os.Getenv("AWS_ENDPOINT_URL") != "" && os.Getenv("AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING") == "" {
		return ep
	}
	if v, ok := serviceEndpoint(cfg.ConfigSources); ok {
		ep = &v
	}
	return ep
}

// serviceEndpoint looks up the per-service endpoint in sources, unless one
// of them says configured endpoints are ignored.
func serviceEndpoint(sources []any) (string, bool) {
	ctx := context.Background()
	for _, s := range sources {
		if p, ok := s.(ignoreEndpointsSource); ok {
			if ignore, found, err := p.GetIgnoreConfiguredEndpoints(ctx); err == nil && found {
				if ignore {
					return "", false
				}
				break
			}
		}
	}
	for _, s := range sources {
		if p, ok := s.(serviceEndpointSource); ok {
			if v, found, err := p.GetServiceBaseEndpoint(ctx, ServiceID); err == nil && found {
				return v, true
			}
		}
	}
	return "", false
}
