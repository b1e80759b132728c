package credentials

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ChainProvider asks its providers in order and returns the first
// credentials it gets.
//
// A provider whose error matches [ErrNotConfigured] is skipped. A provider
// that is configured but fails stops the chain: its error is returned (as
// part of a [ChainError]) and later providers are not asked. This is what
// the AWS SDKs do when they pick a source by what is configured, and it
// keeps a broken credential_process or container endpoint from being
// hidden behind an instance-metadata timeout.
type ChainProvider struct {
	Providers []Provider
}

// NewChainProvider returns a chain of providers.
func NewChainProvider(providers ...Provider) *ChainProvider {
	return &ChainProvider{Providers: providers}
}

// ChainAttempt is what one provider of a chain said.
type ChainAttempt struct {
	// Source names the provider (its SourceName, or its Go type).
	Source string
	// Err is why it gave no credentials.
	Err error
}

// Skipped reports whether the provider was not configured.
func (a ChainAttempt) Skipped() bool { return errors.Is(a.Err, ErrNotConfigured) }

// ChainError is the error of a chain that produced no credentials: every
// provider asked, in order, with why it was skipped or how it failed.
type ChainError struct {
	Attempts []ChainAttempt
}

// Error lists every provider asked. Its first line is "no AWS credentials
// found; sources in order:" when no source is configured, that is when
// every provider was skipped or only the last resort, EC2 instance
// metadata, failed (as it does off EC2); it is "AWS credentials from
// <source> failed; sources in order:" when a configured source failed.
func (e *ChainError) Error() string {
	var b strings.Builder
	last := e.Attempts[len(e.Attempts)-1]
	noSource := last.Skipped() || last.Source == IMDSSource
	if noSource {
		b.WriteString("no AWS credentials found; sources in order:")
	} else {
		fmt.Fprintf(&b, "AWS credentials from %s failed; sources in order:", last.Source)
	}
	for i, a := range e.Attempts {
		verdict := "failed"
		msg := a.Err.Error()
		var nc *NotConfiguredError
		var pe *ProviderError
		switch {
		case errors.As(a.Err, &nc):
			verdict, msg = "skipped", nc.Reason
		case errors.As(a.Err, &pe):
			msg = pe.Err.Error()
		}
		fmt.Fprintf(&b, "\n  %d. %s: %s: %s", i+1, a.Source, verdict, msg)
	}
	if noSource {
		b.WriteString("\nset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile in the shared files (AWS_PROFILE), or set Options.Credentials")
	}
	return b.String()
}

// Unwrap returns every provider's error, for errors.Is and errors.As.
func (e *ChainError) Unwrap() []error {
	out := make([]error, len(e.Attempts))
	for i, a := range e.Attempts {
		out[i] = a.Err
	}
	return out
}

// sourceName names p for a ChainError.
func sourceName(p Provider) string {
	if n, ok := p.(interface{ SourceName() string }); ok {
		return n.SourceName()
	}
	return fmt.Sprintf("%T", p)
}

// Retrieve asks each provider in order. See [ChainProvider].
func (c *ChainProvider) Retrieve(ctx context.Context) (Credentials, error) {
	if len(c.Providers) == 0 {
		return Credentials{}, errors.New("credential chain has no providers")
	}
	attempts := make([]ChainAttempt, 0, len(c.Providers))
	for _, p := range c.Providers {
		creds, err := p.Retrieve(ctx)
		if err == nil {
			return creds, nil
		}
		attempts = append(attempts, ChainAttempt{Source: sourceName(p), Err: err})
		if !errors.Is(err, ErrNotConfigured) {
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	return Credentials{}, &ChainError{Attempts: attempts}
}

// DefaultChainOptions make the default chain's environment, files and
// network injectable. Zero values mean the real process environment, home
// directory, file system and network.
type DefaultChainOptions struct {
	// Profile names the shared-config profile; empty: AWS_PROFILE or
	// "default".
	Profile string
	// ProfileSource names where Profile came from, for error messages;
	// see SharedConfigProvider.ProfileSource.
	ProfileSource string
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
	// UserHomeDir locates ~. Default: os.UserHomeDir.
	UserHomeDir func() (string, error)
	// ReadFile reads a file. Default: os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// HTTPClient is used for the container endpoint and IMDS. Default: a
	// client without proxy and with short timeouts.
	HTTPClient HTTPClient
	// ContainerHost replaces http://169.254.170.2 for
	// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.
	ContainerHost string
	// IMDSEndpoint replaces AWS_EC2_METADATA_SERVICE_ENDPOINT and the default.
	IMDSEndpoint string
	// ProcessTimeout bounds credential_process. Default:
	// DefaultProcessTimeout.
	ProcessTimeout time.Duration
}

// NewDefaultChain returns the documented default chain, uncached:
//
//  1. environment variables ([EnvProvider]);
//  2. the shared files' profile, including its credential_process
//     ([SharedConfigProvider]);
//  3. the ECS / EKS Pod Identity container endpoint ([ContainerProvider]);
//  4. EC2 instance metadata ([IMDSProvider]).
//
// Wrap it in [NewCache]. See [ChainProvider] for how failures stop it.
func NewDefaultChain(o DefaultChainOptions) *ChainProvider {
	return NewChainProvider(
		&EnvProvider{Getenv: o.Getenv},
		&SharedConfigProvider{Profile: o.Profile, ProfileSource: o.ProfileSource, Getenv: o.Getenv, UserHomeDir: o.UserHomeDir, ReadFile: o.ReadFile, ProcessTimeout: o.ProcessTimeout},
		&ContainerProvider{Getenv: o.Getenv, ReadFile: o.ReadFile, HTTPClient: o.HTTPClient, RelativeHost: o.ContainerHost},
		&IMDSProvider{Getenv: o.Getenv, HTTPClient: o.HTTPClient, Endpoint: o.IMDSEndpoint},
	)
}
