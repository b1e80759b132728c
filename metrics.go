package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/metrics"
)

// Metric names. The client.call.* and client.http.* names, units and
// properties are the ones aws-sdk-go-v2 clients emit (see "Observability" in
// the aws-sdk-go-v2 developer guide), so dashboards built on them keep
// working; the client.call.throttled_attempts and client.retry.* metrics are
// this client's own.
const (
	metricCallDuration            = "client.call.duration"
	metricAttempts                = "client.call.attempts"
	metricErrors                  = "client.call.errors"
	metricAttemptDuration         = "client.call.attempt_duration"
	metricSerializationDuration   = "client.call.serialization_duration"
	metricDeserializationDuration = "client.call.deserialization_duration"
	metricSigningDuration         = "client.call.auth.signing_duration"
	metricResolveIdentityDuration = "client.call.auth.resolve_identity_duration"
	metricResolveEndpointDuration = "client.call.resolve_endpoint_duration"
	metricThrottledAttempts       = "client.call.throttled_attempts"
	metricRetryQuota              = "client.retry.quota_available"
	metricSendRate                = "client.retry.send_rate"

	metricDNSLookupDuration    = "client.http.connections.dns_lookup_duration"
	metricAcquireDuration      = "client.http.connections.acquire_duration"
	metricTLSHandshakeDuration = "client.http.connections.tls_handshake_duration"
	metricConnectionUsage      = "client.http.connections.usage"
	metricDoRequestDuration    = "client.http.do_request_duration"
	metricTimeToFirstByte      = "client.http.time_to_first_byte"
)

// instruments are the metric instruments of one MeterProvider, created once
// per set of options and used by every call made with them.
type instruments struct {
	_                       incomparable
	callDuration            metrics.Float64Histogram
	attemptDuration         metrics.Float64Histogram
	serializationDuration   metrics.Float64Histogram
	deserializationDuration metrics.Float64Histogram
	signingDuration         metrics.Float64Histogram
	resolveIdentityDuration metrics.Float64Histogram
	resolveEndpointDuration metrics.Float64Histogram
	attempts                metrics.Int64Counter
	errors                  metrics.Int64Counter
	throttledAttempts       metrics.Int64Counter
	retryQuota              metrics.Int64Gauge
	sendRate                metrics.Float64Gauge

	dnsLookupDuration    metrics.Float64Histogram
	acquireDuration      metrics.Float64Histogram
	tlsHandshakeDuration metrics.Float64Histogram
	connectionUsage      metrics.Int64UpDownCounter
	doRequestDuration    metrics.Float64Histogram
	timeToFirstByte      metrics.Float64Histogram
}

// newInstruments creates every instrument from meter. The first error names
// the instrument that could not be created.
func newInstruments(meter metrics.Meter) (*instruments, error) {
	in := &instruments{}
	c := instrumentCreator{meter: meter}
	in.callDuration = c.seconds(metricCallDuration, "Duration of a whole call: every attempt, the waits between them, and reading the response")
	in.attemptDuration = c.seconds(metricAttemptDuration, "Duration of one attempt: signing, sending the request and reading the response")
	in.serializationDuration = c.seconds(metricSerializationDuration, "Time spent building the HTTP request from the input")
	in.deserializationDuration = c.seconds(metricDeserializationDuration, "Time spent reading and decoding the HTTP response")
	in.signingDuration = c.seconds(metricSigningDuration, "Time spent signing a request with SigV4")
	in.resolveIdentityDuration = c.seconds(metricResolveIdentityDuration, "Time spent getting credentials from Options.Credentials")
	in.resolveEndpointDuration = c.seconds(metricResolveEndpointDuration, "Time spent resolving the endpoint (rule set or EndpointResolverV2, not DNS)")
	in.attempts = c.counter(metricAttempts, "{attempt}", "Attempts made, the first included")
	in.errors = c.counter(metricErrors, "{error}", "Attempts that failed, by exception.type")
	in.throttledAttempts = c.counter(metricThrottledAttempts, "{attempt}", "Attempts the service throttled (HTTP 429 or ThrottledClientException)")
	in.retryQuota = c.intGauge(metricRetryQuota, "{token}", "Tokens left in the client's retry quota, sampled as each attempt starts and after the retry loop")
	in.sendRate = c.floatGauge(metricSendRate, "{attempt}/s", "Adaptive retry mode's allowed send rate while its limit is active, sampled like the quota")

	in.dnsLookupDuration = c.seconds(metricDNSLookupDuration, "Time spent on the DNS lookup of a new connection")
	in.acquireDuration = c.seconds(metricAcquireDuration, "Time spent dialing a new connection")
	in.tlsHandshakeDuration = c.seconds(metricTLSHandshakeDuration, "Time spent on the TLS handshake of a new connection")
	in.connectionUsage = c.upDown(metricConnectionUsage, "{connection}", "Connections taken from the pool and not yet returned to it")
	in.doRequestDuration = c.seconds(metricDoRequestDuration, "Duration of the HTTP exchange, up to the response headers")
	in.timeToFirstByte = c.seconds(metricTimeToFirstByte, "Time from sending the request to the first byte of the response")
	return in, c.err
}

