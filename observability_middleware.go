package chimesdkmessaging

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/retry"
)

// addObservability adds the middlewares of Options.Interceptors and, when
// the pipeline is observed, the spans and timers of each phase. Phases
// aws-sdk-go-v2 times inside a middleware (OperationSerializer,
// ResolveEndpointV2, Signing, OperationDeserializer) are timed by wrapping
// that middleware under its own ID, so the stack's IDs and order stay the
// same; the retry loop, each attempt and the HTTP exchange get middlewares
// of their own. Interceptor hooks sit where aws-sdk-go-v2 puts them: a
// BeforeRetryLoop interceptor runs inside the RetryLoop span, a
// BeforeAttempt interceptor inside its Attempt span, and the DoHTTPRequest
// span is the innermost, around the transport alone.
//
// Without providers and interceptors it adds nothing.
func (p *pipeline) addObservability(stack *middleware.Stack) error {
	ob := p.obs
	var errs []error
	if ob != nil {
		errs = append(errs,
			wrapSerialize(stack, "OperationSerializer", func(m middleware.SerializeMiddleware) middleware.SerializeMiddleware {
				return &serializePhase{inner: m}
			}),
			wrapFinalize(stack, "ResolveEndpointV2", func(m middleware.FinalizeMiddleware) middleware.FinalizeMiddleware {
				return &endpointPhase{inner: m}
			}),
			wrapFinalize(stack, "Signing", func(m middleware.FinalizeMiddleware) middleware.FinalizeMiddleware {
				return &signingPhase{inner: m}
			}),
			wrapDeserialize(stack, "OperationDeserializer", func(m middleware.DeserializeMiddleware) middleware.DeserializeMiddleware {
				return &deserializePhase{inner: m}
			}),
			stack.Finalize.Insert(retryLoopSpan{}, "Retry", middleware.Before),
		)
	}
	errs = append(errs, addInterceptors(stack, &p.options.Interceptors))
	if ob != nil {
		errs = append(errs,
			stack.Finalize.Insert(attemptObserver{}, "Retry", middleware.After),
			stack.Deserialize.Add(httpExchangeSpan{}, middleware.After),
		)
	}
	return errors.Join(errs...)
}

func wrapSerialize(stack *middleware.Stack, id string, wrap func(middleware.SerializeMiddleware) middleware.SerializeMiddleware) error {
	m, ok := stack.Serialize.Get(id)
	if !ok {
		return nil // a stack without the phase has nothing to time
	}
	_, err := stack.Serialize.Swap(id, wrap(m))
	return err
}

func wrapFinalize(stack *middleware.Stack, id string, wrap func(middleware.FinalizeMiddleware) middleware.FinalizeMiddleware) error {
	m, ok := stack.Finalize.Get(id)
	if !ok {
		return nil
	}
	_, err := stack.Finalize.Swap(id, wrap(m))
	return err
}

func wrapDeserialize(stack *middleware.Stack, id string, wrap func(middleware.DeserializeMiddleware) middleware.DeserializeMiddleware) error {
	m, ok := stack.Deserialize.Get(id)
	if !ok {
		return nil
	}
	_, err := stack.Deserialize.Swap(id, wrap(m))
	return err
}

// retryLoopSpan opens the RetryLoop span around the Retry middleware; every
// attempt's span is its child. After the loop it samples the retry gauges
// again, once the call's last attempt gave back what it owed the quota.
type retryLoopSpan struct{}

func (retryLoopSpan) ID() string { return "spanRetryLoop" }

func (retryLoopSpan) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return next.HandleFinalize(ctx, in)
	}
	lctx, span := st.ob.tracer.StartSpan(ctx, spanRetryLoop)
	out, md, err := next.HandleFinalize(lctx, in)
	sampleRetryGauges(ctx, st)
	span.End()
	return out, md, err
}

