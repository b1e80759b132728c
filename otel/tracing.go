package otel

import (
	"context"

	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// AdaptTracerProvider returns a smithy-go TracerProvider that starts its
// spans on tp, for Options.TracerProvider. Spans the client starts become
// children of the OpenTelemetry span in the caller's context, and the
// context the client passes on (to its HTTPClient, for instance) carries
// the OpenTelemetry span of the step it is in.
//
// It may be called more than once for the same tp; a nil tp yields spans
// that record nothing.
func AdaptTracerProvider(tp trace.TracerProvider) tracing.TracerProvider {
	if tp == nil {
		tp = noop.NewTracerProvider()
	}
	return tracerProvider{otel: tp}
}

type tracerProvider struct {
	otel trace.TracerProvider
}

// Tracer returns a tracer for scope; the TracerOptions' properties become
// the instrumentation scope's attributes.
func (p tracerProvider) Tracer(scope string, opts ...tracing.TracerOption) tracing.Tracer {
	var o tracing.TracerOptions
	for _, fn := range opts {
		fn(&o)
	}
	var topts []trace.TracerOption
	if attrs := attributesOf(&o.Properties); len(attrs) > 0 {
		topts = append(topts, trace.WithInstrumentationAttributes(attrs...))
	}
	return tracer{otel: p.otel.Tracer(scope, topts...)}
}

type tracer struct {
	otel trace.Tracer
}

// StartSpan starts an OpenTelemetry span with the options' kind and
// properties. Its parent is the innermost smithy-go span in ctx when that
// span comes from this package (the client's span lineage, which outlives
// the OpenTelemetry span a popped child left in ctx), else whatever span
// OpenTelemetry finds in ctx. The returned context holds the new span for
// both APIs.
func (t tracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	if parent, ok := tracing.GetSpan(ctx); ok {
		if p, ok := parent.(*span); ok {
			ctx = trace.ContextWithSpan(ctx, p.otel)
		}
	}
	sopts := []trace.SpanStartOption{trace.WithSpanKind(spanKinds[o.Kind])}
	if attrs := attributesOf(&o.Properties); len(attrs) > 0 {
		sopts = append(sopts, trace.WithAttributes(attrs...))
	}
	ctx, otelSpan := t.otel.Start(ctx, name, sopts...)
	s := &span{otel: otelSpan, name: name}
	return tracing.WithSpan(ctx, s), s
}

// spanKinds maps smithy-go span kinds to OpenTelemetry's; a kind smithy-go
// may add later maps to the zero value, which OpenTelemetry reads as
// internal.
var spanKinds = map[tracing.SpanKind]trace.SpanKind{
	tracing.SpanKindInternal: trace.SpanKindInternal,
	tracing.SpanKindClient:   trace.SpanKindClient,
	tracing.SpanKindServer:   trace.SpanKindServer,
	tracing.SpanKindProducer: trace.SpanKindProducer,
	tracing.SpanKindConsumer: trace.SpanKindConsumer,
}

// spanStatuses maps smithy-go span statuses to OpenTelemetry status codes;
// an unknown status maps to codes.Unset.
var spanStatuses = map[tracing.SpanStatus]codes.Code{
	tracing.SpanStatusUnset: codes.Unset,
	tracing.SpanStatusOK:    codes.Ok,
	tracing.SpanStatusError: codes.Error,
}

// span is a smithy-go span backed by an OpenTelemetry span.
type span struct {
	otel trace.Span
	name string
}

// Name returns the name the span was started with.
func (s *span) Name() string { return s.name }

// Context returns the span's trace and span IDs as lowercase hex; it is the
// zero SpanContext (not valid) when the OpenTelemetry span has no IDs, as
// with a non-recording provider.
func (s *span) Context() tracing.SpanContext {
	sc := s.otel.SpanContext()
	if !sc.IsValid() {
		return tracing.SpanContext{}
	}
	return tracing.SpanContext{TraceID: sc.TraceID().String(), SpanID: sc.SpanID().String(), IsRemote: sc.IsRemote()}
}

// AddEvent adds an event whose attributes are the options' properties.
func (s *span) AddEvent(name string, opts ...tracing.EventOption) {
	var o tracing.EventOptions
	for _, fn := range opts {
		fn(&o)
	}
	if attrs := attributesOf(&o.Properties); len(attrs) > 0 {
		s.otel.AddEvent(name, trace.WithAttributes(attrs...))
		return
	}
	s.otel.AddEvent(name)
}

// SetStatus sets the span's status code. OpenTelemetry keeps an OK status
// once set: a later error status does not replace it.
func (s *span) SetStatus(status tracing.SpanStatus) {
	s.otel.SetStatus(spanStatuses[status], "")
}

// SetProperty sets one attribute; a key or value attributeOf does not
// convert is dropped.
func (s *span) SetProperty(k, v any) {
	if kv, ok := attributeOf(k, v); ok {
		s.otel.SetAttributes(kv)
	}
}

// End ends the OpenTelemetry span.
func (s *span) End() { s.otel.End() }
