package awsv2

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	chime "github.com/chimekit/chimesdkmessaging"
)

// NewFromConfig returns a client configured from cfg, then by each optFn in
// order, so explicit options win over cfg.
//
// # What is taken from cfg
//
//   - Region.
//   - BaseEndpoint, then the per-service endpoint from cfg.ConfigSources:
//     AWS_ENDPOINT_URL_CHIME_SDK_MESSAGING, or the chime_sdk_messaging entry
//     of the profile's services section (which does not override a set
//     AWS_ENDPOINT_URL), unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true;
//     the same precedence the generated aws-sdk-go-v2 clients apply.
//   - FIPS and dual-stack, from the first of cfg.ConfigSources that sets
//     them: config.LoadOptions (WithUseFIPSEndpoint...), then the
//     environment (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT), then
//     the profile (use_fips_endpoint, use_dualstack_endpoint). An aws.Config
//     built by hand has no ConfigSources; set EndpointOptions in an optFn.
//   - RetryMaxAttempts and RetryMode. If cfg.Retryer is set (config.WithRetryer)
//     it is called once and used as the client's Retryer: aws.Retryer has the
//     method set of [chime.Retryer]. Its per-attempt rate limiting
//     (aws.RetryerV2.GetAttemptToken, used by aws-sdk-go-v2's adaptive mode)
//     has a different signature and is not called; use RetryMode adaptive
//     for client-side rate limiting.
//   - Credentials, through [CredentialsAdapter]. A provider that is not
//     already an [*aws.CredentialsCache] (or aws.AnonymousCredentials) is
//     wrapped in one, so that a hand-built SSO, web identity or assume-role
//     provider is asked once per expiry rather than once per attempt.
//     config.LoadDefaultConfig already returns a cache, which is used as is. A nil cfg.Credentials leaves Options.Credentials nil, and the
//     first call fails with [chime.ErrMissingCredentials].
//   - HTTPClient, when set (config.LoadDefaultConfig sets a BuildableClient).
//   - Logger (both use smithy-go's logging.Logger), ClientLogMode mapped bit by
//     bit (LogSigning, LogRetries, LogRequest, LogRequestWithBody, LogResponse,
//     LogResponseWithBody; the event-stream and deprecated-usage bits have no
//     counterpart and are dropped), and AppID.
//
// # What is left out
//
//   - APIOptions. They are written for aws-sdk-go-v2's stack and are shared by
//     every service client built from cfg. This client's middlewares carry
//     the same IDs, so a generic smithy-go middleware (one that only reads or
//     edits the *smithyhttp.Request) works here; but the helpers of
//     aws-sdk-go-v2's aws/middleware and signer packages look their anchor up
//     by ID and type-assert it to their own type (the user-agent helpers fail
//     every call with "did not match expected type"), or insert relative to
//     middlewares this client does not have (ComputePayloadHash), or read
//     aws-sdk-go-v2 context values this client never sets. Copying them would
//     turn a working aws.Config into failing calls. To use middlewares you
//     know to be generic, pass them explicitly:
//     func(o *chime.Options) { o.APIOptions = append(o.APIOptions, mw...) }.
//   - ServiceOptions: they receive aws-sdk-go-v2's own per-service Options
//     types and may assume them.
//   - EndpointResolver and EndpointResolverWithOptions (deprecated in
//     aws-sdk-go-v2): use BaseEndpoint.
//   - Interceptors, DefaultsMode, RuntimeEnvironment, checksum, compression,
//     auth-scheme and account-ID endpoint settings: this client has no
//     counterpart.
//
// Errors met while reading ConfigSources are ignored, as the generated
// clients ignore them; config.LoadDefaultConfig has already validated those
// values when it loaded them.
func NewFromConfig(cfg aws.Config, optFns ...func(*chime.Options)) *chime.Client {
	var o chime.Options
	o.Region = cfg.Region
	o.BaseEndpoint = resolveBaseEndpoint(cfg)
	o.EndpointOptions = resolveEndpointOptions(cfg.ConfigSources)
	o.RetryMaxAttempts = cfg.RetryMaxAttempts
	o.RetryMode = retryMode(cfg.RetryMode)
	if cfg.Retryer != nil {
		if r := cfg.Retryer(); r != nil {
			o.Retryer = r
		}
	}
	if cfg.Credentials != nil {
		o.Credentials = NewCredentialsAdapter(cachedProvider(cfg.Credentials))
	}
	if cfg.HTTPClient != nil {
		o.HTTPClient = cfg.HTTPClient
	}
	o.Logger = cfg.Logger
	o.ClientLogMode = ClientLogMode(cfg.ClientLogMode)
	o.AppID = cfg.AppID
	return chime.New(o, optFns...)
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

// retryMode converts the modes both SDKs know; anything else is left unset,
// which means standard.
func retryMode(m aws.RetryMode) chime.RetryMode {
	switch m {
	case aws.RetryModeStandard:
		return chime.RetryModeStandard
	case aws.RetryModeAdaptive:
		return chime.RetryModeAdaptive
	}
	return ""
}
