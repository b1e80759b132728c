package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"

	"github.com/chimekit/chimesdkmessaging/internal/config"
)

// LoadOptions builds Options from the environment and the shared AWS files,
// then applies optFns, so explicit settings win.
//
// It reads (environment variable first, then the profile's key):
// AWS_REGION / AWS_DEFAULT_REGION / region; AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING,
// AWS_ENDPOINT_URL, the profile's services section and endpoint_url
// (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true); AWS_USE_FIPS_ENDPOINT /
// use_fips_endpoint; AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint;
// AWS_MAX_ATTEMPTS / max_attempts; AWS_RETRY_MODE / retry_mode. The profile
// is AWS_PROFILE or "default". Credentials come from the default chain
// (environment, profile, container endpoint, EC2 instance metadata) behind a
// cache, fetched on first use.
//
// The error names the variable or key, file and value that is malformed, or
// says that no Region is set after optFns ran.
func LoadOptions(ctx context.Context, optFns ...func(*Options)) (Options, error) {
	cfg, err := config.Load(ctx, config.LoadOptions{})
	if err != nil {
		return Options{}, fmt.Errorf("chimesdkmessaging: %w", err)
	}
	var o Options
	o.Region = cfg.Region
	if cfg.BaseEndpoint != "" {
		ep := cfg.BaseEndpoint
		o.BaseEndpoint = &ep
	}
	if cfg.UseFIPSEndpoint != nil {
		o.EndpointOptions.UseFIPSEndpoint = FIPSEndpointStateDisabled
		if *cfg.UseFIPSEndpoint {
			o.EndpointOptions.UseFIPSEndpoint = FIPSEndpointStateEnabled
		}
	}
	if cfg.UseDualStackEndpoint != nil {
		o.EndpointOptions.UseDualStackEndpoint = DualStackEndpointStateDisabled
		if *cfg.UseDualStackEndpoint {
			o.EndpointOptions.UseDualStackEndpoint = DualStackEndpointStateEnabled
		}
	}
	o.RetryMaxAttempts = cfg.MaxAttempts
	o.RetryMode = RetryMode(cfg.RetryMode)
	o.Credentials = cfg.Credentials

	for _, fn := range optFns {
		fn(&o)
	}
	if o.Region == "" {
		return Options{}, errors.New("chimesdkmessaging: no AWS Region: set AWS_REGION, the region key of profile " +
			fmt.Sprintf("%q", cfg.Profile) + " in the shared config file, or Options.Region")
	}
	if o.Credentials == nil {
		return Options{}, errors.New("chimesdkmessaging: Options.Credentials was set to nil by an option function; leave it or set a provider")
	}
	return o, nil
}

// NewFromEnvironment returns a client configured by [LoadOptions]: the
// environment and shared AWS files first, then optFns.
func NewFromEnvironment(ctx context.Context, optFns ...func(*Options)) (*Client, error) {
	o, err := LoadOptions(ctx, optFns...)
	if err != nil {
		return nil, err
	}
	return New(o), nil
}
