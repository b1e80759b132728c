package chimesdkmessaging

import (
	"context"
	"errors"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// hasInterceptors reports whether r holds any interceptor.
func hasInterceptors(r *smithyhttp.InterceptorRegistry) bool {
	return len(r.BeforeExecution) > 0 ||
		len(r.BeforeSerialization) > 0 || len(r.AfterSerialization) > 0 ||
		len(r.BeforeRetryLoop) > 0 ||
		len(r.BeforeAttempt) > 0 ||
		len(r.BeforeSigning) > 0 || len(r.AfterSigning) > 0 ||
		len(r.BeforeTransmit) > 0 || len(r.AfterTransmit) > 0 ||
		len(r.BeforeDeserialization) > 0 || len(r.AfterDeserialization) > 0 ||
		len(r.AfterAttempt) > 0 || len(r.AfterExecution) > 0
}

// callerCodeInStack reports whether code of the caller's runs inside the
// middleware stack (APIOptions middlewares or interceptors), where it may
// hold or change the request: the stack then keeps the request in the shape
// smithy-go middlewares expect (the body as the request stream) and shares
// no header value between calls.
func callerCodeInStack(o *Options) bool {
	return len(o.APIOptions) > 0 || hasInterceptors(&o.Interceptors)
}

// addInterceptors adds smithy-go's interceptor middlewares at the hook
// points aws-sdk-go-v2's generated clients use, all of them or none (some
// fill in the InterceptorContext that later hooks read):
//
//	Initialize:  OperationContext, then InterceptExecution (BeforeExecution, AfterExecution; sets Input)
//	Serialize:   InterceptBeforeSerialization, OperationSerializer, InterceptAfterSerialization (sets Request)
//	Finalize:    InterceptBeforeRetryLoop, Retry, InterceptAttempt (BeforeAttempt, AfterAttempt),
//	             InterceptBeforeSigning, Signing, InterceptAfterSigning
//	Deserialize: InterceptAfterDeserialization (sets Output), OperationDeserializer,
//	             InterceptBeforeDeserialization, ..., InterceptTransmit last
//	             (BeforeTransmit, AfterTransmit; sets Response)
//
// The deserialize step runs its middlewares' second halves in reverse
// order, so after the transport: AfterTransmit, BeforeDeserialization, the
// decoding, AfterDeserialization.
func addInterceptors(stack *middleware.Stack, r *smithyhttp.InterceptorRegistry) error {
	if !hasInterceptors(r) {
		return nil
	}
	return errors.Join(
		stack.Initialize.Add(&smithyhttp.InterceptExecution{
			BeforeExecution: r.BeforeExecution,
			AfterExecution:  r.AfterExecution,
		}, middleware.Before),
		stack.Initialize.Add(operationContext{operation: stack.ID()}, middleware.Before),
		stack.Serialize.Insert(&smithyhttp.InterceptBeforeSerialization{
			Interceptors: r.BeforeSerialization,
		}, "OperationSerializer", middleware.Before),
		stack.Serialize.Insert(&smithyhttp.InterceptAfterSerialization{
			Interceptors: r.AfterSerialization,
		}, "OperationSerializer", middleware.After),
		stack.Finalize.Insert(&smithyhttp.InterceptBeforeRetryLoop{
			Interceptors: r.BeforeRetryLoop,
		}, "Retry", middleware.Before),
		stack.Finalize.Insert(&smithyhttp.InterceptAttempt{
			BeforeAttempt: r.BeforeAttempt,
			AfterAttempt:  r.AfterAttempt,
		}, "Retry", middleware.After),
		stack.Finalize.Insert(&smithyhttp.InterceptBeforeSigning{
			Interceptors: r.BeforeSigning,
		}, "Signing", middleware.Before),
		stack.Finalize.Insert(&smithyhttp.InterceptAfterSigning{
			Interceptors: r.AfterSigning,
		}, "Signing", middleware.After),
		stack.Deserialize.Add(&smithyhttp.InterceptTransmit{
			BeforeTransmit: r.BeforeTransmit,
			AfterTransmit:  r.AfterTransmit,
		}, middleware.After),
		stack.Deserialize.Insert(&smithyhttp.InterceptBeforeDeserialization{
			Interceptors: r.BeforeDeserialization,
		}, "OperationDeserializer", middleware.After),
		stack.Deserialize.Insert(&smithyhttp.InterceptAfterDeserialization{
			Interceptors: r.AfterDeserialization,
		}, "OperationDeserializer", middleware.Before),
	)
}

// operationContext starts the call's stack values afresh (none of an outer
// call leaks in) with the service ID and the operation name, which
// interceptors written for aws-sdk-go-v2 read with middleware.GetServiceID
// and middleware.GetOperationName.
type operationContext struct{ operation string }

func (operationContext) ID() string { return "OperationContext" }

func (m operationContext) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
	middleware.InitializeOutput, middleware.Metadata, error,
) {
	ctx = middleware.ClearStackValues(ctx)
	ctx = middleware.WithServiceID(ctx, ServiceID)
	ctx = middleware.WithOperationName(ctx, m.operation)
	return next.HandleInitialize(ctx, in)
}
