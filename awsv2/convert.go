package awsv2

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
)

// One-call conversions from aws-sdk-go-v2 values to this client's, for
// Options written by hand. Each keeps the meaning of the value; a value the
// other SDK does not know becomes the zero value (the default).

// CredentialsProvider converts an aws-sdk-go-v2 credentials provider, as
// aws-sdk-go-v2's generated clients use one: a provider that is not already
// an [*aws.CredentialsCache] (or aws.AnonymousCredentials) is put behind
// one, so it is asked once per expiry rather than once per attempt. A nil
// provider gives nil, so the first call fails with
// chimesdkmessaging.ErrMissingCredentials as it would with no provider.
func CredentialsProvider(p aws.CredentialsProvider) credentials.Provider {
	if p == nil {
		return nil
	}
	return NewCredentialsAdapter(cachedProvider(p))
}

// cachedProvider wraps p in an aws.CredentialsCache unless it already is one
// or is anonymous.
func cachedProvider(p aws.CredentialsProvider) aws.CredentialsProvider {
	if _, ok := p.(aws.AnonymousCredentials); ok {
		return p
	}
	// A type assertion, not aws.IsCredentialsProvider: a cache answers that
	// question for the provider it wraps.
	if _, ok := p.(*aws.CredentialsCache); ok {
		return p
	}
	return aws.NewCredentialsCache(p)
}

// RetryMode converts aws.RetryModeStandard and aws.RetryModeAdaptive;
// anything else gives "" (standard).
func RetryMode(m aws.RetryMode) chime.RetryMode {
	switch m {
	case aws.RetryModeStandard:
		return chime.RetryModeStandard
	case aws.RetryModeAdaptive:
		return chime.RetryModeAdaptive
	}
	return ""
}

// FIPSEndpointState converts an aws-sdk-go-v2 FIPS endpoint state.
func FIPSEndpointState(v aws.FIPSEndpointState) chime.FIPSEndpointState {
	switch v {
	case aws.FIPSEndpointStateEnabled:
		return chime.FIPSEndpointStateEnabled
	case aws.FIPSEndpointStateDisabled:
		return chime.FIPSEndpointStateDisabled
	}
	return chime.FIPSEndpointStateUnset
}

// DualStackEndpointState converts an aws-sdk-go-v2 dual-stack endpoint state.
func DualStackEndpointState(v aws.DualStackEndpointState) chime.DualStackEndpointState {
	switch v {
	case aws.DualStackEndpointStateEnabled:
		return chime.DualStackEndpointStateEnabled
	case aws.DualStackEndpointStateDisabled:
		return chime.DualStackEndpointStateDisabled
	}
	return chime.DualStackEndpointStateUnset
}
