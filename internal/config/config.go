// Package config resolves a client's configuration from the environment and
// the shared AWS config and credentials files, the way the AWS SDKs do.
//
// Precedence, highest first, for every setting: the environment variable,
// then the profile's key. The endpoint URL has its own order (see [Load]).
// Malformed values are errors naming the variable or key, the file and the
// value; they are never silently ignored.
package config

import (
	"net/http"
	"time"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// ServiceKey is this service's key in a "[services name]" section and the
// suffix of its endpoint variable.
const ServiceKey = "chime_sdk_messaging"

// ServiceEndpointEnv is the service-specific endpoint variable.
const ServiceEndpointEnv = "AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING"

// DefaultProfileSource is what errors call LoadOptions.Profile when
// LoadOptions.ProfileSource is empty.
const DefaultProfileSource = "LoadOptions.Profile"

// LoadOptions make the environment, files and network injectable; the zero
// value reads the real process environment, home directory and files.
type LoadOptions struct {
	// Profile overrides AWS_PROFILE.
	Profile string
	// Region overrides AWS_REGION, AWS_DEFAULT_REGION and the profile's
	// region, for the client and for the credential providers' STS and
	// sign-in calls, as aws-sdk-go-v2's config.WithRegion does.
	Region string
	// ProfileSource names where Profile came from, as the user wrote it,
	// for error messages: e.g. "--profile" for a command-line flag or
	// "Environment.Profile" for a field of a public API. Default:
	// DefaultProfileSource.
	ProfileSource string
	// Getenv reads a variable. Default: os.Getenv.
	Getenv func(string) string
	// UserHomeDir locates ~. Default: os.UserHomeDir.
	UserHomeDir func() (string, error)
	// ReadFile reads a file. Default: os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// HTTPClient is used by the credential providers (container, IMDS,
	// STS, IAM Identity Center), through a copy that never follows a
	// redirect.
	HTTPClient *http.Client
	// ContainerHost and IMDSEndpoint replace the link-local addresses, for
	// tests.
	ContainerHost string
	IMDSEndpoint  string
	// ProcessTimeout bounds credential_process.
	ProcessTimeout time.Duration
	// MFATokenProvider returns the code of a profile's mfa_serial device.
	MFATokenProvider func() (string, error)
	// STSRetryDelay replaces the STS retry backoff, for tests.
	STSRetryDelay func(attempt int) time.Duration
	// CacheOptions tune the credentials cache.
	CacheOptions []func(*credentials.CacheOptions)
}

// Config is the resolved configuration. Unset settings keep their zero
// value (nil for the tri-state booleans); Origins says where each set one
// came from.
type Config struct {
	// Profile is the profile that was read ("default" unless chosen).
	Profile string
	// Region, e.g. "us-east-1"; empty when nothing sets it.
	Region string
	// BaseEndpoint is the endpoint URL override; empty when none.
	BaseEndpoint string
	// UseFIPSEndpoint and UseDualStackEndpoint are nil when unset.
	UseFIPSEndpoint      *bool
	UseDualStackEndpoint *bool
	// MaxAttempts is 0 when unset.
	MaxAttempts int
	// RetryMode is "standard", "adaptive" or "" when unset.
	RetryMode string
	// Credentials is the default chain (environment, web identity,
	// profile, container, IMDS) in a cache. It is resolved lazily, on first use.
	Credentials credentials.Provider
	// Origins say where each set value came from.
	Origins Origins
}

// Origins describe where settings came from, e.g.
// "environment variable AWS_REGION" or
// `profile "dev" in /home/u/.aws/config line 3`. Empty when unset.
type Origins struct {
	Region               string
	BaseEndpoint         string
	UseFIPSEndpoint      string
	UseDualStackEndpoint string
	MaxAttempts          string
	RetryMode            string
}
