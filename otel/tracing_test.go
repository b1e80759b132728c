package otel

import (
	"context"
	"testing"

	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// newRecordedTracer returns a smithy-go tracer on an SDK provider whose
// ended spans land in the returned recorder.
func newRecordedTracer(t *testing.T, opts ...tracing.TracerOption) (tracing.Tracer, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return AdaptTracerProvider(tp).Tracer("chimesdkmessaging-test", opts...), rec
}

func withKind(k tracing.SpanKind) tracing.SpanOption {
	return func(o *tracing.SpanOptions) { o.Kind = k }
}

func TestSpanKindsMapOneToOne(t *testing.T) {
	want := map[tracing.SpanKind]trace.SpanKind{
		tracing.SpanKindInternal: trace.SpanKindInternal,
		tracing.SpanKindClient:   trace.SpanKindClient,
		tracing.SpanKindServer:   trace.SpanKindServer,
		tracing.SpanKindProducer: trace.SpanKindProducer,
		tracing.SpanKindConsumer: trace.SpanKindConsumer,
		tracing.SpanKind(99):     trace.SpanKindInternal, // a kind smithy-go may add later
	}
	for kind, otelKind := range want {
		tr, rec := newRecordedTracer(t)
		_, s := tr.StartSpan(context.Background(), "op", withKind(kind))
		s.End()
		spans := rec.Ended()
		require.Len(t, spans, 1)
		assert.Equal(t, otelKind, spans[0].SpanKind(), "smithy-go kind %d", kind)
	}
}

func TestSpanStatusesMapOneToOne(t *testing.T) {
	for status, code := range map[tracing.SpanStatus]codes.Code{
		tracing.SpanStatusUnset: codes.Unset,
		tracing.SpanStatusOK:    codes.Ok,
		tracing.SpanStatusError: codes.Error,
		tracing.SpanStatus(42):  codes.Unset,
	} {
		tr, rec := newRecordedTracer(t)
		_, s := tr.StartSpan(context.Background(), "op")
		s.SetStatus(status)
		s.End()
		spans := rec.Ended()
		require.Len(t, spans, 1)
		assert.Equal(t, code, spans[0].Status().Code, "smithy-go status %d", status)
		assert.Empty(t, spans[0].Status().Description)
	}
}

func TestSpanPropertiesEventsNameAndContext(t *testing.T) {
	tr, rec := newRecordedTracer(t)
	_, s := tr.StartSpan(context.Background(), "Chime SDK Messaging.PutChannelMembershipPreferences",
		withKind(tracing.SpanKindClient),
		func(o *tracing.SpanOptions) {
			o.Properties.Set("rpc.system", "aws-api")
			o.Properties.Set("rpc.method", "PutChannelMembershipPreferences")
			o.Properties.Set("not.an.attribute", secretHolder{"PLANTED"})
		})
	assert.Equal(t, "Chime SDK Messaging.PutChannelMembershipPreferences", s.Name())

	s.SetProperty("http.response.status_code", 200)
	s.SetProperty("aws.request_id", "req-1")
	s.SetProperty("operation.attempts", int64(2))
	s.SetProperty("dropped", secretHolder{"PLANTED"})
	s.SetProperty(struct{}{}, "dropped key")
	s.AddEvent("retry", func(o *tracing.EventOptions) { o.Properties.Set("attempt", 1) })
	s.AddEvent("bare")
	sc := s.Context()
	s.SetStatus(tracing.SpanStatusOK)
	s.End()

	spans := rec.Ended()
	require.Len(t, spans, 1)
	got := spans[0]
	assert.Equal(t, "Chime SDK Messaging.PutChannelMembershipPreferences", got.Name())
	assert.Equal(t, trace.SpanKindClient, got.SpanKind())
	assert.Equal(t, codes.Ok, got.Status().Code)
	assert.Equal(t, attribute.NewSet(
		attribute.String("rpc.system", "aws-api"),
		attribute.String("rpc.method", "PutChannelMembershipPreferences"),
		attribute.Int("http.response.status_code", 200),
		attribute.String("aws.request_id", "req-1"),
		attribute.Int64("operation.attempts", 2),
	), attribute.NewSet(got.Attributes()...))
	for _, kv := range got.Attributes() {
		assert.NotContains(t, kv.Value.String(), "PLANTED")
	}

	require.Len(t, got.Events(), 2)
	assert.Equal(t, "retry", got.Events()[0].Name)
	assert.Equal(t, []attribute.KeyValue{attribute.Int("attempt", 1)}, got.Events()[0].Attributes)
	assert.Equal(t, "bare", got.Events()[1].Name)
	assert.Empty(t, got.Events()[1].Attributes)

	assert.True(t, sc.IsValid())
	assert.Equal(t, got.SpanContext().TraceID().String(), sc.TraceID)
	assert.Equal(t, got.SpanContext().SpanID().String(), sc.SpanID)
	assert.False(t, sc.IsRemote)
}

func TestTracerPropertiesBecomeScopeAttributes(t *testing.T) {
	tr, rec := newRecordedTracer(t, func(o *tracing.TracerOptions) {
		o.Properties.Set("library.version", "0.1.0")
	})
	_, s := tr.StartSpan(context.Background(), "op")
	s.End()
	scope := rec.Ended()[0].InstrumentationScope()
	assert.Equal(t, "chimesdkmessaging-test", scope.Name)
	assert.Equal(t, attribute.NewSet(attribute.String("library.version", "0.1.0")), scope.Attributes)
}

// TestSpanTreeFollowsTheSmithyLineage starts spans the way the client's
// middleware does: a call span, then a child per step, where a step's span
// is popped off the lineage (tracing.PopSpan) while the context still holds
// its OpenTelemetry span. The next step's span must be the call span's
// child, not the popped step's.
func TestSpanTreeFollowsTheSmithyLineage(t *testing.T) {
	tr, rec := newRecordedTracer(t)
	ctx, call := tr.StartSpan(context.Background(), "call")
	got, ok := tracing.GetSpan(ctx)
	require.True(t, ok)
	assert.Same(t, call, got, "the returned context holds the smithy-go span")
	assert.Equal(t, call.Context().SpanID, trace.SpanFromContext(ctx).SpanContext().SpanID().String(),
		"the returned context holds the OpenTelemetry span too")

	stepCtx, _ := tr.StartSpan(ctx, "Serialize")
	stepCtx, step := tracing.PopSpan(stepCtx)
	step.End()
	_, next := tr.StartSpan(stepCtx, "Sign")
	next.End()
	call.End()

	byName := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		byName[s.Name()] = s
	}
	require.Len(t, byName, 3)
	callID := byName["call"].SpanContext().SpanID()
	assert.False(t, byName["call"].Parent().IsValid(), "the call span is a root")
	assert.Equal(t, callID, byName["Serialize"].Parent().SpanID())
	assert.Equal(t, callID, byName["Sign"].Parent().SpanID(), "popped step is not the parent")
	assert.Equal(t, byName["call"].SpanContext().TraceID(), byName["Sign"].SpanContext().TraceID())
}

