package chimesdkmessaging

import (
	"context"
	"errors"
	"strconv"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
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

// phase is one timed phase of a call: its span, opened as a child of the
// span in ctx without becoming the parent of what follows (as aws-sdk-go-v2
// opens its phase spans), and the histogram its duration goes to.
type phase struct {
	st      *callObservation
	ctx     context.Context
	span    tracing.Span
	h       metrics.Float64Histogram
	auth    bool // records auth.scheme_id too
	start   time.Time
	started bool
	ended   bool
}

// authScheme is the auth.scheme_id property of the auth metrics.
var authScheme = withProperty("auth.scheme_id", sigv4SchemeID)

func (ph *phase) begin(ctx context.Context, name string) {
	ph.ctx = ctx
	_, ph.span = ph.st.ob.tracer.StartSpan(ctx, name)
	ph.start = time.Now()
	ph.started = true
}

// end closes the phase once; a non-nil err marks the span as failed.
func (ph *phase) end(err error) {
	if !ph.started || ph.ended {
		return
	}
	ph.ended = true
	if ph.auth {
		recordSince(ph.ctx, ph.h, ph.start, ph.st.op.recordAuth...)
	} else {
		recordSince(ph.ctx, ph.h, ph.start, ph.st.op.record...)
	}
	if err != nil {
		ph.span.SetStatus(tracing.SpanStatusError)
	}
	ph.span.End()
}

// serializePhase times OperationSerializer, up to the call of its next
// handler.
type serializePhase struct {
	inner middleware.SerializeMiddleware
}

func (m *serializePhase) ID() string { return m.inner.ID() }

func (m *serializePhase) HandleSerialize(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (
	middleware.SerializeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return m.inner.HandleSerialize(ctx, in, next)
	}
	ph := &serializeThen{phase: phase{st: st, h: st.ob.in.serializationDuration}, next: next}
	ph.begin(ctx, spanSerialize)
	out, md, err := m.inner.HandleSerialize(ctx, in, ph)
	ph.end(err)
	return out, md, err
}

type serializeThen struct {
	phase
	next middleware.SerializeHandler
}

func (h *serializeThen) HandleSerialize(ctx context.Context, in middleware.SerializeInput) (middleware.SerializeOutput, middleware.Metadata, error) {
	h.end(nil)
	return h.next.HandleSerialize(ctx, in)
}

// endpointPhase times ResolveEndpointV2. The span carries the resolved
// scheme and host (never user info, path or query).
type endpointPhase struct{ inner middleware.FinalizeMiddleware }

func (m *endpointPhase) ID() string { return m.inner.ID() }

func (m *endpointPhase) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return m.inner.HandleFinalize(ctx, in, next)
	}
	ph := &endpointThen{phase: phase{st: st, h: st.ob.in.resolveEndpointDuration}, next: next}
	ph.begin(ctx, spanResolveEndpoint)
	out, md, err := m.inner.HandleFinalize(ctx, in, ph)
	ph.end(err)
	return out, md, err
}

type endpointThen struct {
	phase
	next middleware.FinalizeHandler
}

func (h *endpointThen) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.URL != nil {
		h.span.SetProperty("client.call.resolved_endpoint", req.URL.Scheme+"://"+req.URL.Host)
	}
	h.end(nil)
	return h.next.HandleFinalize(ctx, in)
}

// signingPhase times Signing, which first gets credentials and then signs.
// Credentials come through observedCredentials, which times GetIdentity and
// then starts the SignRequest phase, so the two spans follow each other as
// in aws-sdk-go-v2; signing ends when Signing calls its next handler.
type signingPhase struct{ inner middleware.FinalizeMiddleware }

func (m *signingPhase) ID() string { return m.inner.ID() }

func (m *signingPhase) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return m.inner.HandleFinalize(ctx, in, next)
	}
	ph := &signingThen{phase: phase{st: st, h: st.ob.in.signingDuration, auth: true}, next: next, parent: ctx}
	st.signing = ph // attempts of a call run one after the other
	out, md, err := m.inner.HandleFinalize(ctx, in, ph)
	ph.end(err)
	return out, md, err
}

type signingThen struct {
	phase
	next   middleware.FinalizeHandler
	parent context.Context // the attempt's context: the span's parent
}

func (h *signingThen) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if !h.started { // credentials did not come through observedCredentials
		h.begin(h.parent, spanSignRequest)
	}
	h.end(nil)
	h.st.signing = nil
	return h.next.HandleFinalize(ctx, in)
}

// observedCredentials times each Retrieve as the GetIdentity phase; spans
// the provider opens are children of GetIdentity.
type observedCredentials struct{ inner credentials.Provider }

// credentials returns the provider the pipeline signs with: p itself, or p
// wrapped to be timed when the pipeline is observed.
func (ob *observer) credentials(p credentials.Provider) credentials.Provider {
	if ob == nil || p == nil {
		return p
	}
	return observedCredentials{inner: p}
}

func (c observedCredentials) Retrieve(ctx context.Context) (credentials.Credentials, error) {
	st := observation(ctx)
	if st == nil {
		return c.inner.Retrieve(ctx)
	}
	sctx, span := st.ob.tracer.StartSpan(ctx, spanGetIdentity)
	start := time.Now()
	creds, err := c.inner.Retrieve(sctx)
	recordSince(ctx, st.ob.in.resolveIdentityDuration, start, st.op.recordAuth...)
	if err != nil {
		span.SetStatus(tracing.SpanStatusError)
	}
	span.End()
	if sign := st.signing; sign != nil && err == nil && !sign.started {
		sign.begin(sign.parent, spanSignRequest)
	}
	return creds, err
}

// deserializePhase times OperationDeserializer from the arrival of the
// response, as aws-sdk-go-v2 does; no span opens when the exchange failed.
type deserializePhase struct {
	inner middleware.DeserializeMiddleware
}

func (m *deserializePhase) ID() string { return m.inner.ID() }

func (m *deserializePhase) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	st := observation(ctx)
	if st == nil {
		return m.inner.HandleDeserialize(ctx, in, next)
	}
	ph := &deserializeAfter{phase: phase{st: st, h: st.ob.in.deserializationDuration}, next: next, parent: ctx}
	out, md, err := m.inner.HandleDeserialize(ctx, in, ph)
	// An error response decoded to an exception is a decode that worked.
	ph.end(decodeFailure(err))
	return out, md, err
}

// decodeFailure returns err when the response could not be decoded, nil
// for success and for an error response decoded to its exception.
func decodeFailure(err error) error {
	if err == nil {
		return nil
	}
	var decodeErr *smithy.DeserializationError
	if errors.As(err, &decodeErr) {
		return err
	}
	return nil
}

type deserializeAfter struct {
	phase
	next   middleware.DeserializeHandler
	parent context.Context
}

func (h *deserializeAfter) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := h.next.HandleDeserialize(ctx, in)
	if err == nil {
		h.begin(h.parent, spanDeserialize)
	}
	return out, md, err
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
// its ThrottledClientException.
func isThrottledAttempt(err error) bool {
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() == 429 {
		return true
	}
	var tce *types.ThrottledClientException
	return errors.As(err, &tce)
}

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
