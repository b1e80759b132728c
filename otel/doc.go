// Package otel adapts OpenTelemetry's TracerProvider and MeterProvider to the
// smithy-go tracing and metrics interfaces that chimesdkmessaging clients
// (like aws-sdk-go-v2 clients) take in Options.TracerProvider and
// Options.MeterProvider.
//
//	o.TracerProvider = otel.AdaptTracerProvider(sdkTracerProvider)
//	o.MeterProvider = otel.AdaptMeterProvider(sdkMeterProvider)
//
// # Properties and attributes
//
// Every smithy-go properties container the client fills (tracer, span, span
// event, meter and measurement properties) becomes OpenTelemetry attributes.
// A property becomes an attribute when its key is a string (or an
// attribute.Key) and its value has one of these types:
//
//   - bool, string, float64, float32
//   - int, int8, int16, int32, int64, uint8, uint16, uint32
//   - uint and uint64 up to math.MaxInt64 (larger values become their decimal
//     string, so nothing is lost)
//   - []bool, []int, []int64, []float64, []string
//   - attribute.Value
//
// Any other key or value is dropped, never formatted: a struct, an error or a
// credentials value set as a property cannot reach an exporter through fmt.
// A container's attributes are set in key order, so exports are reproducible.
//
// # Mappings
//
// Span kinds and statuses map one to one (tracing.SpanKindClient to
// trace.SpanKindClient, tracing.SpanStatusError to codes.Error, and so on).
// Instruments map to the OpenTelemetry instrument of the same kind, with
// InstrumentOptions.UnitLabel as the unit and InstrumentOptions.Description
// as the description; a smithy-go gauge's Sample is an OpenTelemetry gauge's
// Record, and an asynchronous instrument's Stop unregisters its callback.
//
// This package imports only OpenTelemetry's API (its trace and metric
// packages); the SDK and the stdout exporters are used by the tests and by
// the examples/stdout program, which runs a client against the in-process
// fake service.
package otel
