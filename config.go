package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/chimekit/chimesdkmessaging/internal/config"
)

// Environment says where [LoadOptionsFrom] reads configuration. The zero
// value is the process environment and the profile AWS_PROFILE names.
type Environment struct {
	// Profile selects a shared-config profile, overriding AWS_PROFILE.
	Profile string

	// ProfileSource names where Profile came from, for error messages, e.g.
	// "--profile" in a command. Default: "Environment.Profile".
	ProfileSource string
	// Region overrides AWS_REGION, AWS_DEFAULT_REGION and the profile's
	// region before the credential chain is built, so the providers' STS
	// and sign-in calls use it too (as aws-sdk-go-v2's config.WithRegion
	// does); Options.Region set by an option function reaches only the
	// service's calls.
	Region string
	// Getenv replaces os.Getenv, e.g. to read from a map in tests.
	Getenv func(string) string
	// IgnoreEnvCredentials leaves AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
	// and AWS_SESSION_TOKEN out, as the AWS CLI does when a profile is named
	// on its command line.
	IgnoreEnvCredentials bool
	// MFATokenProvider returns the current code of the MFA device a
	// profile's mfa_serial names, e.g. by prompting; a profile with
	// mfa_serial fails without it.
	MFATokenProvider func() (string, error)
	// HTTPClient sends the credential providers' requests (STS, IAM
	// Identity Center, the container endpoint, instance metadata), through
	// a copy that never follows a redirect. Default: clients of their own.
	// Options.HTTPClient, for the service's calls, is separate.
	HTTPClient *http.Client
}

// ErrNoRegion is wrapped by the error of [LoadOptions] and
// [LoadOptionsFrom] when no Region is configured anywhere.
var ErrNoRegion = errors.New("no AWS Region")

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
// (environment keys, web identity, the profile with its roles, IAM Identity
// Center and credential_process, container endpoint, EC2 instance metadata;
// see credentials.NewDefaultChain) behind a cache, fetched on first use.
//
// The error names the variable or key, file and value that is malformed, or
// wraps [ErrNoRegion] when no Region is set after optFns ran.
func LoadOptions(ctx context.Context, optFns ...func(*Options)) (Options, error) {
	return LoadOptionsFrom(ctx, Environment{}, optFns...)
}

// LoadOptionsFrom is [LoadOptions] reading the configuration env describes.
func LoadOptionsFrom(ctx context.Context, env Environment, optFns ...func(*Options)) (Options, error) {
	getenv := env.Getenv
	if env.IgnoreEnvCredentials {
		inner := getenv
		if inner == nil {
			inner = os.Getenv
		}
		getenv = func(k string) string {
			switch k {
			case "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY":
				return ""
			}
			return inner(k)
		}
	}
	src := env.ProfileSource
	if src == "" {
		src = "Environment.Profile"
	}
	cfg, err := config.Load(ctx, config.LoadOptions{Profile: env.Profile, Region: env.Region, ProfileSource: src, Getenv: getenv, MFATokenProvider: env.MFATokenProvider, HTTPClient: env.HTTPClient})
	if err != nil {
		return Options{}, fmt.Errorf("loading the AWS configuration: %w", err)
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
		return Options{}, fmt.Errorf("%w: set AWS_REGION, the region key of profile %q in the shared config file, or Options.Region", ErrNoRegion, cfg.Profile)
	}
	if o.Credentials == nil {
		return Options{}, errors.New("Options.Credentials was set to nil by an option function; leave it or set a provider")
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
