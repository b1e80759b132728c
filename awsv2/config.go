package awsv2

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	chime "github.com/chimekit/chimesdkmessaging"
)

// New returns a client configured by options, then by each optFn in order,
// on which code written for aws-sdk-go-v2's service client keeps working:
// it is chimesdkmessaging.New with these APIOptions put first, before the
// caller's:
//
//   - awsmiddleware.GetServiceID, GetOperationName and GetRegion read the
//     call's service, operation and (the client's) region from its context;
//   - aws-sdk-go-v2's user-agent helpers (awsmiddleware.AddUserAgentKey,
//     AddUserAgentKeyValue, AddSDKAgentKey, AddSDKAgentKeyValue) find the
//     *awsmiddleware.RequestUserAgent they expect under "UserAgent"; the
//     keys they add follow this library's User-Agent;
//   - awsmiddleware.GetRequestIDMetadata and awsmiddleware.GetRawResponse
//     read the request ID and the raw response from ResultMetadata (and
//     from the metadata of a failed call);
//   - a service error is an *awshttp.ResponseError (ServiceRequestID,
//     HTTPStatusCode) below the *smithy.OperationError, and errors.As still
//     reaches the typed exception (*types.ForbiddenException...) below it;
//   - retry.GetAttemptResults reads every attempt of the call;
//   - a call whose Retryer is not one of this library's (an aws-sdk-go-v2
//     retryer from config.WithRetryer, retry.NewStandard,
//     retry.NewAdaptiveMode, retry.AddWithMaxAttempts...) runs
//     aws-sdk-go-v2's own retry loop (retry.Attempt), so that it behaves
//     exactly as there: an aws.RetryerV2's GetAttemptToken (the adaptive
//     mode's client-side rate limit) before each attempt, retry.MaxAttemptsError,
//     aws-sdk-go-v2's logging of retries; Options.AttemptTimeout still
//     bounds each attempt. That loop does not correct clock skew for this
//     client's signer. A call
//     with this library's retryer (the default, chosen by RetryMode) keeps
//     this library's loop, with its throttling behaviour, clock-skew
//     correction and AttemptTimeout.
//
// These APIOptions make every call build its own middleware stack, as
// aws-sdk-go-v2 does, instead of sharing one linked stack.
func New(options chime.Options, optFns ...func(*chime.Options)) *chime.Client {
	o := options.Copy()
	for _, fn := range optFns {
		fn(&o)
	}
	compat := []func(*middleware.Stack) error{
		useAWSServiceMetadata(o.Region),
		useAWSUserAgent,
		useAWSResponseMetadata,
		useAWSRetryLoop(awsRetryer(o.Retryer, nil)),
	}
	o.APIOptions = append(compat, o.APIOptions...)
	return chime.New(o)
}

// NewFromConfig returns a client configured from cfg, then by each optFn in
// order, so explicit options win over cfg. It is [New] (with all it makes
// work) on the options taken from cfg.
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
//   - RetryMaxAttempts and RetryMode, which pick this library's retryer. If
//     cfg.Retryer is set (config.WithRetryer) it is called once and used as
//     the client's Retryer, run by aws-sdk-go-v2's own retry loop (see [New]).
//   - Credentials, through [CredentialsProvider]: a provider that is not
//     already an [*aws.CredentialsCache] (or aws.AnonymousCredentials) is
//     put behind one. config.LoadDefaultConfig already returns a cache,
//     which is used as is. A nil cfg.Credentials leaves Options.Credentials
//     nil, and the first call fails with [chime.ErrMissingCredentials].
//   - HTTPClient, when set (config.LoadDefaultConfig sets a BuildableClient).
//   - DisableClockSkewCorrection.
//   - Logger (both use smithy-go's logging.Logger), ClientLogMode through
//     [ClientLogMode], AppID, and Interceptors (smithy-go's registry, run at
//     the hook points aws-sdk-go-v2 runs them).
//   - APIOptions, after the ones [New] puts first, so aws-sdk-go-v2's
//     user-agent helpers and any generic smithy-go middleware apply. Helpers
//     that anchor on middlewares this client does not have (for example the
//     v4 signer's ComputePayloadHash) fail the call with their own error,
//     as they would on a stack without them.
//
// # What is left out
//
//   - ServiceOptions: they receive aws-sdk-go-v2's own per-service Options
//     types and may assume them.
//   - EndpointResolver and EndpointResolverWithOptions (deprecated in
//     aws-sdk-go-v2): use BaseEndpoint.
//   - DefaultsMode, RuntimeEnvironment, checksum, compression,
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
	o.RetryMode = RetryMode(cfg.RetryMode)
	if cfg.Retryer != nil {
		if r := cfg.Retryer(); r != nil {
			o.Retryer = r
		}
	}
	o.Credentials = CredentialsProvider(cfg.Credentials)
	if cfg.HTTPClient != nil {
		o.HTTPClient = cfg.HTTPClient
	}
	o.DisableClockSkewCorrection = cfg.DisableClockSkewCorrection
	o.Logger = cfg.Logger
	o.ClientLogMode = ClientLogMode(cfg.ClientLogMode)
	o.AppID = cfg.AppID
	o.APIOptions = append(o.APIOptions, cfg.APIOptions...)
	o.Interceptors = cfg.Interceptors.Copy()
	return New(o, optFns...)
}
