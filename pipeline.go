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
// options; all its middlewares keep no per-call state, so one pipeline
// serves many goroutines at once.
type pipeline struct {
	options Options
	state   *clientState

	invocationID invocationIDMiddleware
	userAgent    userAgentMiddleware
	recursion    recursionDetectionMiddleware
	endpoint     endpointMiddleware
	retry        retry.Middleware
	signing      signingMiddleware
	logging      loggingMiddleware
	transport    transportHandler
	obs          *observer // nil unless a TracerProvider or MeterProvider is set

	// linkedStacks maps each *operation to the handler linkStack made of
	// its stack, for calls without APIOptions. Entries are written once and
	// then only read, the case sync.Map serves without a lock.
	linkedStacks sync.Map
}

// newStack builds the stack of op and applies APIOptions.
func (p *pipeline) newStack(op *operation) (*middleware.Stack, error) {
	stack := middleware.NewStack(op.name, newRequest)
	p.addClientMiddlewares(stack)
	_ = stack.Initialize.Add(&validateMiddleware{op: op, constraints: !p.options.DisableConstraintValidation}, middleware.After)
	_ = stack.Serialize.Add(&serializeMiddleware{op: op}, middleware.After)
	_ = stack.Deserialize.Add(&deserializeMiddleware{op: op, maxBody: p.options.MaxResponseBytes}, middleware.Before)
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
		if h, ok := p.linkedStacks.Load(op); ok {
			return h.(middleware.Handler), nil
		}
		if stack, err := p.newStack(op); err == nil {
			if h, err := linkStack(stack, newRequest, &p.transport); err == nil {
				h, _ := p.linkedStacks.LoadOrStore(op, h)
				return h.(middleware.Handler), nil
			}
		}
	}
	stack, err := p.newStack(op)
	if err != nil {
		return nil, err
	}
	return middleware.DecorateHandler(&p.transport, stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize), nil
}

func newPipeline(o Options, cs *clientState, userAgent string) *pipeline {
	p := &pipeline{options: o, state: cs}
	p.obs = cs.observerFor(&o)
	p.options.Credentials = p.obs.credentials(o.Credentials)
	// Constant header values can be reused by every call when no code of
	// the caller's can write into them in place: no APIOptions or
	// interceptors, and an *http.Client, whose transport the
	// http.RoundTripper contract forbids to modify the request (another
	// HTTPClient could do anything).
	_, stdClient := o.HTTPClient.(*http.Client)
	reuseValues := !callerCodeInStack(&o) && stdClient
	p.userAgent = newUserAgentMiddleware(userAgent, reuseValues)
	p.recursion = newRecursionDetection()
	p.endpoint = endpointMiddleware{options: &endpointOptions{
		Region:             o.Region,
		BaseEndpoint:       o.BaseEndpoint,
		EndpointOptions:    o.EndpointOptions,
		EndpointResolverV2: o.EndpointResolverV2,
	}, resolver: cs.endpoints}
	skew := cs.skew
	if o.DisableClockSkewCorrection {
		skew = nil // signs at the local time; no correction is learnt
	}
	p.retry = retry.Middleware{
		Retryer:        o.Retryer,
		Skew:           skew,
		Logger:         o.Logger,
		LogRetries:     o.Logger != nil && o.ClientLogMode.IsRetries(),
		AttemptTimeout: o.AttemptTimeout,

		ReuseHeaderValues: reuseValues,
	}
	p.signing = signingMiddleware{options: &signingOptions{
		Credentials:   p.options.Credentials,
		Region:        o.Region,
		Logger:        o.Logger,
		ClientLogMode: o.ClientLogMode,
	}, signer: cs.signer, skew: skew}
	p.logging = loggingMiddleware{logger: o.Logger, mode: o.ClientLogMode, maxBody: o.MaxResponseBytes}
	p.transport = transportHandler{client: noRedirects(o.HTTPClient), bodyTimeout: o.ResponseBodyTimeout}
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
