package otel

import (
	"context"

	"github.com/aws/smithy-go/metrics"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// AdaptMeterProvider returns a smithy-go MeterProvider whose instruments
// record on mp, for Options.MeterProvider. Each smithy-go instrument becomes
// the OpenTelemetry instrument of the same kind and number type, and a
// measurement's properties become its attributes.
//
// It may be called more than once for the same mp; a nil mp yields
// instruments that record nothing.
func AdaptMeterProvider(mp metric.MeterProvider) metrics.MeterProvider {
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	return meterProvider{otel: mp}
}

type meterProvider struct {
	otel metric.MeterProvider
}

// Meter returns a meter for scope; the MeterOptions' properties become the
// instrumentation scope's attributes.
func (p meterProvider) Meter(scope string, opts ...metrics.MeterOption) metrics.Meter {
	var o metrics.MeterOptions
	for _, fn := range opts {
		fn(&o)
	}
	var mopts []metric.MeterOption
	if attrs := attributesOf(&o.Properties); len(attrs) > 0 {
		mopts = append(mopts, metric.WithInstrumentationAttributes(attrs...))
	}
	return meter{otel: p.otel.Meter(scope, mopts...)}
}

// meter creates OpenTelemetry instruments. When OpenTelemetry reports an
// error (an invalid name, say) it still returns a working instrument, and so
// does meter, next to the error.
type meter struct {
	otel metric.Meter
}

// instrumentOptions converts unit and description; it returns nil when
// neither is set. metric.InstrumentOption satisfies every instrument kind's
// option interface.
func instrumentOptions(opts []metrics.InstrumentOption) []metric.InstrumentOption {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	var out []metric.InstrumentOption
	if o.UnitLabel != "" {
		out = append(out, metric.WithUnit(o.UnitLabel))
	}
	if o.Description != "" {
		out = append(out, metric.WithDescription(o.Description))
	}
	return out
}

// convertOptions turns the shared instrument options into one instrument
// kind's option type.
func convertOptions[T any](opts []metrics.InstrumentOption) []T {
	common := instrumentOptions(opts)
	if len(common) == 0 {
		return nil
	}
	out := make([]T, len(common))
	for i, o := range common {
		out[i] = any(o).(T)
	}
	return out
}

// measurementAttributes converts a measurement's properties; nil when there
// are none.
func measurementAttributes(opts []metrics.RecordMetricOption) []attribute.KeyValue {
	if len(opts) == 0 {
		return nil
	}
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	return attributesOf(&o.Properties)
}

// measurementOptions wraps a measurement's attributes as the one option an
// Add, Record or Observe call takes (T is metric.AddOption, RecordOption or
// ObserveOption, each satisfied by metric.MeasurementOption); nil when there
// are none.
func measurementOptions[T any](opts []metrics.RecordMetricOption) []T {
	attrs := measurementAttributes(opts)
	if len(attrs) == 0 {
		return nil
	}
	return []T{any(metric.WithAttributes(attrs...)).(T)}
}

// Int64Counter creates an OpenTelemetry Int64Counter.
func (m meter) Int64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	c, err := m.otel.Int64Counter(name, convertOptions[metric.Int64CounterOption](opts)...)
	return int64Counter{c}, err
}

// Int64UpDownCounter creates an OpenTelemetry Int64UpDownCounter.
func (m meter) Int64UpDownCounter(name string, opts ...metrics.InstrumentOption) (metrics.Int64UpDownCounter, error) {
	c, err := m.otel.Int64UpDownCounter(name, convertOptions[metric.Int64UpDownCounterOption](opts)...)
	return int64UpDownCounter{c}, err
}

// Int64Gauge creates an OpenTelemetry Int64Gauge.
func (m meter) Int64Gauge(name string, opts ...metrics.InstrumentOption) (metrics.Int64Gauge, error) {
	g, err := m.otel.Int64Gauge(name, convertOptions[metric.Int64GaugeOption](opts)...)
	return int64Gauge{g}, err
}

// Int64Histogram creates an OpenTelemetry Int64Histogram.
func (m meter) Int64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Int64Histogram, error) {
	h, err := m.otel.Int64Histogram(name, convertOptions[metric.Int64HistogramOption](opts)...)
	return int64Histogram{h}, err
}

// Float64Counter creates an OpenTelemetry Float64Counter.
func (m meter) Float64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Float64Counter, error) {
	c, err := m.otel.Float64Counter(name, convertOptions[metric.Float64CounterOption](opts)...)
	return float64Counter{c}, err
}

// Float64UpDownCounter creates an OpenTelemetry Float64UpDownCounter.
func (m meter) Float64UpDownCounter(name string, opts ...metrics.InstrumentOption) (metrics.Float64UpDownCounter, error) {
	c, err := m.otel.Float64UpDownCounter(name, convertOptions[metric.Float64UpDownCounterOption](opts)...)
	return float64UpDownCounter{c}, err
}

// Float64Gauge creates an OpenTelemetry Float64Gauge.
func (m meter) Float64Gauge(name string, opts ...metrics.InstrumentOption) (metrics.Float64Gauge, error) {
	g, err := m.otel.Float64Gauge(name, convertOptions[metric.Float64GaugeOption](opts)...)
	return float64Gauge{g}, err
}

// Float64Histogram creates an OpenTelemetry Float64Histogram.
func (m meter) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	h, err := m.otel.Float64Histogram(name, convertOptions[metric.Float64HistogramOption](opts)...)
	return float64Histogram{h}, err
}

type int64Counter struct{ otel metric.Int64Counter }

func (c int64Counter) Add(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	c.otel.Add(ctx, v, measurementOptions[metric.AddOption](opts)...)
}

type int64UpDownCounter struct{ otel metric.Int64UpDownCounter }

func (c int64UpDownCounter) Add(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	c.otel.Add(ctx, v, measurementOptions[metric.AddOption](opts)...)
}

type int64Gauge struct{ otel metric.Int64Gauge }

func (g int64Gauge) Sample(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	g.otel.Record(ctx, v, measurementOptions[metric.RecordOption](opts)...)
}

type int64Histogram struct{ otel metric.Int64Histogram }

func (h int64Histogram) Record(ctx context.Context, v int64, opts ...metrics.RecordMetricOption) {
	h.otel.Record(ctx, v, measurementOptions[metric.RecordOption](opts)...)
}

type float64Counter struct{ otel metric.Float64Counter }

func (c float64Counter) Add(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	c.otel.Add(ctx, v, measurementOptions[metric.AddOption](opts)...)
}

type float64UpDownCounter struct{ otel metric.Float64UpDownCounter }

func (c float64UpDownCounter) Add(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	c.otel.Add(ctx, v, measurementOptions[metric.AddOption](opts)...)
}

type float64Gauge struct{ otel metric.Float64Gauge }

func (g float64Gauge) Sample(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	g.otel.Record(ctx, v, measurementOptions[metric.RecordOption](opts)...)
}

type float64Histogram struct{ otel metric.Float64Histogram }

func (h float64Histogram) Record(ctx context.Context, v float64, opts ...metrics.RecordMetricOption) {
	h.otel.Record(ctx, v, measurementOptions[metric.RecordOption](opts)...)
}
