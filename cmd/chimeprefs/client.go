package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"

	"github.com/aws/smithy-go/logging"

	chime "github.com/chimekit/chimesdkmessaging"
)

// newClient builds a client from the environment and shared AWS files with
// chimesdkmessaging.LoadOptionsFrom, with the command line's --profile,
// --region, --endpoint-url and --max-attempts on top.
//
// With --profile, credentials come from that profile, not from
// AWS_ACCESS_KEY_ID and friends: a profile named in code wins over the
// environment keys, as in the AWS CLI and aws-sdk-go-v2; the keys stay
// readable for a profile's credential_source = Environment. The
// environment is read through getenv only.
//
// With --debug, each request and response is logged to debugLog as the
// client's ClientLogMode logs them: Authorization, security tokens,
// FilterRule and member names redacted.
func newClient(ctx context.Context, a args, getenv func(string) string, debugLog io.Writer) (*chime.Client, error) {
	if a.endpointURL != "" {
		if u, err := url.Parse(a.endpointURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usagef("--endpoint-url %q must be an absolute http or https URL, e.g. http://127.0.0.1:8000", a.endpointURL)
		}
	}
	env := chime.Environment{Profile: a.profile, ProfileSource: "--profile", Region: a.region, Getenv: getenv}
	o, err := chime.LoadOptionsFrom(ctx, env, func(o *chime.Options) {
		o.AppID = "chimeprefs"
		if a.region != "" {
			o.Region = a.region
		}
		if a.endpointURL != "" {
			ep := a.endpointURL
			o.BaseEndpoint = &ep
		}
		if a.maxAttempts > 0 {
			o.RetryMaxAttempts = a.maxAttempts
		}
		if a.debug {
			o.Logger = logging.NewStandardLogger(debugLog)
			o.ClientLogMode = chime.LogRequestWithBody | chime.LogResponseWithBody | chime.LogRetries | chime.LogSigning
		}
	})
	switch {
	case errors.Is(err, chime.ErrNoRegion):
		return nil, errors.New("no AWS Region: pass --region, set AWS_REGION, or set region in the profile")
	case err != nil:
		return nil, fmt.Errorf("configuration: %w", err)
	}
	return chime.New(o), nil
}
