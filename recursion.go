package chimesdkmessaging

import (
	"context"
	"os"
	"strings"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/rfc3986"
)

// recursionDetectionMiddleware (RecursionDetection) passes the X-Ray trace
// ID of an AWS Lambda invocation on as the X-Amzn-Trace-Id header, so a
// function that calls the service cannot be invoked recursively unnoticed;
// the AWS SDKs all do this ("Recursion detection" in the AWS SDKs and Tools
// Reference Guide). The header is set only inside Lambda (the function name
// variable is present when the client is created), only when the runtime has
// set _X_AMZN_TRACE_ID, and only when no middleware of the caller's has set
// the header already. The Lambda runtime changes the trace ID per
// invocation, so it is read per call.
type recursionDetectionMiddleware struct{ inLambda bool }

func newRecursionDetection() recursionDetectionMiddleware {
	_, inLambda := os.LookupEnv("AWS_LAMBDA_FUNCTION_NAME")
	return recursionDetectionMiddleware{inLambda: inLambda}
}

func (*recursionDetectionMiddleware) ID() string { return "RecursionDetection" }

func (m *recursionDetectionMiddleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (
	middleware.BuildOutput, middleware.Metadata, error,
) {
	if !m.inLambda {
		return next.HandleBuild(ctx, in)
	}
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.BuildOutput{}, middleware.Metadata{}, unknownTransportError(in.Request)
	}
	if id, ok := os.LookupEnv("_X_AMZN_TRACE_ID"); ok && req.Header.Get("X-Amzn-Trace-Id") == "" {
		req.Header.Set("X-Amzn-Trace-Id", escapeTraceID(id))
	}
	return next.HandleBuild(ctx, in)
}

// escapeTraceID percent-encodes every byte of a trace ID outside the set the
// SDKs leave as it is: letters, digits and - = ; : + & [ ] { } " ' ,
func escapeTraceID(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(`-=;:+&[]{}"',`, c) >= 0 {
			b = append(b, c)
			continue
		}
		b = append(b, '%', rfc3986.HexUpper[c>>4], rfc3986.HexUpper[c&0xf])
	}
	return string(b)
}
