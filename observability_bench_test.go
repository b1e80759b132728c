package chimesdkmessaging_test

import (
	"context"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	chime "github.com/chimekit/chimesdkmessaging"
)

// discardTracer and discardMeter are providers the client cannot tell from
// real ones but that do nothing, so a benchmark with them measures what the
// client itself adds per call when observed (spans, timers, properties),
// not the cost of a tracing or metrics SDK.
type discardTracer struct{}

func (discardTracer) Tracer(string, ...tracing.TracerOption) tracing.Tracer { return discardTracer{} }

func (discardTracer) StartSpan(ctx context.Context, _ string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o) // a real tracer reads the options
	}
	return ctx, discardSpan{}
}

type discardSpan struct{}

func (discardSpan) Name() string                            { return "" }
func (discardSpan) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (discardSpan) AddEvent(string, ...tracing.EventOption) {}
func (discardSpan) SetStatus(tracing.SpanStatus)            {}
func (discardSpan) SetProperty(any, any)                    {}
func (discardSpan) End()                                    {}

type discardMeter struct{ metrics.NopMeter }

func (discardMeter) Meter(string, ...metrics.MeterOption) metrics.Meter { return discardMeter{} }

func benchmarkPut(b *testing.B, optFns ...func(*chime.Options)) {
	c := chime.New(chime.Options{
		Region:      "us-east-1",
		Credentials: staticCreds("AKIDEXAMPLE", "SECRET", ""),
		HTTPClient:  memTransport{body: []byte(okBody)},
	}, optFns...)
	in := validInput()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.PutChannelMembershipPreferences(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutObserved is BenchmarkPutChannelMembershipPreferences with a
// TracerProvider and a MeterProvider set.
func BenchmarkPutObserved(b *testing.B) {
	benchmarkPut(b, func(o *chime.Options) {
		o.TracerProvider = discardTracer{}
		o.MeterProvider = discardMeter{}
	})
}

// BenchmarkPutTraced has a TracerProvider only.
func BenchmarkPutTraced(b *testing.B) {
	benchmarkPut(b, func(o *chime.Options) { o.TracerProvider = discardTracer{} })
}

type nopBeforeExecution struct{}

func (nopBeforeExecution) BeforeExecution(context.Context, *smithyhttp.InterceptorContext) error {
	return nil
}

// BenchmarkPutIntercepted has one interceptor, which brings in every
// interceptor middleware.
func BenchmarkPutIntercepted(b *testing.B) {
	benchmarkPut(b, func(o *chime.Options) { o.Interceptors.AddBeforeExecution(nopBeforeExecution{}) })
}
