package otel

import (
	"context"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// newRecordedMeter returns a smithy-go meter on an SDK provider read by the
// returned manual reader.
func newRecordedMeter(t *testing.T, opts ...metrics.MeterOption) (metrics.Meter, *sdkmetric.ManualReader) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	return AdaptMeterProvider(mp).Meter("chimesdkmessaging-test", opts...), reader
}

// collect reads every metric once, by name.
func collect(t *testing.T, reader *sdkmetric.ManualReader) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

func described(unit, desc string) metrics.InstrumentOption {
	return func(o *metrics.InstrumentOptions) {
		o.UnitLabel = unit
		o.Description = desc
	}
}

func withProps(kv ...any) metrics.RecordMetricOption {
	return func(o *metrics.RecordMetricOptions) {
		for i := 0; i+1 < len(kv); i += 2 {
			o.Properties.Set(kv[i], kv[i+1])
		}
	}
}

var callAttrs = attribute.NewSet(
	attribute.String("rpc.service", "Chime SDK Messaging"),
	attribute.String("rpc.method", "GetChannelMembershipPreferences"),
)

func callProps() metrics.RecordMetricOption {
	return withProps("rpc.service", "Chime SDK Messaging", "rpc.method", "GetChannelMembershipPreferences",
		"dropped", secretHolder{"PLANTED"})
}

// sumPoint returns the single data point of a Sum[N] and whether it is
// monotonic.
func sumPoint[N int64 | float64](t *testing.T, m metricdata.Metrics) (metricdata.DataPoint[N], bool) {
	t.Helper()
	sum, ok := m.Data.(metricdata.Sum[N])
	require.True(t, ok, "%s is a %T, not a sum", m.Name, m.Data)
	require.Len(t, sum.DataPoints, 1, m.Name)
	return sum.DataPoints[0], sum.IsMonotonic
}

func gaugePoint[N int64 | float64](t *testing.T, m metricdata.Metrics) metricdata.DataPoint[N] {
	t.Helper()
	g, ok := m.Data.(metricdata.Gauge[N])
	require.True(t, ok, "%s is a %T, not a gauge", m.Name, m.Data)
	require.Len(t, g.DataPoints, 1, m.Name)
	return g.DataPoints[0]
}

func histogramPoint[N int64 | float64](t *testing.T, m metricdata.Metrics) metricdata.HistogramDataPoint[N] {
	t.Helper()
	h, ok := m.Data.(metricdata.Histogram[N])
	require.True(t, ok, "%s is a %T, not a histogram", m.Name, m.Data)
	require.Len(t, h.DataPoints, 1, m.Name)
	return h.DataPoints[0]
}

