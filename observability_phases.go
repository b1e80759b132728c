package chimesdkmessaging

import (
	"context"
	"errors"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// The phases aws-sdk-go-v2 times inside its own middlewares, timed here by
// wrappers that keep the wrapped middleware's ID (see addObservability).

// phase is one timed phase of a call: its span, opened as a child of the
// span in ctx without becoming the parent of what follows (as aws-sdk-go-v2
// opens its phase spans), and the histogram its duration goes to.
type phase struct {
	_       incomparable
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
