package retry

import (
	"context"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

type attemptsKey struct{}

type rawResponseKey struct{}

// Attempts returns how many attempts a finished call made, read from its
// metadata (output.ResultMetadata or the metadata returned by the stack); 0
// when the call did not pass through the [Middleware].
func Attempts(md middleware.Metadata) int {
	n, _ := md.Get(attemptsKey{}).(int)
	return n
}

func setAttempts(md *middleware.Metadata, n int) { md.Set(attemptsKey{}, n) }

// SetRawResponse records the HTTP response of an attempt in its metadata so
// the [Middleware] can read the Date of successful responses.
// [ResponseRecorder] calls it.
func SetRawResponse(md *middleware.Metadata, resp *smithyhttp.Response) {
	md.Set(rawResponseKey{}, resp)
}

func rawResponse(md middleware.Metadata) *smithyhttp.Response {
	resp, _ := md.Get(rawResponseKey{}).(*smithyhttp.Response)
	return resp
}

// ResponseRecorder is a Deserialize-step middleware (ID "RetryResponseRecorder")
// that records the raw HTTP response in the metadata for the [Middleware]'s
// clock-skew bookkeeping. It reads nothing from the body.
type ResponseRecorder struct{}

// ID returns "RetryResponseRecorder".
func (ResponseRecorder) ID() string { return "RetryResponseRecorder" }

// HandleDeserialize calls next and records out.RawResponse.
func (ResponseRecorder) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok {
		SetRawResponse(&md, resp)
	}
	return out, md, err
}

// AddToStack adds m to the Finalize step after "ResolveEndpointV2" (or, when
// that is absent, before "Signing", else at the end), and a [ResponseRecorder]
// at the end of the Deserialize step.
func AddToStack(stack *middleware.Stack, m *Middleware) error {
	var err error
	switch {
	case hasID(stack.Finalize.List(), "ResolveEndpointV2"):
		err = stack.Finalize.Insert(m, "ResolveEndpointV2", middleware.After)
	case hasID(stack.Finalize.List(), "Signing"):
		err = stack.Finalize.Insert(m, "Signing", middleware.Before)
	default:
		err = stack.Finalize.Add(m, middleware.After)
	}
	if err != nil {
		return err
	}
	return stack.Deserialize.Add(ResponseRecorder{}, middleware.After)
}

func hasID(ids []string, id string) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}
