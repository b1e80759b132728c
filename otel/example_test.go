package otel_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/chimekit/chimesdkmessaging/otel"
)

// Example adapts an OpenTelemetry SDK tracer and meter provider and records
// through them the way a client does on a call: a client-kind call span with
// its RPC attributes, a child span per step, and a duration histogram. A
// client takes the adapted providers as Options.TracerProvider and
// Options.MeterProvider. The recorded spans and metrics are printed as a
// tree, without the timestamps and random IDs an exporter would show.
func Example() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	tracer := otel.AdaptTracerProvider(tp).Tracer("github.com/chimekit/chimesdkmessaging")
	meter := otel.AdaptMeterProvider(mp).Meter("github.com/chimekit/chimesdkmessaging")

	ctx, call := tracer.StartSpan(context.Background(), "Chime SDK Messaging.GetChannelMembershipPreferences",
		func(o *tracing.SpanOptions) {
			o.Kind = tracing.SpanKindClient
			o.Properties.Set("rpc.system", "aws-api")
			o.Properties.Set("rpc.service", "Chime SDK Messaging")
			o.Properties.Set("rpc.method", "GetChannelMembershipPreferences")
		})
	for _, step := range []string{"SignRequest", "DoHTTPRequest"} {
		_, s := tracer.StartSpan(ctx, step)
		s.End()
	}
	call.SetProperty("http.response.status_code", 200)
	call.SetStatus(tracing.SpanStatusOK)
	call.End()

	duration, err := meter.Float64Histogram("client.call.duration", func(o *metrics.InstrumentOptions) {
		o.UnitLabel = "s"
		o.Description = "Overall call duration (including retries and time to send or receive request and response body)"
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	duration.Record(ctx, 0.25, func(o *metrics.RecordMetricOptions) {
		o.Properties.Set("rpc.service", "Chime SDK Messaging")
		o.Properties.Set("rpc.method", "GetChannelMembershipPreferences")
	})

	printSpanTree(spans.Ended())
	printHistograms(reader)
	// Output:
	// Chime SDK Messaging.GetChannelMembershipPreferences client Ok http.response.status_code=200 rpc.method=GetChannelMembershipPreferences rpc.service=Chime SDK Messaging rpc.system=aws-api
	//   SignRequest internal Unset
	//   DoHTTPRequest internal Unset
	// client.call.duration [s] count=1 sum=0.25 rpc.method=GetChannelMembershipPreferences rpc.service=Chime SDK Messaging
}

// printSpanTree prints each span under its parent, in the order the spans
// ended within each parent, with kind, status and sorted attributes.
func printSpanTree(ended []sdktrace.ReadOnlySpan) {
	children := map[trace.SpanID][]sdktrace.ReadOnlySpan{}
	for _, s := range ended {
		children[s.Parent().SpanID()] = append(children[s.Parent().SpanID()], s)
	}
	var walk func(parent trace.SpanID, depth int)
	walk = func(parent trace.SpanID, depth int) {
		for _, s := range children[parent] {
			fmt.Printf("%s%s %s %s%s\n", strings.Repeat("  ", depth), s.Name(), s.SpanKind(), s.Status().Code,
				attributeText(attribute.NewSet(s.Attributes()...)))
			walk(s.SpanContext().SpanID(), depth+1)
		}
	}
	walk(trace.SpanID{}, 0)
}

// printHistograms prints every float64 histogram's data points.
func printHistograms(reader *sdkmetric.ManualReader) {
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		fmt.Println(err)
		return
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok {
				for _, p := range h.DataPoints {
					fmt.Printf("%s [%s] count=%d sum=%g%s\n", m.Name, m.Unit, p.Count, p.Sum, attributeText(p.Attributes))
				}
			}
		}
	}
}

// attributeText renders a set's attributes, sorted by key.
func attributeText(set attribute.Set) string {
	var sb strings.Builder
	for _, kv := range set.ToSlice() {
		sb.WriteString(" " + string(kv.Key) + "=" + kv.Value.String())
	}
	return sb.String()
}
