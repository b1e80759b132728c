package awsv2

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// CredentialsAdapter lets an aws-sdk-go-v2 credentials provider sign this
// library's requests: it satisfies [credentials.Provider]. Every field of the
// retrieved [aws.Credentials] is copied, including Source, CanExpire, Expires
// and AccountID.
//
// The adapter calls Provider on every attempt and does not cache; give it an
// [*aws.CredentialsCache] (what config.LoadDefaultConfig puts in
// aws.Config.Credentials, and what [NewFromConfig] wraps other providers in).
//
// Printing the adapter with any fmt verb names the provider's type only, never
// its fields, so a static provider's secret cannot leak into logs.
type CredentialsAdapter struct {
	Provider aws.CredentialsProvider
}

// NewCredentialsAdapter returns an adapter for p.
func NewCredentialsAdapter(p aws.CredentialsProvider) *CredentialsAdapter {
	return &CredentialsAdapter{Provider: p}
}

// ErrNilProvider is returned by [CredentialsAdapter.Retrieve] when Provider is
// nil.
var ErrNilProvider = errors.New("CredentialsAdapter.Provider is nil: set an aws-sdk-go-v2 credentials provider, e.g. aws.Config.Credentials")

// Retrieve asks the aws-sdk-go-v2 provider for credentials and converts them.
// A provider error is wrapped (errors.Is and errors.As still see it) with the
// provider's type; the credentials themselves never appear in the error.
// Credentials without an access key ID or secret are refused, since they
// could not sign.
func (a CredentialsAdapter) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	if a.Provider == nil {
		return credentials.Credentials{}, ErrNilProvider
	}
	v, err := a.Provider.Retrieve(ctx)
	if err != nil {
		return credentials.Credentials{Source: v.Source}, &RetrieveError{Provider: providerName(a.Provider), Err: err}
	}
	if !v.HasKeys() {
		return credentials.Credentials{Source: v.Source}, &RetrieveError{
			Provider: providerName(a.Provider),
			Err:      fmt.Errorf("provider (source %q) returned no access key ID or no secret access key; check its configuration", v.Source),
		}
	}
	return credentials.Credentials{
		AccessKeyID:     v.AccessKeyID,
		SecretAccessKey: v.SecretAccessKey,
		SessionToken:    v.SessionToken,
		Source:          v.Source,
		CanExpire:       v.CanExpire,
		Expires:         v.Expires,
		AccountID:       v.AccountID,
	}, nil
}

// String names the adapted provider's type, never its contents.
func (a CredentialsAdapter) String() string {
	return "awsv2.CredentialsAdapter{Provider: " + providerName(a.Provider) + "}"
}

// GoString is String, so %#v hides the provider's fields as well.
func (a CredentialsAdapter) GoString() string { return a.String() }

// Format makes every fmt verb print [CredentialsAdapter.String].
func (a CredentialsAdapter) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", a.String())
		return
	}
	_, _ = f.Write([]byte(a.String()))
}

func providerName(p aws.CredentialsProvider) string {
	if p == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%T", p)
}

// RetrieveError reports that the aws-sdk-go-v2 provider did not yield usable
// credentials. Err is the provider's own error (or why its credentials were
// refused); it carries no secret.
type RetrieveError struct {
	// Provider is the Go type of the provider, e.g. "*aws.CredentialsCache".
	Provider string
	Err      error
}

func (e *RetrieveError) Error() string {
	return "retrieving credentials from aws-sdk-go-v2 provider " + e.Provider + ": " + e.Err.Error()
}

// Unwrap returns the provider's error.
func (e *RetrieveError) Unwrap() error { return e.Err }
