package credentials

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
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
	last := e.Attempts[len(e.Attempts)-1]
	noSource := last.Skipped() || last.Source == IMDSSource
	var b []byte
	if noSource {
		b = append(b, "no AWS credentials found; sources in order:"...)
	} else {
		b = append(b, "AWS credentials from "+last.Source+" failed; sources in order:"...)
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
		b = append(b, "\n  "+strconv.Itoa(i+1)+". "+a.Source+": "+verdict+": "+msg...)
	}
	if noSource {
		b = append(b, "\nset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, configure a profile in the shared files (AWS_PROFILE), or set Options.Credentials"...)
	}
	return string(b)
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
	// "default". A profile named here takes precedence over the
	// environment's keys and web identity, as a profile given to
	// aws-sdk-go-v2's config.WithSharedConfigProfile does; AWS_PROFILE
	// does not.
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
	// HTTPClient is used for the container endpoint and IMDS, and for STS
	// and IAM Identity Center unless STS.HTTPClient is set; it is used
	// through a copy that never follows a redirect. Default: for the
	// metadata endpoints a client without proxy and with short timeouts;
	// for STS and IAM Identity Center one with the environment's proxy.
	HTTPClient HTTPClient
	// ContainerHost replaces http://169.254.170.2 for
	// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.
	ContainerHost string
	// IMDSEndpoint replaces AWS_EC2_METADATA_SERVICE_ENDPOINT and the default.
	IMDSEndpoint string
	// ProcessTimeout bounds credential_process. Default:
	// DefaultProcessTimeout.
	ProcessTimeout time.Duration
	// STS configures the calls to STS (and the region, FIPS and dual-stack
	// choice for IAM Identity Center): Region is the client's region
	// (empty: AWS_REGION, AWS_DEFAULT_REGION, else the profile's region);
	// an empty Endpoint means AWS_ENDPOINT_URL_STS or the profile's
	// services section (see [SharedConfigProvider]).
	STS STSOptions
	// MFATokenProvider returns the current code of a profile's mfa_serial
	// device. Without it, a profile with mfa_serial fails with an error
	// saying to set it.
	MFATokenProvider func() (string, error)
}

// NewDefaultChain returns the default chain, uncached, in the order and
// with the precedence of aws-sdk-go-v2's config.LoadDefaultConfig:
//
//  1. environment keys ([EnvProvider]);
//  2. web identity from the environment: AWS_WEB_IDENTITY_TOKEN_FILE with
//     AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME ([WebIdentityRoleProvider],
//     EKS IRSA), before any profile, AWS_PROFILE included;
//  3. the shared files' profile: static keys, role_arn on a source_profile
//     chain or a credential_source, web_identity_token_file, IAM Identity
//     Center, login_session, credential_process ([SharedConfigProvider]);
//  4. the ECS / EKS Pod Identity container endpoint ([ContainerProvider]);
//  5. EC2 instance metadata ([IMDSProvider]).
//
// When o.Profile is set, the profile comes first and the first two are
// skipped, as aws-sdk-go-v2 does for a profile named in code.
//
// Wrap it in [NewCache]. See [ChainProvider] for how failures stop it.
func NewDefaultChain(o DefaultChainOptions) *ChainProvider {
	sts := o.STS
	if sts.HTTPClient == nil {
		sts.HTTPClient = o.HTTPClient
	}
	var env, web Provider = &EnvProvider{Getenv: o.Getenv}, &envWebIdentityProvider{o: o, sts: sts}
	if o.Profile != "" {
		why := "profile " + quote(o.Profile) + " was named explicitly"
		if o.ProfileSource != "" {
			why += " (" + o.ProfileSource + ")"
		}
		why += ", which takes precedence over the environment as in aws-sdk-go-v2"
		env, web = skippedProvider{name: EnvSource, reason: why}, skippedProvider{name: WebIdentitySource, reason: why}
	}
	return NewChainProvider(
		env, web,
		&SharedConfigProvider{Profile: o.Profile, ProfileSource: o.ProfileSource, Getenv: o.Getenv, UserHomeDir: o.UserHomeDir, ReadFile: o.ReadFile,
			ProcessTimeout: o.ProcessTimeout, HTTPClient: o.HTTPClient, ContainerHost: o.ContainerHost, IMDSEndpoint: o.IMDSEndpoint,
			STS: sts, MFATokenProvider: o.MFATokenProvider},
		&ContainerProvider{Getenv: o.Getenv, ReadFile: o.ReadFile, HTTPClient: o.HTTPClient, RelativeHost: o.ContainerHost},
		&IMDSProvider{Getenv: o.Getenv, HTTPClient: o.HTTPClient, Endpoint: o.IMDSEndpoint},
	)
}

// skippedProvider is a chain entry left out on purpose.
type skippedProvider struct{ name, reason string }

func (s skippedProvider) SourceName() string { return s.name }

func (s skippedProvider) Retrieve(context.Context) (Credentials, error) {
	return Credentials{}, notConfigured(s.name, s.reason)
}

// envWebIdentityProvider is web identity from the environment (EKS IRSA).
type envWebIdentityProvider struct {
	o   DefaultChainOptions
	sts STSOptions
}

func (p *envWebIdentityProvider) SourceName() string { return WebIdentitySource }

func (p *envWebIdentityProvider) Retrieve(ctx context.Context) (Credentials, error) {
	c, _, err := p.explain(ctx)
	return c, err
}

func (p *envWebIdentityProvider) explain(ctx context.Context) (Credentials, []string, error) {
	get := p.o.Getenv
	if get == nil {
		get = os.Getenv
	}
	file := get("AWS_WEB_IDENTITY_TOKEN_FILE")
	if file == "" {
		return Credentials{}, nil, notConfigured(WebIdentitySource, "AWS_WEB_IDENTITY_TOKEN_FILE is not set")
	}
	// The STS client is the configuration's: its region and endpoint
	// settings may come from the profile (AWS_PROFILE or default), as in
	// aws-sdk-go-v2, even though the credentials do not.
	env := ini.Env{Getenv: p.o.Getenv, UserHomeDir: p.o.UserHomeDir, ReadFile: p.o.ReadFile}
	files, err := env.Load()
	if err != nil {
		return Credentials{}, nil, failed(WebIdentitySource, err)
	}
	name, _ := env.ProfileName(p.o.Profile)
	vals, _ := files.Profile(name)
	sts, err := stsOptionsFor(p.sts, get, files, vals, p.o.HTTPClient)
	if err != nil {
		return Credentials{}, nil, failed(WebIdentitySource, err)
	}
	w := &WebIdentityRoleProvider{TokenFile: file, RoleARN: get("AWS_ROLE_ARN"), RoleSessionName: get("AWS_ROLE_SESSION_NAME"),
		ReadFile: p.o.ReadFile, Origin: "AWS_WEB_IDENTITY_TOKEN_FILE", STS: sts}
	c, err := w.Retrieve(ctx)
	return c, []string{w.describe()}, err
}
