package chimesdkmessaging

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/smithy-go/middleware"
)

// linkStack links the middlewares of a built stack once, in the stack's
// order, into a handler that ends in next. It runs the steps as smithy-go's
// own step handlers do: Serialize starts each call with a new request from
// newReq, and each step passes the request, result and raw response on
// unchanged. Unlike a middleware.Stack, which links the call's handler into
// itself for every call (one allocation per step, one call at a time), the
// handler linkStack returns is immutable: it allocates nothing of its own and
// serves any number of calls at once, provided its middlewares keep no
// per-call state, as the client's do.
//
// Middlewares added to the stack after linkStack returns are not seen. A
// step holding two middlewares of one ID cannot be linked (the step finds
// middlewares by ID): linkStack returns an error and the stack must run
// through smithy-go's steps.
func linkStack(stack *middleware.Stack, newReq func() any, next middleware.Handler) (middleware.Handler, error) {
	for _, step := range []interface{ List() []string }{stack.Initialize, stack.Serialize, stack.Build, stack.Finalize, stack.Deserialize} {
		ids := step.List()
		for i, id := range ids {
			if slices.Contains(ids[:i], id) {
				return nil, fmt.Errorf("linkStack: middleware ID %q appears twice in one step", id)
			}
		}
	}

	var deserialize middleware.DeserializeHandler = &deserializeEnd{next: next}
	ids := stack.Deserialize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Deserialize.Get(ids[i])
		deserialize = &deserializeLink{m: m, next: deserialize}
	}

	var finalize middleware.FinalizeHandler = &finalizeEnd{next: deserialize}
	ids = stack.Finalize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Finalize.Get(ids[i])
		finalize = &finalizeLink{m: m, next: finalize}
	}

	var build middleware.BuildHandler = &buildEnd{next: finalize}
	ids = stack.Build.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Build.Get(ids[i])
		build = &buildLink{m: m, next: build}
	}

	var serialize middleware.SerializeHandler = &serializeEnd{next: build}
	ids = stack.Serialize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Serialize.Get(ids[i])
		serialize = &serializeLink{m: m, next: serialize}
	}

	var initialize middleware.InitializeHandler = &initializeEnd{next: serialize, newReq: newReq}
	ids = stack.Initialize.List()
	for i := len(ids) - 1; i >= 0; i-- {
		m, _ := stack.Initialize.Get(ids[i])
		initialize = &initializeLink{m: m, next: initialize}
	}
	return &linkedStack{head: initialize}, nil
}

// linkedStack is the handler linkStack returns.
type linkedStack struct{ head middleware.InitializeHandler }

func (s *linkedStack) Handle(ctx context.Context, in any) (any, middleware.Metadata, error) {
	out, md, err := s.head.HandleInitialize(ctx, middleware.InitializeInput{Parameters: in})
	return out.Result, md, err
}

// Each step has a link type, which runs one middleware with the rest of the
// chain as its next handler, and an end type, which hands the call to the
// next step the way smithy-go's step handlers do. Where two steps' input or
// output types hold the same fields the end converts one into the other,
// so a field smithy-go adds to one of them breaks the build here instead of
// being dropped.

type initializeLink struct {
	_    incomparable
	m    middleware.InitializeMiddleware
	next middleware.InitializeHandler
}

func (l *initializeLink) HandleInitialize(ctx context.Context, in middleware.InitializeInput) (middleware.InitializeOutput, middleware.Metadata, error) {
	return l.m.HandleInitialize(ctx, in, l.next)
}

type initializeEnd struct {
	next   middleware.SerializeHandler
	newReq func() any
}

func (e *initializeEnd) HandleInitialize(ctx context.Context, in middleware.InitializeInput) (middleware.InitializeOutput, middleware.Metadata, error) {
	out, md, err := e.next.HandleSerialize(ctx, middleware.SerializeInput{Parameters: in.Parameters, Request: e.newReq()})
	return middleware.InitializeOutput(out), md, err
}

type serializeLink struct {
	_    incomparable
	m    middleware.SerializeMiddleware
	next middleware.SerializeHandler
}

func (l *serializeLink) HandleSerialize(ctx context.Context, in middleware.SerializeInput) (middleware.SerializeOutput, middleware.Metadata, error) {
	return l.m.HandleSerialize(ctx, in, l.next)
}

type serializeEnd struct{ next middleware.BuildHandler }

func (e *serializeEnd) HandleSerialize(ctx context.Context, in middleware.SerializeInput) (middleware.SerializeOutput, middleware.Metadata, error) {
	out, md, err := e.next.HandleBuild(ctx, middleware.BuildInput{Request: in.Request})
	return middleware.SerializeOutput(out), md, err
}

type buildLink struct {
	_    incomparable
	m    middleware.BuildMiddleware
	next middleware.BuildHandler
}

func (l *buildLink) HandleBuild(ctx context.Context, in middleware.BuildInput) (middleware.BuildOutput, middleware.Metadata, error) {
	return l.m.HandleBuild(ctx, in, l.next)
}

type buildEnd struct{ next middleware.FinalizeHandler }

func (e *buildEnd) HandleBuild(ctx context.Context, in middleware.BuildInput) (middleware.BuildOutput, middleware.Metadata, error) {
	out, md, err := e.next.HandleFinalize(ctx, middleware.FinalizeInput(in))
	return middleware.BuildOutput(out), md, err
}

type finalizeLink struct {
	_    incomparable
	m    middleware.FinalizeMiddleware
	next middleware.FinalizeHandler
}

func (l *finalizeLink) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	return l.m.HandleFinalize(ctx, in, l.next)
}

type finalizeEnd struct{ next middleware.DeserializeHandler }

func (e *finalizeEnd) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	out, md, err := e.next.HandleDeserialize(ctx, middleware.DeserializeInput(in))
	return middleware.FinalizeOutput{Result: out.Result}, md, err
}

type deserializeLink struct {
	_    incomparable
	m    middleware.DeserializeMiddleware
	next middleware.DeserializeHandler
}

func (l *deserializeLink) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	return l.m.HandleDeserialize(ctx, in, l.next)
}

type deserializeEnd struct{ next middleware.Handler }

func (e *deserializeEnd) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	raw, md, err := e.next.Handle(ctx, in.Request)
	return middleware.DeserializeOutput{RawResponse: raw}, md, err
}
