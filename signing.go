package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/endpoints"
	"github.com/chimekit/chimesdkmessaging/internal/retry"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// SigningName is the SigV4 service name of Chime SDK Messaging. It differs
// from the host prefix, messaging-chime.
const SigningName = "chime"

// signingMiddleware (Signing) gets credentials and signs each attempt with
// SigV4 for service "chime" in the client's region, at the clock-skew
// corrected time.
type signingMiddleware struct {
	options *signingOptions
	signer  *sigv4.Signer
	skew    *retry.ClockSkew
}

// signingOptions are the Options fields signing reads. The middleware holds
// them rather than *Options so that converting it to a middleware interface
// does not keep every method of every type Options reaches in the binary.
type signingOptions struct {
	Credentials   credentials.Provider
	Region        string
	Logger        logging.Logger
	ClientLogMode ClientLogMode
}

func (*signingMiddleware) ID() string { return "Signing" }

// ErrMissingCredentials is returned when Options.Credentials is nil.
var ErrMissingCredentials = errors.New("no credentials: set Options.Credentials, e.g. credentials.NewStaticCredentialsProvider, or use NewFromEnvironment")

func (m *signingMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, unknownTransportError(in.Request)
	}
	if m.options.Credentials == nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, &SigningError{Err: ErrMissingCredentials}
	}
	creds, err := m.options.Credentials.Retrieve(ctx)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, &SigningError{Err: fmt.Errorf("failed to retrieve credentials: %w", err)}
	}
	region, _ := endpoints.NormalizeRegion(m.options.Region)
	name, region := signingNameRegion(ctx, region)
	if region == "" {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, &SigningError{Err: errors.New("Options.Region is required to sign the request, also with BaseEndpoint")}
	}
	hash, err := payloadHash(req)
	if err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, &SigningError{Err: err}
	}
	now := m.skew.Now()
	keys := sigv4.Keys{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}
	if err := m.signer.SignHTTP(req.Request, keys, hash, name, region, now); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, &SigningError{Err: err}
	}
	if m.options.Logger != nil && m.options.ClientLogMode.IsSigning() {
		m.logSigning(ctx, req, keys, hash, name, region, now)
	}
	return next.HandleFinalize(ctx, in)
}

// logSigning logs the canonical request and the string to sign, with the
// security token's value redacted; the signature itself is not logged.
func (m *signingMiddleware) logSigning(ctx context.Context, req *smithyhttp.Request, creds sigv4.Keys, hash, name, region string, now time.Time) {
	h := req.Header.Clone()
	delete(h, "Authorization")
	delete(h, "X-Amz-Date")
	delete(h, "X-Amz-Security-Token")
	res, err := m.signer.Compute(&sigv4.Request{
		Method: req.Method, Host: req.URL.Host, Path: req.URL.EscapedPath(), RawQuery: req.URL.RawQuery,
		Header: h, ContentLength: req.ContentLength,
	}, creds, hash, name, region, now)
	if err != nil {
		return
	}
	canonical := res.CanonicalRequest
	if creds.SessionToken != "" {
		canonical = strings.ReplaceAll(canonical, creds.SessionToken, "[redacted]")
	}
	logging.WithContext(ctx, m.options.Logger).Logf(logging.Debug,
		"Request Signature:\n---[ CANONICAL STRING  ]-----------------------------\n%s\n---[ STRING TO SIGN ]--------------------------------\n%s\n-----------------------------------------------------",
		canonical, res.StringToSign)
}

// payloadHash returns the hex SHA-256 of the request body: precomputed for
// the client's own bodies, read and rewound for a stream a middleware put
// in its place.
func payloadHash(req *smithyhttp.Request) (string, error) {
	if p := requestPayload(req); p != nil {
		return p.hash, nil
	}
	switch s := req.GetStream().(type) {
	case nil:
		return sigv4.EmptyPayloadHash, nil
	default:
		b, err := io.ReadAll(s)
		if err != nil {
			return "", fmt.Errorf("reading the request body to sign it: %w", err)
		}
		if err := req.RewindStream(); err != nil {
			return "", fmt.Errorf("rewinding the request body after hashing it: %w", err)
		}
		return newPayload(b).hash, nil
	}
}

// SigningError reports a failure to sign a request: no credentials, no
// region, or a provider error. It never holds a secret.
type SigningError struct{ Err error }

func (e *SigningError) Error() string { return "failed to sign request: " + e.Err.Error() }

func (e *SigningError) Unwrap() error { return e.Err }

var _ credentials.Provider = credentials.StaticCredentialsProvider{}
