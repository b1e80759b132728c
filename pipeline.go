package chimesdkmessaging

import (
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
	endpoint     endpointMiddleware
	retry        retry.Middleware
	signing      signingMiddleware
	logging      loggingMiddleware
	transport    transportHandler

	putValidate        putValidateMiddleware
	putSerialize       putSerializeMiddleware
	putSerializeDirect putSerializeMiddleware
	putDeserialize     deserializeMiddleware
	getValidate        getValidateMiddleware
	getSerialize       getSerializeMiddleware
	getDeserialize     deserializeMiddleware

	// runners pools built stacks per operation (index operation.id).
	runners [2]sync.Pool
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

// runner is a built stack with its steps already linked to the transport:
// running it is one Handle call.
type runner struct {
	stack   *middleware.Stack
	handler middleware.Handler
}

// newRunner builds the stack of op and applies APIOptions.
func (p *pipeline) newRunner(op *operation) (*runner, error) {
	stack := middleware.NewStack(op.name, newRequest)
	p.addClientMiddlewares(stack)
	op.add(p, stack, len(p.options.APIOptions) == 0)
	for _, fn := range p.options.APIOptions {
		if err := fn(stack); err != nil {
			return nil, err
		}
	}
	h := middleware.DecorateHandler(&p.transport, stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize)
	return &runner{stack: stack, handler: h}, nil
}

// pooledRunner returns an idle runner of op; the caller gives it back with
// release once the call is over. A runner serves one call at a time: the
// smithy-go steps link the call's handler into themselves while it runs.
func (p *pipeline) pooledRunner(op *operation) *runner {
	if r, ok := p.runners[op.id].Get().(*runner); ok {
		return r
	}
	r, _ := p.newRunner(op) // no APIOptions, so it cannot fail
	return r
}

func (p *pipeline) release(op *operation, r *runner) { p.runners[op.id].Put(r) }

func newPipeline(o Options, s *shared, userAgent string) *pipeline {
	p := &pipeline{options: o, shared: s}
	p.invocationID = invocationIDMiddleware{}
	p.userAgent = userAgentMiddleware{value: userAgent}
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
//	Build:       ClientRequestID, ComputeContentLength, UserAgent
//	Finalize:    ResolveEndpointV2, Retry, Signing
//	Deserialize: RequestResponseLogger (only when logging is on)
//
// OperationDeserializer also records the raw response for Retry's clock-skew
// bookkeeping, so no separate recorder middleware is needed.
func (p *pipeline) addClientMiddlewares(stack *middleware.Stack) {
	_ = stack.Build.Add(&p.invocationID, middleware.After)
	_ = stack.Build.Add(&smithyhttp.ComputeContentLength{}, middleware.After)
	_ = stack.Build.Add(&p.userAgent, middleware.After)
	_ = stack.Finalize.Add(&p.endpoint, middleware.After)
	_ = stack.Finalize.Add(&p.retry, middleware.After)
	_ = stack.Finalize.Add(&p.signing, middleware.After)
	if p.logging.enabled() {
		_ = stack.Deserialize.Add(&p.logging, middleware.After)
	}
}