func TestCallSpanIsChildOfTheCallersOpenTelemetrySpan(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, app := tp.Tracer("app").Start(context.Background(), "handle request")

	_, call := AdaptTracerProvider(tp).Tracer("client").StartSpan(ctx, "call")
	call.End()
	app.End()

	spans := rec.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, "call", spans[0].Name())
	assert.Equal(t, app.SpanContext().SpanID(), spans[0].Parent().SpanID())
	assert.Equal(t, app.SpanContext().TraceID(), spans[0].SpanContext().TraceID())
}

// foreignSpan is a smithy-go span from some other implementation.
type foreignSpan struct{ tracing.Span }

func TestForeignSpanOnTheLineageIsNotAParent(t *testing.T) {
	tr, rec := newRecordedTracer(t)
	ctx := tracing.WithSpan(context.Background(), foreignSpan{})
	_, s := tr.StartSpan(ctx, "op")
	s.End()
	spans := rec.Ended()
	require.Len(t, spans, 1)
	assert.False(t, spans[0].Parent().IsValid())
}

func TestNilProviderRecordsNothing(t *testing.T) {
	ctx, s := AdaptTracerProvider(nil).Tracer("x").StartSpan(context.Background(), "op")
	s.SetProperty("k", "v")
	s.AddEvent("e")
	s.SetStatus(tracing.SpanStatusError)
	s.End()
	assert.Equal(t, "op", s.Name())
	sc := s.Context()
	assert.False(t, sc.IsValid(), "no IDs, so not valid")
	got, ok := tracing.GetSpan(ctx)
	assert.True(t, ok)
	assert.Same(t, s, got)
}
