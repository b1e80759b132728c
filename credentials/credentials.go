// Package credentials holds the AWS credentials a client signs with and the
// providers that produce them.
//
// Every provider satisfies [Provider]. The static provider is the simplest;
// the others read the environment, exchange a web identity token
// ([WebIdentityRoleProvider], EKS IRSA), assume roles ([AssumeRoleProvider]),
// resolve the shared configuration files' profiles (source_profile chains,
// credential_source, IAM Identity Center, credential_process), or ask the
// container credentials endpoint or EC2 instance metadata; [NewDefaultChain]
// orders them as aws-sdk-go-v2's config.LoadDefaultConfig does, and
// [NewCache] wraps any of them so that refreshes happen once, before expiry,
// however many goroutines ask.
//
// No value in this package prints its secret: [Credentials] redacts the
// secret access key and the session token in String, GoString and every fmt
// verb but %p (see [Credentials.Format]); [Cache] and [IMDSProvider] keep
// what they cache where fmt cannot reach it, even dereferenced or inside
// another value's unexported fields. Errors never quote a secret, an
// endpoint's response body, or a credential_process's output.
package credentials

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Credentials is one set of AWS credentials.
type Credentials struct {
	// AccessKeyID identifies the key pair. It is not secret.
	AccessKeyID string
	// SecretAccessKey signs requests. It is never printed.
	SecretAccessKey string
	// SessionToken accompanies temporary credentials. It is never printed.
	SessionToken string
	// Source names the provider that produced these credentials.
	Source string
	// CanExpire reports whether Expires is meaningful.
	CanExpire bool
	// Expires is when temporary credentials stop working.
	Expires time.Time
	// AccountID is the AWS account the credentials belong to, when known.
	AccountID string
}

// Expired reports whether the credentials can expire and have, at time now.
func (c Credentials) Expired(now time.Time) bool {
	return c.CanExpire && !now.Before(c.Expires)
}

// HasKeys reports whether both the access key ID and the secret are set.
func (c Credentials) HasKeys() bool {
	return c.AccessKeyID != "" && c.SecretAccessKey != ""
}

// String describes the credentials without their secrets.
func (c Credentials) String() string {
	s := fmt.Sprintf("{AccessKeyID: %s, SecretAccessKey: %s, SessionToken: %s, Source: %s",
		c.AccessKeyID, redacted(c.SecretAccessKey), redacted(c.SessionToken), c.Source)
	if c.CanExpire {
		s += ", Expires: " + c.Expires.UTC().Format(time.RFC3339)
	}
	return s + "}"
}

// GoString is String, so %#v redacts as well.
func (c Credentials) GoString() string { return "credentials.Credentials" + c.String() }

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %x, ...) print the
// redacted form.
//
// fmt calls no method for %p, and on a struct value %p falls into fmt's
// bad-verb path, which prints the fields as they are; the same walk prints
// a Credentials value held in another value's unexported field. go vet's
// printf check rejects %p on a non-pointer; keep Credentials in exported
// fields or behind a pointer in types that may be printed.
func (c Credentials) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(c.GoString()))
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", c.String())
	default:
		_, _ = f.Write([]byte(c.String()))
	}
}

func redacted(s string) string {
	if s == "" {
		return `""`
	}
	return "[redacted]"
}

// Provider produces credentials. Implementations must be safe for concurrent
// use; the client calls Retrieve once per attempt, so slow providers belong
// behind [NewCache].
type Provider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// ProviderFunc adapts a function to [Provider].
type ProviderFunc func(ctx context.Context) (Credentials, error)

// Retrieve calls f.
func (f ProviderFunc) Retrieve(ctx context.Context) (Credentials, error) { return f(ctx) }

// StaticSource is the Source of credentials from [NewStaticCredentialsProvider].
const StaticSource = "StaticCredentials"

// StaticCredentialsProvider always returns the same credentials.
type StaticCredentialsProvider struct {
	Value Credentials
}

// NewStaticCredentialsProvider returns a provider of fixed credentials; the
// session token may be empty.
func NewStaticCredentialsProvider(accessKeyID, secretAccessKey, sessionToken string) StaticCredentialsProvider {
	return StaticCredentialsProvider{Value: Credentials{
		AccessKeyID:     accessKeyID,
		SecretAccessKey: secretAccessKey,
		SessionToken:    sessionToken,
		Source:          StaticSource,
	}}
}

// ErrStaticCredentialsEmpty is returned by a static provider whose access key
// ID or secret is empty.
var ErrStaticCredentialsEmpty = errors.New("static credentials are empty: set both the access key ID and the secret access key")

// Retrieve returns the fixed credentials, or an error when they are incomplete.
func (p StaticCredentialsProvider) Retrieve(context.Context) (Credentials, error) {
	if !p.Value.HasKeys() {
		return Credentials{Source: StaticSource}, ErrStaticCredentialsEmpty
	}
	v := p.Value
	if v.Source == "" {
		v.Source = StaticSource
	}
	return v, nil
}
