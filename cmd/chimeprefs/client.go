package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/internal/config"
)

// envCredentialVars are the variables the AWS CLI ignores when --profile
// names a profile explicitly.
var envCredentialVars = map[string]bool{
	"AWS_ACCESS_KEY_ID":     true,
	"AWS_SECRET_ACCESS_KEY": true,
	"AWS_SESSION_TOKEN":     true,
}

// newClient builds a client from the environment and shared AWS files,
// as chimesdkmessaging.LoadOptions does, with the command line's
// --profile, --region and --endpoint-url on top.
//
// With --profile, credentials come from that profile (or the container or
// instance metadata after it), not from AWS_ACCESS_KEY_ID and friends: the
// AWS CLI does the same. The environment is read through getenv only.
func newClient(ctx context.Context, a args, getenv func(string) string) (*chime.Client, error) {
	if a.profile != "" {
		inner := getenv
		getenv = func(k string) string {
			if envCredentialVars[k] {
				return ""
			}
			return inner(k)
		}
	}
	if a.endpointURL != "" {
		if u, err := url.Parse(a.endpointURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usagef("--endpoint-url %q must be an absolute http or https URL, e.g. http://127.0.0.1:8000", a.endpointURL)
		}
	}
	cfg, err := config.Load(ctx, config.LoadOptions{Profile: a.profile, Getenv: getenv})
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	o := chime.Options{
		Region:           cfg.Region,
		Credentials:      cfg.Credentials,
		RetryMaxAttempts: cfg.MaxAttempts,
		RetryMode:        chime.RetryMode(cfg.RetryMode),
		AppID:            "chimeprefs",
	}
	if cfg.BaseEndpoint != "" {
		ep := cfg.BaseEndpoint
		o.BaseEndpoint = &ep
	}
	if cfg.UseFIPSEndpoint != nil && *cfg.UseFIPSEndpoint {
		o.EndpointOptions.UseFIPSEndpoint = chime.FIPSEndpointStateEnabled
	}
	if cfg.UseDualStackEndpoint != nil && *cfg.UseDualStackEndpoint {
		o.EndpointOptions.UseDualStackEndpoint = chime.DualStackEndpointStateEnabled
	}
	if a.region != "" {
		o.Region = a.region
	}
	if a.endpointURL != "" {
		ep := a.endpointURL
		o.BaseEndpoint = &ep
	}
	if o.Region == "" {
		return nil, errors.New("no AWS Region: pass --region, set AWS_REGION, or set region in profile " + fmt.Sprintf("%q", cfg.Profile))
	}
	return chime.New(o), nil
}
