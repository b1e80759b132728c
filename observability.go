package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
)

// instrumentationScope names the tracer and the meter of this client, as
// aws-sdk-go-v2 clients name theirs by their module path.
const instrumentationScope = "github.com/chimekit/chimesdkmessaging"

// Span names, as aws-sdk-go-v2 clients name the same phases. The call span
// is named "<ServiceID>.<operation>".
const (
	spanRetryLoop       = "RetryLoop"
	spanAttempt         = "Attempt"
	spanSerialize       = "OperationSerializer"
	spanDeserialize     = "OperationDeserializer"
	spanResolveEndpoint = "ResolveEndpoint"
	spanGetIdentity     = "GetIdentity"
	spanSignRequest     = "SignRequest"
	spanDoHTTPRequest   = "DoHTTPRequest"
)

// sigv4SchemeID is the auth.scheme_id property of the auth metrics.
const sigv4SchemeID = "aws.auth#sigv4"

// observer emits the spans and metrics of the calls made with one set of
// options. It exists only when Options.TracerProvider or
// Options.MeterProvider is set to something other than smithy-go's no-op
// providers: without it the client adds no middleware, no context value
// and no allocation to a call. An observer keeps no per-call state; what a
// call needs lives in its callObservation.
type observer struct {
	tp      tracing.TracerProvider
	mp      metrics.MeterProvider
	tracer  tracing.Tracer
	in      *instruments // no-op instruments when metrics are off
	metrics bool         // MeterProvider is set
	err     error        // an instrument could not be created: calls fail with it

	ops sync.Map // operation name → *operationProperties
}

// operationProperties are what every span and metric of one operation
// carries, computed once so that a call allocates none of it.
type operationProperties struct {
	spanName   string
	span       []tracing.SpanOption         // client kind, rpc.system, rpc.service, rpc.method
	record     []metrics.RecordMetricOption // rpc.service, rpc.method
	recordAuth []metrics.RecordMetricOption // and auth.scheme_id
}

// newObserver returns the observer of o, or nil when neither provider is set.
func newObserver(o *Options) *observer {
	tracingOn, metricsOn := !isNopTracerProvider(o.TracerProvider), !isNopMeterProvider(o.MeterProvider)
	if !tracingOn && !metricsOn {
		return nil
	}
	ob := &observer{tp: o.TracerProvider, mp: o.MeterProvider, tracer: tracing.NopTracerProvider{}.Tracer("")}
	if tracingOn {
		ob.tracer = o.TracerProvider.Tracer(instrumentationScope)
	}
	meter := metrics.Meter(nopMeter)
	if metricsOn {
		meter = o.MeterProvider.Meter(instrumentationScope)
		ob.metrics = true
	}
	ob.in, ob.err = newInstruments(meter)
	return ob
}

func isNopTracerProvider(tp tracing.TracerProvider) bool {
	switch tp.(type) {
	case nil, tracing.NopTracerProvider, *tracing.NopTracerProvider:
		return true
	}
	return false
}

func isNopMeterProvider(mp metrics.MeterProvider) bool {
	switch mp.(type) {
	case nil, metrics.NopMeterProvider, *metrics.NopMeterProvider:
		return true
	}
	return false
}

// observerFor returns the observer of the client's own options when o has
// the same providers, so per-call options that leave them alone do not
// create the instruments again; otherwise a new one for o.
func (s *clientState) observerFor(o *Options) *observer {
	if ob := s.observer; ob != nil && samePointer(ob.tp, o.TracerProvider) && samePointer(ob.mp, o.MeterProvider) {
		return ob
	}
	return newObserver(o)
}

// samePointer reports whether a and b hold the same pointer. Values of other
// kinds count as different: comparing them could panic.
func samePointer(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Kind() == reflect.Pointer && vb.Kind() == reflect.Pointer &&
		va.Type() == vb.Type() && va.Pointer() == vb.Pointer()
}

