package otel

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/smithy-go/metrics"
	"go.opentelemetry.io/otel/metric"
)

// Int64AsyncCounter creates an OpenTelemetry Int64ObservableCounter and
// registers callback for it; Stop unregisters the callback.
func (m meter) Int64AsyncCounter(name string, callback metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	inst, err := m.otel.Int64ObservableCounter(name, convertOptions[metric.Int64ObservableCounterOption](opts)...)
	return m.registerInt64(inst, err, callback)
}

// Int64AsyncUpDownCounter creates an OpenTelemetry
// Int64ObservableUpDownCounter and registers callback for it.
func (m meter) Int64AsyncUpDownCounter(name string, callback metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	inst, err := m.otel.Int64ObservableUpDownCounter(name, convertOptions[metric.Int64ObservableUpDownCounterOption](opts)...)
	return m.registerInt64(inst, err, callback)
}

// Int64AsyncGauge creates an OpenTelemetry Int64ObservableGauge and
// registers callback for it.
func (m meter) Int64AsyncGauge(name string, callback metrics.Int64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	inst, err := m.otel.Int64ObservableGauge(name, convertOptions[metric.Int64ObservableGaugeOption](opts)...)
	return m.registerInt64(inst, err, callback)
}

// Float64AsyncCounter creates an OpenTelemetry Float64ObservableCounter and
// registers callback for it.
func (m meter) Float64AsyncCounter(name string, callback metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	inst, err := m.otel.Float64ObservableCounter(name, convertOptions[metric.Float64ObservableCounterOption](opts)...)
	return m.registerFloat64(inst, err, callback)
}

// Float64AsyncUpDownCounter creates an OpenTelemetry
// Float64ObservableUpDownCounter and registers callback for it.
func (m meter) Float64AsyncUpDownCounter(name string, callback metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	inst, err := m.otel.Float64ObservableUpDownCounter(name, convertOptions[metric.Float64ObservableUpDownCounterOption](opts)...)
	return m.registerFloat64(inst, err, callback)
}

// Float64AsyncGauge creates an OpenTelemetry Float64ObservableGauge and
// registers callback for it.
func (m meter) Float64AsyncGauge(name string, callback metrics.Float64Callback, opts ...metrics.InstrumentOption) (metrics.AsyncInstrument, error) {
	inst, err := m.otel.Float64ObservableGauge(name, convertOptions[metric.Float64ObservableGaugeOption](opts)...)
	return m.registerFloat64(inst, err, callback)
}

// registerInt64 registers callback for inst, which OpenTelemetry created
// with createErr. An instrument OpenTelemetry returned next to an error is
// still registered; without an instrument or a callback the handle's Stop
// does nothing.
func (m meter) registerInt64(inst metric.Int64Observable, createErr error, callback metrics.Int64Callback) (metrics.AsyncInstrument, error) {
	if inst == nil || callback == nil {
		return &asyncInstrument{}, errors.Join(createErr, errNoCallback(callback == nil))
	}
	reg, err := m.otel.RegisterCallback(func(ctx context.Context, o metric.Observer) error {
		callback(ctx, int64Observer{otel: o, inst: inst})
		return nil
	}, inst)
	return &asyncInstrument{reg: reg}, errors.Join(createErr, err)
}

// registerFloat64 is registerInt64 for float64 instruments.
func (m meter) registerFloat64(inst metric.Float64Observable, createErr error, callback metrics.Float64Callback) (metrics.AsyncInstrument, error) {
	if inst == nil || callback == nil {
		return &asyncInstrument{}, errors.Join(createErr, errNoCallback(callback == nil))
	}
	reg, err := m.otel.RegisterCallback(func(ctx context.Context, o metric.Observer) error {
		callback(ctx, float64Observer{otel: o, inst: inst})
		return nil
	}, inst)
	return &asyncInstrument{reg: reg}, errors.Join(createErr, err)
}

// errNoCallback is the error for an asynchronous instrument created without
// a callback, or nil.
func errNoCallback(missing bool) error {
	if missing {
		return errors.New("asynchronous instrument needs a callback, got nil")
	}
	return nil
}

// int64Observer reports observations of one instrument to OpenTelemetry.
type int64Observer struct {
	otel metric.Observer
	inst metric.Int64Observable
}

func (o int64Observer) Observe(_ context.Context, v int64, opts ...metrics.RecordMetricOption) {
	o.otel.ObserveInt64(o.inst, v, measurementOptions[metric.ObserveOption](opts)...)
}

// float64Observer reports observations of one instrument to OpenTelemetry.
type float64Observer struct {
	otel metric.Observer
	inst metric.Float64Observable
}

func (o float64Observer) Observe(_ context.Context, v float64, opts ...metrics.RecordMetricOption) {
	o.otel.ObserveFloat64(o.inst, v, measurementOptions[metric.ObserveOption](opts)...)
}

// asyncInstrument is the handle of a registered callback.
type asyncInstrument struct {
	reg  metric.Registration
	once sync.Once
}

// Stop unregisters the callback; later calls do nothing.
func (a *asyncInstrument) Stop() {
	a.once.Do(func() {
		if a.reg != nil {
			_ = a.reg.Unregister()
		}
	})
}
