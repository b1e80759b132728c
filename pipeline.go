package chimesdkmessaging

import (
	"github.com/aws/smithy-go/middleware"

	"github.com/chimekit/chimesdkmessaging/internal/retry"
)

// pipeline holds the middlewares of one set of options. The client builds
// one for its own options and reuses it for every call without per-call
// options; all its middlewares are stateless per call, so one pipeline
// serves many goroutines at once.
type pipeline struct {
	options Options
	shared  *shared

	invocationID invocationIDMiddleware
	userAgent    userAgentMiddleware
	endpoint     endpointMiddleware
	retry        retry.Middleware
	signing      signingMiddleware
	logging      loggingMiddleware
	transport    transportHandler

	putValidate    putValidateMiddleware
	putSerialize   putSerializeMiddleware
	putDeserialize deserializeMiddleware
	getValidate    getValidateMiddleware
	getSerialize   getSerializeMiddleware
	getDeserialize deserializeMiddleware
}

func newPipeline(o Options, s *shared) *pipeline {
	p := &pipeline{options: o, shared: s}
	p.invocationID = invocationIDMiddleware{}
	p.userAgent = userAgentMiddleware{value: s.userAgent}
	p.endpoint = endpointMiddleware{options: &p.options, resolver: s.endpoints}
	p.retry = retry.Middleware{
		Retryer:        o.Retryer,
		Skew:           s.skew,
		Logger:         o.Logger,
		LogRetries:     o.Logger != nil && o.ClientLogMode.IsRetries(),
		AttemptTimeout: o.AttemptTimeout,
	}
	p.signing = signingMiddleware{options: &p.options, signer: s.signer, skew: s.skew}
	p.logging = loggingMiddleware{logger: o.Logger, mode: o.ClientLogMode, maxBody: o.MaxResponseBytes}
	p.transport = transportHandler{client: o.HTTPClient}

	constraints := !o.DisableConstraintValidation
	p.putValidate = putValidateMiddleware{constraints: constraints}
	p.putDeserialize = deserializeMiddleware{
		op: opPutChannelMembershipPreferences, decode: decodePutOutput,
		exceptions: putExceptions, maxBody: o.MaxResponseBytes,
	}
	p.getValidate = getValidateMiddleware{constraints: constraints}
	p.getDeserialize = deserializeMiddleware{
		op: opGetChannelMembershipPreferences, decode: decodeGetOutput,
		exceptions: getExceptions, maxBody: o.MaxResponseBytes,
	}
	return p
}

// addClientMiddlewares adds what every operation shares, with the IDs
// aws-sdk-go-v2 uses so that APIOptions written for it find their anchors:
//
//	Build:       ClientRequestID, UserAgent
//	Finalize:    ResolveEndpointV2, Retry, Signing
//	Deserialize: RetryResponseRecorder (lets Retry see the Date of
//	             successful responses), RequestResponseLogger (only when
//	             logging is on)
func (p *pipeline) addClientMiddlewares(stack *middleware.Stack) {
	_ = stack.Build.Add(&p.invocationID, middleware.After)
	_ = stack.Build.Add(&p.userAgent, middleware.After)
	_ = stack.Finalize.Add(&p.endpoint, middleware.After)
	_ = stack.Finalize.Add(&p.retry, middleware.After)
	_ = stack.Finalize.Add(&p.signing, middleware.After)
	_ = stack.Deserialize.Add(retry.ResponseRecorder{}, middleware.After)
	if p.logging.enabled() {
		_ = stack.Deserialize.Add(&p.logging, middleware.After)
	}
}