func (ob *observer) operation(name string) *operationProperties {
	if v, ok := ob.ops.Load(name); ok {
		return v.(*operationProperties)
	}
	var method any = name // boxed once
	record := func(o *metrics.RecordMetricOptions) {
		o.Properties.Set("rpc.service", ServiceID)
		o.Properties.Set("rpc.method", method)
	}
	p := &operationProperties{
		spanName: ServiceID + "." + name,
		span: []tracing.SpanOption{func(o *tracing.SpanOptions) {
			o.Kind = tracing.SpanKindClient
			o.Properties.Set("rpc.system", "aws-api")
			o.Properties.Set("rpc.service", ServiceID)
			o.Properties.Set("rpc.method", method)
		}},
		record:     []metrics.RecordMetricOption{record},
		recordAuth: []metrics.RecordMetricOption{record, authScheme},
	}
	v, _ := ob.ops.LoadOrStore(name, p)
	return v.(*operationProperties)
}

// callObservation is one call's observation state, in its context.
type callObservation struct {
	_       incomparable
	ob      *observer
	op      *operationProperties
	retryer Retryer

	attempts  int    // attempts started
	status    int    // HTTP status of the last response
	requestID string // request ID of the last response

	signing *signingThen // the attempt's signing phase, while Signing runs
}

type callObservationKey struct{}

// observation returns the call's observation state, or nil when the call is
// not observed.
func observation(ctx context.Context) *callObservation {
	st, _ := ctx.Value(callObservationKey{}).(*callObservation)
	return st
}

// observeCall runs one call of operation opName through h inside the call
// span, and records client.call.duration. The span carries what
// aws-sdk-go-v2 puts on it (rpc.*, exception.type, api.error_code,
// api.error_fault, error) plus the HTTP status, the request ID and the
// number of attempts. It never carries an error message: messages quote
// what the service sent back.
func (p *pipeline) observeCall(ctx context.Context, opName string, h middleware.Handler, input any) (any, middleware.Metadata, error) {
	ob := p.obs
	if ob.err != nil {
		return nil, middleware.Metadata{}, ob.err
	}
	st := &callObservation{ob: ob, op: ob.operation(opName), retryer: p.options.Retryer}
	ctx = context.WithValue(ctx, callObservationKey{}, st)
	ctx = tracing.WithOperationTracer(ctx, ob.tracer)
	ctx, span := ob.tracer.StartSpan(ctx, st.op.spanName, st.op.span...)
	start := time.Now()

	out, md, err := h.Handle(ctx, input)

	recordSince(ctx, ob.in.callDuration, start, st.op.record...)
	if st.status != 0 {
		span.SetProperty("http.status_code", st.status)
	}
	if st.requestID != "" {
		span.SetProperty("aws.request_id", st.requestID)
	}
	span.SetProperty("operation.attempts", st.attempts)
	span.SetProperty("error", err != nil)
	if err != nil {
		setErrorProperties(span, err)
		span.SetStatus(tracing.SpanStatusError)
	} else {
		span.SetStatus(tracing.SpanStatusOK)
	}
	span.End()
	return out, md, err
}

// setErrorProperties sets exception.type (the Go type of the API error, or
// of the error when it carries none), api.error_code and api.error_fault.
func setErrorProperties(span tracing.Span, err error) {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		span.SetProperty("exception.type", fmt.Sprintf("%T", apiErr))
		span.SetProperty("api.error_code", apiErr.ErrorCode())
		span.SetProperty("api.error_fault", apiErr.ErrorFault().String())
		return
	}
	span.SetProperty("exception.type", fmt.Sprintf("%T", err))
}

// serviceProperty is the property set of the client-wide retry gauges.
var serviceProperty = withProperty("rpc.service", ServiceID)

// sampleRetryGauges samples client.retry.quota_available and, while
// adaptive mode limits the send rate, client.retry.send_rate, for the
// built-in retryers (a Retryer of the caller's has neither), as each
// attempt starts and after the retry loop.
func sampleRetryGauges(ctx context.Context, st *callObservation) {
	if !st.ob.metrics {
		return
	}
	r := st.retryer
	if m, ok := r.(maxAttemptsRetryer); ok {
		r = m.Retryer
	}
	if a, ok := r.(interface{ SendRate() (float64, bool) }); ok {
		if rate, active := a.SendRate(); active {
			st.ob.in.sendRate.Sample(ctx, rate, serviceProperty)
		}
	}
	if q, ok := r.(interface{ QuotaAvailable() int }); ok {
		st.ob.in.retryQuota.Sample(ctx, int64(q.QuotaAvailable()), serviceProperty)
	}
}