func TestSynchronousInstrumentsRecordWithUnitDescriptionAndAttributes(t *testing.T) {
	m, reader := newRecordedMeter(t)
	ctx := context.Background()

	ic, err := m.Int64Counter("client.call.attempts", described("{attempt}", "attempts per call"))
	require.NoError(t, err)
	ic.Add(ctx, 1, callProps())
	ic.Add(ctx, 1, callProps())

	iu, err := m.Int64UpDownCounter("client.http.connections.usage", described("{connection}", "connections in use"))
	require.NoError(t, err)
	iu.Add(ctx, 3, callProps())
	iu.Add(ctx, -1, callProps())

	ig, err := m.Int64Gauge("client.retry.quota", described("{token}", "retry tokens left"))
	require.NoError(t, err)
	ig.Sample(ctx, 495, callProps())
	ig.Sample(ctx, 490, callProps())

	ih, err := m.Int64Histogram("client.body.size", described("By", "body bytes"))
	require.NoError(t, err)
	ih.Record(ctx, 100, callProps())
	ih.Record(ctx, 300, callProps())

	fc, err := m.Float64Counter("client.throttle.seconds", described("s", "time throttled"))
	require.NoError(t, err)
	fc.Add(ctx, 0.25, callProps())
	fc.Add(ctx, 0.5, callProps())

	fu, err := m.Float64UpDownCounter("client.rate.delta", described("{request}/s", "rate change"))
	require.NoError(t, err)
	fu.Add(ctx, 2.5, callProps())
	fu.Add(ctx, -1, callProps())

	fg, err := m.Float64Gauge("client.send_rate", described("{request}/s", "adaptive send rate"))
	require.NoError(t, err)
	fg.Sample(ctx, 7.5, callProps())

	fh, err := m.Float64Histogram("client.call.duration", described("s", "overall call duration"))
	require.NoError(t, err)
	fh.Record(ctx, 0.125, callProps())
	fh.Record(ctx, 0.375, callProps())

	got := collect(t, reader)
	require.Len(t, got, 8)
	for name, want := range map[string][2]string{
		"client.call.attempts":          {"{attempt}", "attempts per call"},
		"client.http.connections.usage": {"{connection}", "connections in use"},
		"client.retry.quota":            {"{token}", "retry tokens left"},
		"client.body.size":              {"By", "body bytes"},
		"client.throttle.seconds":       {"s", "time throttled"},
		"client.rate.delta":             {"{request}/s", "rate change"},
		"client.send_rate":              {"{request}/s", "adaptive send rate"},
		"client.call.duration":          {"s", "overall call duration"},
	} {
		assert.Equal(t, want[0], got[name].Unit, name)
		assert.Equal(t, want[1], got[name].Description, name)
	}

	p, mono := sumPoint[int64](t, got["client.call.attempts"])
	assert.True(t, mono)
	assert.Equal(t, int64(2), p.Value)
	assert.Equal(t, callAttrs, p.Attributes)

	p, mono = sumPoint[int64](t, got["client.http.connections.usage"])
	assert.False(t, mono)
	assert.Equal(t, int64(2), p.Value)
	assert.Equal(t, callAttrs, p.Attributes)

	g := gaugePoint[int64](t, got["client.retry.quota"])
	assert.Equal(t, int64(490), g.Value, "a gauge keeps the last sample")
	assert.Equal(t, callAttrs, g.Attributes)

	h := histogramPoint[int64](t, got["client.body.size"])
	assert.Equal(t, uint64(2), h.Count)
	assert.Equal(t, int64(400), h.Sum)
	assert.Equal(t, callAttrs, h.Attributes)

	fp, mono := sumPoint[float64](t, got["client.throttle.seconds"])
	assert.True(t, mono)
	assert.Equal(t, 0.75, fp.Value)
	assert.Equal(t, callAttrs, fp.Attributes)

	fp, mono = sumPoint[float64](t, got["client.rate.delta"])
	assert.False(t, mono)
	assert.Equal(t, 1.5, fp.Value)

	fgp := gaugePoint[float64](t, got["client.send_rate"])
	assert.Equal(t, 7.5, fgp.Value)
	assert.Equal(t, callAttrs, fgp.Attributes)

	fhp := histogramPoint[float64](t, got["client.call.duration"])
	assert.Equal(t, uint64(2), fhp.Count)
	assert.Equal(t, 0.5, fhp.Sum)
	assert.Equal(t, callAttrs, fhp.Attributes)
}

func TestMeasurementsWithoutPropertiesHaveNoAttributes(t *testing.T) {
	m, reader := newRecordedMeter(t)
	c, err := m.Int64Counter("plain")
	require.NoError(t, err)
	c.Add(context.Background(), 5)
	got := collect(t, reader)["plain"]
	p, _ := sumPoint[int64](t, got)
	assert.Equal(t, 0, p.Attributes.Len())
	assert.Equal(t, "", got.Unit)
	assert.Equal(t, "", got.Description)
}

