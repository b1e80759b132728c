package chimesdkmessaging

import (
	"net/http"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/retry"
)

// HTTPClient sends one HTTP request. *http.Client satisfies it.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// Retryer decides whether, when and how often a failed attempt is retried.
// It has the method set of aws-sdk-go-v2's aws.Retryer, so a retryer written
// for that SDK works here. [NewStandardRetryer] and [NewAdaptiveRetryer]
// build the two modes the SDKs offer.
type Retryer = retry.Retryer

// RetryMode names a retry strategy: [RetryModeStandard] or [RetryModeAdaptive].
type RetryMode string

// Retry modes, as AWS_RETRY_MODE and the shared config's retry_mode spell them.
const (
	RetryModeStandard RetryMode = "standard"
	RetryModeAdaptive RetryMode = "adaptive"
)

// FIPSEndpointState says whether the client uses a FIPS endpoint.
type FIPSEndpointState uint

// FIPS endpoint states.
const (
	FIPSEndpointStateUnset FIPSEndpointState = iota
	FIPSEndpointStateEnabled
	FIPSEndpointStateDisabled
)

// DualStackEndpointState says whether the client uses a dual-stack (IPv4 and
// IPv6) endpoint.
type DualStackEndpointState uint

// Dual-stack endpoint states.
const (
	DualStackEndpointStateUnset DualStackEndpointState = iota
	DualStackEndpointStateEnabled
	DualStackEndpointStateDisabled
)

// EndpointResolverOptions switch endpoint variants on.
type EndpointResolverOptions struct {
	UseFIPSEndpoint      FIPSEndpointState
	UseDualStackEndpoint DualStackEndpointState
}

// ClientLogMode selects what the client logs through Options.Logger. Values
// combine with |. Each mode has the bit aws-sdk-go-v2's aws.ClientLogMode
// gives it (numbered from the top bit down), so converting a value of that
// type, chimesdkmessaging.ClientLogMode(aws.LogRetries), keeps its meaning.
type ClientLogMode uint64

// Log modes. Whatever is logged is redacted: Authorization, security tokens,
// secret keys, FilterRule and Identity.Name never appear. LogDeprecatedUsage
// and the event-message modes exist for bit parity with aws-sdk-go-v2; this
// client has no deprecated members or event streams, so they log nothing.
const (
	LogSigning ClientLogMode = 1 << (64 - 1 - iota)
	LogRetries
	LogRequest
	LogRequestWithBody
	LogResponse
	LogResponseWithBody
	LogDeprecatedUsage
	LogRequestEventMessage
	LogResponseEventMessage
)

// IsSigning reports whether LogSigning is set.
func (m ClientLogMode) IsSigning() bool { return m&LogSigning != 0 }

// IsRetries reports whether LogRetries is set.
func (m ClientLogMode) IsRetries() bool { return m&LogRetries != 0 }

// IsRequest reports whether LogRequest is set.
func (m ClientLogMode) IsRequest() bool { return m&LogRequest != 0 }

// IsRequestWithBody reports whether LogRequestWithBody is set.
func (m ClientLogMode) IsRequestWithBody() bool { return m&LogRequestWithBody != 0 }

// IsResponse reports whether LogResponse is set.
func (m ClientLogMode) IsResponse() bool { return m&LogResponse != 0 }

// IsResponseWithBody reports whether LogResponseWithBody is set.
func (m ClientLogMode) IsResponseWithBody() bool { return m&LogResponseWithBody != 0 }