// attemptObserver runs inside the Retry middleware, once per attempt: it
// opens the Attempt span (operation.attempt = 1, 2, ...) and records
// client.call.attempts, client.call.attempt_duration, client.call.errors
// and client.call.throttled_attempts. It samples the retry gauges as the
// attempt starts, after the retry loop took what the attempt costs.
type attemptObserver struct{}

func (attemptObserver) ID() string { return "ObserveAttempt" }

func (attemptObserver) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return next.HandleFinalize(ctx, in)
	}
	st.attempts++
	actx, span := st.ob.tracer.StartSpan(ctx, spanAttempt, attemptSpanOptions(st.attempts)...)
	in2 := st.ob.in
	in2.attempts.Add(ctx, 1, st.op.record...)
	sampleRetryGauges(ctx, st)
	start := time.Now()
	out, md, err := next.HandleFinalize(actx, in)
	recordSince(ctx, in2.attemptDuration, start, st.op.record...)
	if err != nil {
		in2.errors.Add(ctx, 1, append(st.op.record[:len(st.op.record):len(st.op.record)], withProperty("exception.type", errorType(err)))...)
		if isThrottledAttempt(err) {
			in2.throttledAttempts.Add(ctx, 1, st.op.record...)
		}
		span.SetStatus(tracing.SpanStatusError)
	}
	span.End()
	return out, md, err
}

// attemptSpanOptions returns the options of attempt n's span
// (operation.attempt = n), allocated once for the first attempts.
func attemptSpanOptions(n int) []tracing.SpanOption {
	if n < len(firstAttemptSpanOptions) {
		return firstAttemptSpanOptions[n]
	}
	return newAttemptSpanOptions(n)
}

var firstAttemptSpanOptions = func() (opts [11][]tracing.SpanOption) {
	for n := range opts {
		opts[n] = newAttemptSpanOptions(n)
	}
	return opts
}()

func newAttemptSpanOptions(n int) []tracing.SpanOption {
	var attempt any = n
	return []tracing.SpanOption{func(o *tracing.SpanOptions) { o.Properties.Set("operation.attempt", attempt) }}
}

// isThrottledAttempt reports an attempt the service throttled: HTTP 429 or
// a throttling error code, by the retryers' own table.
func isThrottledAttempt(err error) bool { return retry.IsThrottle(err) }

// httpExchangeSpan opens the DoHTTPRequest span around the transport, with
// the properties aws-sdk-go-v2 gives it, and records the client.http.*
// metrics of the exchange. It remembers the status and request ID of the
// response for the call span.
type httpExchangeSpan struct{}

func (httpExchangeSpan) ID() string { return "spanDoHTTPRequest" }

func (httpExchangeSpan) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return next.HandleDeserialize(ctx, in)
	}
	ctx, span := st.ob.tracer.StartSpan(ctx, spanDoHTTPRequest)
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		span.SetProperty("http.method", req.Method)
		span.SetProperty("http.request_content_length", req.ContentLength)
	}
	var conn *connectionMetrics
	if st.ob.metrics {
		ctx, conn = st.ob.in.trace(ctx)
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	if conn != nil {
		conn.done()
	}
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		span.SetProperty("net.protocol.version", protocolVersion(resp.ProtoMajor, resp.ProtoMinor))
		span.SetProperty("http.status_code", resp.StatusCode)
		span.SetProperty("http.response_content_length", resp.ContentLength)
		st.status = resp.StatusCode
		st.requestID = requestIDFrom(resp.Header)
	}
	if err != nil {
		span.SetStatus(tracing.SpanStatusError)
	}
	span.End()
	return out, md, err
}

// protocolVersion formats an HTTP version as "1.1", without allocating for
// the common ones.
func protocolVersion(major, minor int) string {
	switch {
	case major == 1 && minor == 1:
		return "1.1"
	case major == 2 && minor == 0:
		return "2.0"
	case major == 1 && minor == 0:
		return "1.0"
	}
	return strconv.Itoa(major) + "." + strconv.Itoa(minor)
}
