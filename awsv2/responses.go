package awsv2

import (
	"context"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"

	chime "github.com/chimekit/chimesdkmessaging"
)

// useAWSResponseMetadata records what aws-sdk-go-v2's generated clients
// record about a response, under aws-sdk-go-v2's own metadata keys, and
// gives error responses aws-sdk-go-v2's error type:
//
//   - the request ID, for awsmiddleware.GetRequestIDMetadata, by
//     aws-sdk-go-v2's own RequestIDRetriever;
//   - the raw response, for awsmiddleware.GetRawResponse, by its own
//     AddRawResponse;
//   - a service error as *awshttp.ResponseError (ServiceRequestID,
//     HTTPStatusCode) over the same *smithyhttp.ResponseError and the same
//     typed exception, by [responseErrorWrapper].
func useAWSResponseMetadata(stack *middleware.Stack) error {
	if _, ok := stack.Deserialize.Get("OperationDeserializer"); !ok {
		return nil
	}
	if _, ok := stack.Deserialize.Get((*awsmiddleware.RequestIDRetriever)(nil).ID()); ok {
		return nil // already applied
	}
	if err := awsmiddleware.AddRequestIDRetrieverMiddleware(stack); err != nil {
		return err
	}
	if err := stack.Deserialize.Insert(responseErrorWrapper{}, (*awsmiddleware.RequestIDRetriever)(nil).ID(), middleware.Before); err != nil {
		return err
	}
	return awsmiddleware.AddRawResponseToMetadata(stack)
}

// responseErrorWrapper (ResponseErrorWrapper, the ID of aws-sdk-go-v2's
// middleware of the same purpose) turns this client's *chime.ResponseError
// into aws-sdk-go-v2's *awshttp.ResponseError. Both carry the same fields
// (an embedded *smithyhttp.ResponseError and RequestID) and print the same
// text, so the error reads exactly as aws-sdk-go-v2's; errors.As still
// reaches the *smithyhttp.ResponseError and the exception below it.
type responseErrorWrapper struct{}

func (responseErrorWrapper) ID() string { return "ResponseErrorWrapper" }

func (responseErrorWrapper) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if re, ok := err.(*chime.ResponseError); ok && re.ResponseError != nil {
		err = &awshttp.ResponseError{ResponseError: re.ResponseError, RequestID: re.RequestID}
	}
	return out, md, err
}