// Options configure a [Client]. The zero value of each field means its
// default. [New] copies Options; per-call option functions change a copy, so
// they never leak into the client.
type Options struct {
	// Region is the AWS Region to call and to sign for, e.g. "us-east-1".
	Region string

	// BaseEndpoint overrides the resolved endpoint, e.g. a proxy or a local
	// emulator. A path prefix is kept. It cannot be combined with FIPS or
	// dual-stack.
	BaseEndpoint *string

	// EndpointOptions switch FIPS and dual-stack endpoints on.
	EndpointOptions EndpointResolverOptions

	// Credentials sign every request. Required. Wrap slow providers in
	// credentials.NewCache.
	Credentials credentials.Provider

	// HTTPClient sends requests. Default: a client with timeouts suitable
	// for this API, connection reuse, and a 64 KiB limit on response
	// headers. The client never follows redirects, whatever HTTPClient is
	// set: an *http.Client is used through a copy that does not follow
	// them, and a 3xx answer ends the call with a *RedirectError.
	HTTPClient HTTPClient

	// RetryMaxAttempts caps attempts per call, the first included. 0 keeps
	// the Retryer's own (3 for the built-in modes); 1 disables retries.
	RetryMaxAttempts int

	// RetryMode picks the built-in retryer when Retryer is nil. Default:
	// standard. It takes effect when the client is created: the retryer
	// (and its quota) is client-wide, so a per-call RetryMode changes
	// nothing; use a per-call Retryer instead.
	RetryMode RetryMode

	// Retryer replaces the built-in retry strategy.
	Retryer Retryer

	// AttemptTimeout bounds each attempt (0: only the context bounds it). A
	// timed-out attempt is retried.
	AttemptTimeout time.Duration

	// APIOptions edit the middleware stack of every call, e.g. to add a
	// middleware of your own.
	APIOptions []func(*middleware.Stack) error

	// Logger receives the log lines ClientLogMode asks for. Default: none.
	Logger logging.Logger

	// ClientLogMode selects what is logged.
	ClientLogMode ClientLogMode

	// AppID is added to the User-Agent as app/<AppID>.
	AppID string

	// DisableConstraintValidation turns off the client-side checks beyond
	// required members (lengths, ARN pattern, FilterRule shape). Required
	// members and non-empty path labels are always checked.
	DisableConstraintValidation bool

	// DisableClockSkewCorrection turns off the correction of the signing
	// time by the offset between the local clock and the service's, learnt
	// from responses that report a skewed request time.
	DisableClockSkewCorrection bool

	// EndpointResolverV2 resolves the endpoint of each call from
	// [EndpointParameters]. Default (nil): the service's endpoint rule set,
	// the one [NewDefaultEndpointResolverV2] returns.
	EndpointResolverV2 EndpointResolverV2

	// MaxResponseBytes bounds how much of a response body is read. Default:
	// 1 MiB.
	MaxResponseBytes int64

	// TracerProvider receives the spans of each call, named as
	// aws-sdk-go-v2 names them ("Chime SDK Messaging.<Operation>",
	// RetryLoop, Attempt, SignRequest, DoHTTPRequest...). Default: smithy-go's
	// no-op provider, which costs nothing per call.
	TracerProvider tracing.TracerProvider

	// MeterProvider receives the client.call.* and client.http.* metrics
	// aws-sdk-go-v2 emits, plus client.call.throttled_attempts and the
	// client.retry.* gauges. Default: smithy-go's no-op provider, which
	// costs nothing per call.
	MeterProvider metrics.MeterProvider

	// Interceptors run at the hook points of each call (before and after
	// execution, serialization, the retry loop, each attempt, signing,
	// transmission and deserialization), as with aws-sdk-go-v2.
	Interceptors smithyhttp.InterceptorRegistry

	// ResponseBodyTimeout bounds the reading of each attempt's response
	// body, from the arrival of its headers, so a server that sends the body
	// a byte at a time cannot hold a call. Default (0): 30 s; negative: no
	// bound but the context and AttemptTimeout. A timed-out attempt fails
	// with a *ResponseBodyTimeoutError and is retried.
	ResponseBodyTimeout time.Duration
}

// Copy returns a copy of o whose slices can be changed without touching o.
func (o Options) Copy() Options {
	c := o
	c.APIOptions = append([]func(*middleware.Stack) error(nil), o.APIOptions...)
	c.Interceptors = o.Interceptors.Copy()
	return c
}

// WithAPIOptions returns an option function that appends optFns to
// Options.APIOptions, as aws-sdk-go-v2's generated clients have it.
func WithAPIOptions(optFns ...func(*middleware.Stack) error) func(*Options) {
	return func(o *Options) { o.APIOptions = append(o.APIOptions, optFns...) }
}

// WithEndpointResolverV2 returns an option function that sets
// Options.EndpointResolverV2.
func WithEndpointResolverV2(v EndpointResolverV2) func(*Options) {
	return func(o *Options) { o.EndpointResolverV2 = v }
}

// WithSigV4SigningName returns an option function that signs with name
// instead of "chime" ([SigningName]), for a proxy that expects another
// signing name. Use it per call or on the client.
func WithSigV4SigningName(name string) func(*Options) {
	return withSigningOverride(signingOverride{name: name})
}

// WithSigV4SigningRegion returns an option function that signs for region
// instead of Options.Region; the endpoint is still resolved from
// Options.Region.
func WithSigV4SigningRegion(region string) func(*Options) {
	return withSigningOverride(signingOverride{region: region})
}
