package chimesdkmessaging

import (
	"net/http"
	"sync"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

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
	recursion    recursionDetectionMiddleware
	endpoint     endpointMiddleware
	retry        retry.Middleware
	signing      signingMiddleware
	logging      loggingMiddleware
	transport    transportHandler
	obs          *observer // nil unless a TracerProvider or MeterProvider is set

	putValidate        putValidateMiddleware
	putSerialize       putSerializeMiddleware
	putSerializeDirect putSerializeMiddleware
	putDeserialize     deserializeMiddleware
	getValidate        getValidateMiddleware
	getSerialize       getSerializeMiddleware
	getDeserialize     deserializeMiddleware

	// linked holds, per operation (index operation.id), the stack linked
	// once by linkStack, for calls without APIOptions.
	linked [2]struct {
		once    sync.Once
		handler middleware.Handler
	}
}

// operation describes one API operation for the pipeline.
type operation struct {
	id   int
	name string
	add  func(p *pipeline, stack *middleware.Stack, direct bool)
}

var (
	putOperation = &operation{id: 0, name: opPutChannelMembershipPreferences, add: (*pipeline).addPutMiddlewares}
	getOperation = &operation{id: 1, name: opGetChannelMembershipPreferences, add: (*pipeline).addGetMiddlewares}
)

// newStack builds the stack of op and applies APIOptions.
func (p *pipeline) newStack(op *operation) (*middleware.Stack, error) {
	stack := middleware.NewStack(op.name, newRequest)
	p.addClientMiddlewares(stack)
	op.add(p, stack, !callerCodeInStack(&p.options))
	if err := p.addObservability(stack); err != nil {
		return nil, err
	}
	for _, fn := range p.options.APIOptions {
		if err := fn(stack); err != nil {
			return nil, err
		}
	}
	return stack, nil
}

// handler returns a handler running op's stack for one call. For a
// pipeline that serves many calls (reuse) and has no APIOptions it is the
// stack linked once and shared by every call. Otherwise the stack is built
// for this call and run by smithy-go's steps: with APIOptions so that the
// functions run once per call, as aws-sdk-go-v2 users expect, and for a
// pipeline of one call's options because linking would cost more than it
// saves.
func (p *pipeline) handler(op *operation, reuse bool) (middleware.Handler, error) {
	if reuse && len(p.options.APIOptions) == 0 {
		l := &p.linked[op.id]
		l.once.Do(func() {
			if stack, err := p.newStack(op); err == nil {
				l.handler, _ = linkStack(stack, newRequest, &p.transport)
			}
		})
		if l.handler != nil {
			return l.handler, nil
		}
	}
	stack, err := p.newStack(op)
	if err != nil {
		return nil, err
	}
	return middleware.DecorateHandler(&p.transport, stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize), nil
}

func newPipeline(o Options, s *shared, userAgent string) *pipeline {
	p := &pipeline{options: o, shared: s}
	p.obs = s.observerFor(&o)
	p.options.Credentials = p.obs.credentials(o.Credentials)
	p.invocationID = invocationIDMiddleware{}
	// Constant header values can be shared between calls when no code of
	// the caller's can write into them in place: no APIOptions or interceptors, and an
	// *http.Client, whose transport the http.RoundTripper contract forbids
	// to modify the request (another HTTPClient could do anything).
	_, stdClient := o.HTTPClient.(*http.Client)
	shareValues := !callerCodeInStack(&o) && stdClient
	p.userAgent = newUserAgentMiddleware(userAgent, shareValues)
	p.recursion = newRecursionDetection()
	p.endpoint = endpointMiddleware{options: &p.options, resolver: s.endpoints}
	skew := s.skew
	if o.DisableClockSkewCorrection {
		skew = nil // signs at the local time; no correction is learnt
	}
	p.retry = retry.Middleware{
		Retryer:        o.Retryer,
		Skew:           skew,
		Logger:         o.Logger,
		LogRetries:     o.Logger != nil && o.ClientLogMode.IsRetries(),
		AttemptTimeout: o.AttemptTimeout,

		SharedHeaderValues: shareValues,
	}
	p.signing = signingMiddleware{options: &p.options, signer: s.signer, skew: skew}
	p.logging = loggingMiddleware{logger: o.Logger, mode: o.ClientLogMode, maxBody: o.MaxResponseBytes}
	p.transport = transportHandler{client: noRedirects(o.HTTPClient), bodyTimeout: o.ResponseBodyTimeout}

	constraints := !o.DisableConstraintValidation
	p.putValidate = putValidateMiddleware{constraints: constraints}
	p.putSerializeDirect = putSerializeMiddleware{direct: true}
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
//	Build:       ClientRequestID, ComputeContentLength, UserAgent, RecursionDetection
//	Finalize:    ResolveEndpointV2, Retry, Signing
//	Deserialize: RequestResponseLogger (only when logging is on)
//
// OperationDeserializer also records the raw response for Retry's clock-skew
// bookkeeping, so no separate recorder middleware is needed.
func (p *pipeline) addClientMiddlewares(stack *middleware.Stack) {
	_ = stack.Build.Add(&p.invocationID, middleware.After)
	_ = stack.Build.Add(&smithyhttp.ComputeContentLength{}, middleware.After)
	_ = stack.Build.Add(&p.userAgent, middleware.After)
	_ = stack.Build.Add(&p.recursion, middleware.After)
	_ = stack.Finalize.Add(&p.endpoint, middleware.After)
	_ = stack.Finalize.Add(&p.retry, middleware.After)
	_ = stack.Finalize.Add(&p.signing, middleware.After)
	if p.logging.enabled() {
		_ = stack.Deserialize.Add(&p.logging, middleware.After)
	}
}