// instrumentCreator creates instruments and keeps the first error; after an
// error it hands out no-op instruments so the caller can report it once.
type instrumentCreator struct {
	meter metrics.Meter
	err   error
}

var nopMeter = metrics.NopMeter{}

func (c *instrumentCreator) fail(name string, err error) {
	if c.err == nil {
		c.err = fmt.Errorf("the meter provider (Options.MeterProvider) could not create instrument %s: %w", name, err)
	}
}

func instrumentOptions(unit, description string) metrics.InstrumentOption {
	return func(o *metrics.InstrumentOptions) {
		o.UnitLabel = unit
		o.Description = description
	}
}

func (c *instrumentCreator) seconds(name, description string) metrics.Float64Histogram {
	h, err := c.meter.Float64Histogram(name, instrumentOptions("s", description))
	if err != nil || h == nil {
		c.fail(name, nonNil(err))
		h, _ = nopMeter.Float64Histogram(name)
	}
	return h
}

func (c *instrumentCreator) counter(name, unit, description string) metrics.Int64Counter {
	i, err := c.meter.Int64Counter(name, instrumentOptions(unit, description))
	if err != nil || i == nil {
		c.fail(name, nonNil(err))
		i, _ = nopMeter.Int64Counter(name)
	}
	return i
}

func (c *instrumentCreator) upDown(name, unit, description string) metrics.Int64UpDownCounter {
	i, err := c.meter.Int64UpDownCounter(name, instrumentOptions(unit, description))
	if err != nil || i == nil {
		c.fail(name, nonNil(err))
		i, _ = nopMeter.Int64UpDownCounter(name)
	}
	return i
}

func (c *instrumentCreator) intGauge(name, unit, description string) metrics.Int64Gauge {
	i, err := c.meter.Int64Gauge(name, instrumentOptions(unit, description))
	if err != nil || i == nil {
		c.fail(name, nonNil(err))
		i, _ = nopMeter.Int64Gauge(name)
	}
	return i
}

func (c *instrumentCreator) floatGauge(name, unit, description string) metrics.Float64Gauge {
	i, err := c.meter.Float64Gauge(name, instrumentOptions(unit, description))
	if err != nil || i == nil {
		c.fail(name, nonNil(err))
		i, _ = nopMeter.Float64Gauge(name)
	}
	return i
}

func nonNil(err error) error {
	if err == nil {
		return errors.New("the meter returned a nil instrument")
	}
	return err
}

// seconds converts a duration to the float seconds the "s" unit records.
func seconds(d time.Duration) float64 { return d.Seconds() }

// errorType is the exception.type property of client.call.errors, as
// aws-sdk-go-v2 sets it: the API error code when the error carries one
// ("ForbiddenException"), else the error's Go type.
func errorType(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return fmt.Sprintf("%T", err)
}

// withProperty returns a record option setting one property.
func withProperty(key, value any) metrics.RecordMetricOption {
	return func(o *metrics.RecordMetricOptions) { o.Properties.Set(key, value) }
}

// recordSince records the seconds elapsed since start.
func recordSince(ctx context.Context, h metrics.Float64Histogram, start time.Time, opts ...metrics.RecordMetricOption) {
	h.Record(ctx, seconds(time.Since(start)), opts...)
}
