package chimesdkmessaging

import (
	"context"
	"slices"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
)

// operation describes one API operation: all that the generic middlewares
// of this file and deserializers.go need to run it. Each
// api_op_<Operation>.go file defines one next to the operation's method and
// its Input and Output types; see CONTRIBUTING.md.
type operation struct {
	// name is the operation's name in the API model.
	name string
	// validate checks the input before anything is sent, reporting every
	// violated rule at once; constraints is false with
	// Options.DisableConstraintValidation.
	validate func(input any, constraints bool) error
	// serialize sets the request's method, path, headers and body.
	serialize func(req *smithyhttp.Request, input any) (*smithyhttp.Request, error)
	// decode decodes a 2xx body into the output; d is nil for an empty body.
	decode func(d *jsonwire.Decoder, src string) any
	// exceptions names the operation's modelled exceptions, as the
	// exception table (internal/exceptions) spells them.
	exceptions []string
}

// models reports whether the operation models the exception name.
func (op *operation) models(name string) bool { return slices.Contains(op.exceptions, name) }

// validateWith adapts a typed input check to operation.validate.
func validateWith[T any](check func(*T, bool) error) func(any, bool) error {
	return func(input any, constraints bool) error {
		v, ok := input.(*T)
		if !ok {
			return unknownInputError(input)
		}
		return check(v, constraints)
	}
}

// serializeWith adapts a typed serializer to operation.serialize.
func serializeWith[T any](serialize func(*smithyhttp.Request, *T) (*smithyhttp.Request, error)) func(*smithyhttp.Request, any) (*smithyhttp.Request, error) {
	return func(req *smithyhttp.Request, input any) (*smithyhttp.Request, error) {
		v, ok := input.(*T)
		if !ok {
			return nil, &smithy.SerializationError{Err: unknownInputError(input)}
		}
		return serialize(req, v)
	}
}

// validateMiddleware is the OperationInputValidation middleware of an
// operation.
type validateMiddleware struct {
	op          *operation
	constraints bool
}

func (*validateMiddleware) ID() string { return "OperationInputValidation" }

func (m *validateMiddleware) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	if err := m.op.validate(in.Parameters, m.constraints); err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleInitialize(ctx, in)
}

// serializeMiddleware is the OperationSerializer middleware of an
// operation.
type serializeMiddleware struct{ op *operation }

func (*serializeMiddleware) ID() string { return "OperationSerializer" }

func (m *serializeMiddleware) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (
	middleware.SerializeOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.SerializeOutput{}, middleware.Metadata{}, &smithy.SerializationError{Err: unknownTransportError(in.Request)}
	}
	req, err := m.op.serialize(req, in.Parameters)
	if err != nil {
		return middleware.SerializeOutput{}, middleware.Metadata{}, err
	}
	in.Request = req
	return next.HandleSerialize(ctx, in)
}
