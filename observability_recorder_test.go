package chimesdkmessaging_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// spanRecorder is a tracing.TracerProvider that records every span: its
// parent (the span in the context it was started with), kind, properties,
// status and how often it ended.
type spanRecorder struct {
	mu     sync.Mutex
	spans  []*recordedSpan
	scopes []string
}

type recordedSpan struct {
	rec    *spanRecorder
	name   string
	kind   tracing.SpanKind
	parent *recordedSpan
	props  map[any]any
	status tracing.SpanStatus
	ends   int
}

type recordedSpanKey struct{}

func (r *spanRecorder) Tracer(scope string, _ ...tracing.TracerOption) tracing.Tracer {
	r.mu.Lock()
	r.scopes = append(r.scopes, scope)
	r.mu.Unlock()
	return recordingTracer{r}
}

type recordingTracer struct{ rec *spanRecorder }

func (t recordingTracer) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	s := &recordedSpan{rec: t.rec, name: name, kind: o.Kind, props: map[any]any{}}
	for k, v := range o.Properties.Values() {
		s.props[k] = v
	}
	s.parent, _ = ctx.Value(recordedSpanKey{}).(*recordedSpan)
	t.rec.mu.Lock()
	t.rec.spans = append(t.rec.spans, s)
	t.rec.mu.Unlock()
	return context.WithValue(ctx, recordedSpanKey{}, s), s
}

func (s *recordedSpan) Name() string                            { return s.name }
func (s *recordedSpan) Context() tracing.SpanContext            { return tracing.SpanContext{} }
func (s *recordedSpan) AddEvent(string, ...tracing.EventOption) {}

func (s *recordedSpan) SetStatus(st tracing.SpanStatus) {
	s.rec.mu.Lock()
	s.status = st
	s.rec.mu.Unlock()
}

func (s *recordedSpan) SetProperty(k, v any) {
	s.rec.mu.Lock()
	s.props[k] = v
	s.rec.mu.Unlock()
}

func (s *recordedSpan) End() {
	s.rec.mu.Lock()
	s.ends++
	s.rec.mu.Unlock()
}

// all returns the recorded spans.
func (r *spanRecorder) all() []*recordedSpan {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*recordedSpan(nil), r.spans...)
}

// named returns the spans named name, in start order.
func (r *spanRecorder) named(name string) []*recordedSpan {
	var out []*recordedSpan
	for _, s := range r.all() {
		if s.name == name {
			out = append(out, s)
		}
	}
	return out
}

// roots returns the spans without a parent.
func (r *spanRecorder) roots() []*recordedSpan {
	var out []*recordedSpan
	for _, s := range r.all() {
		if s.parent == nil {
			out = append(out, s)
		}
	}
	return out
}

// meterRecorder is a metrics.MeterProvider that records every instrument
// (name → unit) and every measurement.
type meterRecorder struct {
	mu           sync.Mutex
	units        map[string]string
	measurements []measurement
}

type measurement struct {
	name  string
	value float64
	props map[any]any
}

func newMeterRecorder() *meterRecorder { return &meterRecorder{units: map[string]string{}} }

func (r *meterRecorder) Meter(string, ...metrics.MeterOption) metrics.Meter { return recordingMeter{r} }

// of returns the measurements of the instrument named name.
func (r *meterRecorder) of(name string) []measurement {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []measurement
	for _, m := range r.measurements {
		if m.name == name {
			out = append(out, m)
		}
	}
	return out
}

func (r *meterRecorder) all() []measurement {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]measurement(nil), r.measurements...)
}

// sum adds up the values of the instrument named name.
func (r *meterRecorder) sum(name string) float64 {
	var s float64
	for _, m := range r.of(name) {
		s += m.value
	}
	return s
}

func (r *meterRecorder) unit(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.units[name]
}

type recordingMeter struct{ rec *meterRecorder }

type recordingInstrument struct {
	rec  *meterRecorder
	name string
}

func (m recordingMeter) instrument(name string, opts []metrics.InstrumentOption) recordingInstrument {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	m.rec.mu.Lock()
	m.rec.units[name] = o.UnitLabel
	m.rec.mu.Unlock()
	return recordingInstrument{m.rec, name}
}

func (i recordingInstrument) record(v float64, opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	props := map[any]any{}
	for k, v := range o.Properties.Values() {
		props[k] = v
	}
	i.rec.mu.Lock()
	i.rec.measurements = append(i.rec.measurements, measurement{i.name, v, props})
	i.rec.mu.Unlock()
}

type intInstrument struct{ recordingInstrument }

func (i intInstrument) Add(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	i.record(float64(v), opts)
}
func (i intInstrument) Record(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	i.record(float64(v), opts)
}
func (i intInstrument) Sample(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	i.record(float64(v), opts)
}

type floatInstrument struct{ recordingInstrument }

func (i floatInstrument) Add(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	i.record(v, opts)
}
func (i floatInstrument) Record(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	i.record(v, opts)
}
func (i floatInstrument) Sample(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	i.record(v, opts)
}

type asyncInstrument struct{}

func (asyncInstrument) Stop() {}

func (m recordingMeter) Int64Counter(n string, o ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return intInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Int64UpDownCounter(n string, o ...metrics.InstrumentOption) (metrics.Int64UpDownCounter, error) {
	return intInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Int64Gauge(n string, o ...metrics.InstrumentOption) (metrics.Int64Gauge, error) {
	return intInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Int64Histogram(n string, o ...metrics.InstrumentOption) (metrics.Int64Histogram, error) {
	return intInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Int64AsyncCounter(n string, _ metrics.Int64Callback, o ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.instrument(n, o)
	return asyncInstrument{}, nil
}
func (m recordingMeter) Int64AsyncUpDownCounter(n string, _ metrics.Int64Callback, o ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.instrument(n, o)
	return asyncInstrument{}, nil
}
func (m recordingMeter) Int64AsyncGauge(n string, _ metrics.Int64Callback, o ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.instrument(n, o)
	return asyncInstrument{}, nil
}
func (m recordingMeter) Float64Counter(n string, o ...metrics.InstrumentOption) (metrics.Float64Counter, error) {
	return floatInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Float64UpDownCounter(n string, o ...metrics.InstrumentOption) (metrics.Float64UpDownCounter, error) {
	return floatInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Float64Gauge(n string, o ...metrics.InstrumentOption) (metrics.Float64Gauge, error) {
	return floatInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Float64Histogram(n string, o ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return floatInstrument{m.instrument(n, o)}, nil
}
func (m recordingMeter) Float64AsyncCounter(n string, _ metrics.Float64Callback, o ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.instrument(n, o)
	return asyncInstrument{}, nil
}
func (m recordingMeter) Float64AsyncUpDownCounter(n string, _ metrics.Float64Callback, o ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.instrument(n, o)
	return asyncInstrument{}, nil
}
func (m recordingMeter) Float64AsyncGauge(n string, _ metrics.Float64Callback, o ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	m.instrument(n, o)
	return asyncInstrument{}, nil
}

// describe prints every span and measurement, for failure messages.
func describe(sr *spanRecorder, mr *meterRecorder) string {
	s := ""
	if sr != nil {
		for _, sp := range sr.all() {
			parent := "<root>"
			if sp.parent != nil {
				parent = sp.parent.name
			}
			s += fmt.Sprintf("span %s (parent %s) status=%d ends=%d %v\n", sp.name, parent, sp.status, sp.ends, sp.props)
		}
	}
	if mr != nil {
		for _, m := range mr.all() {
			s += fmt.Sprintf("metric %s=%v %v\n", m.name, m.value, m.props)
		}
	}
	return s
}