func TestAsynchronousInstrumentsObserveUntilStopped(t *testing.T) {
	m, reader := newRecordedMeter(t)
	calls := map[string]int{}
	int64cb := func(name string, v int64) metrics.Int64Callback {
		return func(ctx context.Context, o metrics.Int64Observer) {
			calls[name]++
			o.Observe(ctx, v, callProps())
		}
	}
	float64cb := func(name string, v float64) metrics.Float64Callback {
		return func(ctx context.Context, o metrics.Float64Observer) {
			calls[name]++
			o.Observe(ctx, v, callProps())
		}
	}
	var handles []metrics.AsyncInstrument
	add := func(h metrics.AsyncInstrument, err error) {
		require.NoError(t, err)
		handles = append(handles, h)
	}
	add(m.Int64AsyncCounter("ic", int64cb("ic", 10), described("{request}", "ic desc")))
	add(m.Int64AsyncUpDownCounter("iu", int64cb("iu", -4), described("{connection}", "iu desc")))
	add(m.Int64AsyncGauge("ig", int64cb("ig", 495), described("{token}", "ig desc")))
	add(m.Float64AsyncCounter("fc", float64cb("fc", 1.5), described("s", "fc desc")))
	add(m.Float64AsyncUpDownCounter("fu", float64cb("fu", -0.5), described("s", "fu desc")))
	add(m.Float64AsyncGauge("fg", float64cb("fg", 7.25), described("{request}/s", "fg desc")))

	got := collect(t, reader)
	require.Len(t, got, 6)
	for name, unit := range map[string]string{"ic": "{request}", "iu": "{connection}", "ig": "{token}", "fc": "s", "fu": "s", "fg": "{request}/s"} {
		assert.Equal(t, unit, got[name].Unit, name)
		assert.Equal(t, name+" desc", got[name].Description, name)
		assert.Equal(t, 1, calls[name], name)
	}
	p, mono := sumPoint[int64](t, got["ic"])
	assert.True(t, mono)
	assert.Equal(t, int64(10), p.Value)
	assert.Equal(t, callAttrs, p.Attributes)
	p, mono = sumPoint[int64](t, got["iu"])
	assert.False(t, mono)
	assert.Equal(t, int64(-4), p.Value)
	assert.Equal(t, int64(495), gaugePoint[int64](t, got["ig"]).Value)
	fp, mono := sumPoint[float64](t, got["fc"])
	assert.True(t, mono)
	assert.Equal(t, 1.5, fp.Value)
	assert.Equal(t, callAttrs, fp.Attributes)
	fp, mono = sumPoint[float64](t, got["fu"])
	assert.False(t, mono)
	assert.Equal(t, -0.5, fp.Value)
	assert.Equal(t, 7.25, gaugePoint[float64](t, got["fg"]).Value)

	for _, h := range handles {
		h.Stop()
		h.Stop() // a second Stop does nothing
	}
	collect(t, reader)
	for name, n := range calls {
		assert.Equal(t, 1, n, "%s's callback ran after Stop", name)
	}
}

func TestMeterPropertiesBecomeScopeAttributes(t *testing.T) {
	m, reader := newRecordedMeter(t, func(o *metrics.MeterOptions) { o.Properties.Set("library.version", "0.1.0") })
	c, err := m.Int64Counter("n")
	require.NoError(t, err)
	c.Add(context.Background(), 1)
	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	require.Len(t, rm.ScopeMetrics, 1)
	assert.Equal(t, "chimesdkmessaging-test", rm.ScopeMetrics[0].Scope.Name)
	assert.Equal(t, attribute.NewSet(attribute.String("library.version", "0.1.0")), rm.ScopeMetrics[0].Scope.Attributes)
}

func TestInvalidNameReportsTheErrorAndStillReturnsAnInstrument(t *testing.T) {
	m, _ := newRecordedMeter(t)
	c, err := m.Int64Counter("1starts-with-a-digit")
	assert.Error(t, err)
	require.NotNil(t, c)
	c.Add(context.Background(), 1) // does not panic
	h, err := m.Float64Histogram("")
	assert.Error(t, err)
	require.NotNil(t, h)
	h.Record(context.Background(), 1)
	a, err := m.Int64AsyncGauge("", func(context.Context, metrics.Int64Observer) {})
	assert.Error(t, err)
	require.NotNil(t, a)
	a.Stop()
}

func TestAsyncInstrumentWithoutCallbackIsAnError(t *testing.T) {
	m, _ := newRecordedMeter(t)
	a, err := m.Int64AsyncCounter("n", nil)
	assert.ErrorContains(t, err, "needs a callback")
	require.NotNil(t, a)
	a.Stop()
	f, err := m.Float64AsyncGauge("f", nil)
	assert.ErrorContains(t, err, "needs a callback")
	require.NotNil(t, f)
	f.Stop()
}

func TestNilMeterProviderRecordsNothing(t *testing.T) {
	m := AdaptMeterProvider(nil).Meter("x")
	c, err := m.Float64Histogram("client.call.duration")
	require.NoError(t, err)
	c.Record(context.Background(), 1)
	a, err := m.Int64AsyncGauge("g", func(context.Context, metrics.Int64Observer) {})
	require.NoError(t, err)
	a.Stop()
}
