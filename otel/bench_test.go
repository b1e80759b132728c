package otel

import (
	"context"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// discardSpans is a span processor that keeps nothing, so the benchmarks
// measure starting and ending spans, not exporting them.
type discardSpans struct{}

func (discardSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discardSpans) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discardSpans) Shutdown(context.Context) error                  { return nil }
func (discardSpans) ForceFlush(context.Context) error                { return nil }

// BenchmarkStartSpan measures one client-kind span with three properties,
// started, given a status and ended through the adapter.
func BenchmarkStartSpan(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardSpans{}))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	tr := AdaptTracerProvider(tp).Tracer("bench")
	ctx := context.Background()
	opt := func(o *tracing.SpanOptions) {
		o.Kind = tracing.SpanKindClient
		o.Properties.Set("rpc.system", "aws-api")
		o.Properties.Set("rpc.service", "Chime SDK Messaging")
		o.Properties.Set("rpc.method", "PutChannelMembershipPreferences")
	}
	b.ReportAllocs()
	for b.Loop() {
		_, s := tr.StartSpan(ctx, "Chime SDK Messaging.PutChannelMembershipPreferences", opt)
		s.SetStatus(tracing.SpanStatusOK)
		s.End()
	}
}

// BenchmarkStartSpanOpenTelemetryDirect is BenchmarkStartSpan on the
// OpenTelemetry API without the adapter: the difference is the adapter's
// cost.
func BenchmarkStartSpanOpenTelemetryDirect(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardSpans{}))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	tr := tp.Tracer("bench")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_, s := tr.Start(ctx, "Chime SDK Messaging.PutChannelMembershipPreferences", trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(
				attribute.String("rpc.method", "PutChannelMembershipPreferences"),
				attribute.String("rpc.service", "Chime SDK Messaging"),
				attribute.String("rpc.system", "aws-api"),
			))
		s.SetStatus(codes.Ok, "")
		s.End()
	}
}

// BenchmarkHistogramRecordOpenTelemetryDirect is BenchmarkHistogramRecord
// without the adapter.
func BenchmarkHistogramRecordOpenTelemetryDirect(b *testing.B) {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	h, err := mp.Meter("bench").Float64Histogram("client.call.duration")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		h.Record(ctx, 0.25, metric.WithAttributes(
			attribute.String("rpc.method", "PutChannelMembershipPreferences"),
			attribute.String("rpc.service", "Chime SDK Messaging"),
		))
	}
}

// BenchmarkHistogramRecord measures one histogram measurement with two
// properties through the adapter.
func BenchmarkHistogramRecord(b *testing.B) {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	h, err := AdaptMeterProvider(mp).Meter("bench").Float64Histogram("client.call.duration")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	opt := func(o *metrics.RecordMetricOptions) {
		o.Properties.Set("rpc.service", "Chime SDK Messaging")
		o.Properties.Set("rpc.method", "PutChannelMembershipPreferences")
	}
	b.ReportAllocs()
	for b.Loop() {
		h.Record(ctx, 0.25, opt)
	}
}
