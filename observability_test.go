package chimesdkmessaging_test

import (
	"context"
	"math"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

const putSpanName = "Chime SDK Messaging.PutChannelMembershipPreferences"

// observed returns a client option setting both recorders.
func observed(sr *spanRecorder, mr *meterRecorder) func(*chime.Options) {
	return func(o *chime.Options) {
		o.TracerProvider = sr
		o.MeterProvider = mr
	}
}

// failFirst answers the first request with a 503 ServiceUnavailableException
// and every later one with the 200 of okResponder.
func failFirst() func(http.ResponseWriter, *http.Request) {
	var n atomic.Int32
	fail := errorResponder(503, "ServiceUnavailableException", `{"Code":"ServiceUnavailable","Message":"try again"}`)
	return func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			fail(w, r)
			return
		}
		okResponder(w, r)
	}
}

// requireOneRoot checks the call span: the only root, a client-kind span
// named after the operation with the rpc.* properties, ended once.
func requireOneRoot(t *testing.T, sr *spanRecorder, mr *meterRecorder) *recordedSpan {
	t.Helper()
	roots := sr.roots()
	require.Len(t, roots, 1, describe(sr, mr))
	root := roots[0]
	assert.Equal(t, putSpanName, root.name)
	assert.Equal(t, tracing.SpanKindClient, root.kind)
	assert.Equal(t, "aws-api", root.props["rpc.system"])
	assert.Equal(t, "Chime SDK Messaging", root.props["rpc.service"])
	assert.Equal(t, "PutChannelMembershipPreferences", root.props["rpc.method"])
	for _, s := range sr.all() {
		assert.Equal(t, 1, s.ends, "span %s must end exactly once", s.name)
	}
	return root
}

// requireChildrenOf checks that each span named name has parent.
func requireChildrenOf(t *testing.T, sr *spanRecorder, name string, parent *recordedSpan, n int) []*recordedSpan {
	t.Helper()
	spans := sr.named(name)
	require.Len(t, spans, n, "%s spans\n%s", name, describe(sr, nil))
	for _, s := range spans {
		assert.Same(t, parent, s.parent, "parent of %s", name)
	}
	return spans
}

func TestObservabilityCallSucceedingOnSecondAttempt(t *testing.T) {
	sr, mr := &spanRecorder{}, newMeterRecorder()
	c, ts := setup(t, observed(sr, mr))
	ts.SetResponder(failFirst())
	putOK(t, c, validInput())

	root := requireOneRoot(t, sr, mr)
	assert.Equal(t, tracing.SpanStatusOK, root.status)
	assert.Equal(t, 200, root.props["http.status_code"])
	assert.Equal(t, "req-ok-1", root.props["aws.request_id"])
	assert.Equal(t, 2, root.props["operation.attempts"])
	assert.Equal(t, false, root.props["error"])
	assert.NotContains(t, root.props, "exception.type")
	assert.Equal(t, []string{"github.com/chimekit/chimesdkmessaging"}, sr.scopes)

	// Once per call: serializer and endpoint below the call span, then the loop.
	requireChildrenOf(t, sr, "OperationSerializer", root, 1)
	requireChildrenOf(t, sr, "ResolveEndpoint", root, 1)
	loop := requireChildrenOf(t, sr, "RetryLoop", root, 1)[0]
	attempts := requireChildrenOf(t, sr, "Attempt", loop, 2)
	assert.Equal(t, 1, attempts[0].props["operation.attempt"])
	assert.Equal(t, 2, attempts[1].props["operation.attempt"])
	assert.Equal(t, tracing.SpanStatusError, attempts[0].status, "the 503 attempt failed")
	assert.NotEqual(t, tracing.SpanStatusError, attempts[1].status)

	// Per attempt, in order, each below its own Attempt span.
	for _, name := range []string{"GetIdentity", "SignRequest", "DoHTTPRequest", "OperationDeserializer"} {
		spans := sr.named(name)
		require.Len(t, spans, 2, "%s spans\n%s", name, describe(sr, mr))
		assert.Same(t, attempts[0], spans[0].parent, "%s of attempt 1", name)
		assert.Same(t, attempts[1], spans[1].parent, "%s of attempt 2", name)
	}
	http1 := sr.named("DoHTTPRequest")
	assert.Equal(t, 503, http1[0].props["http.status_code"])
	assert.Equal(t, 200, http1[1].props["http.status_code"])
	assert.Equal(t, "PUT", http1[1].props["http.method"])
	assert.Equal(t, "1.1", http1[1].props["net.protocol.version"])
	assert.Equal(t, "aws.auth#sigv4", mr.of("client.call.auth.signing_duration")[0].props["auth.scheme_id"])

	// Metrics.
	assert.Equal(t, 2.0, mr.sum("client.call.attempts"))
	assert.Len(t, mr.of("client.call.duration"), 1)
	assert.Len(t, mr.of("client.call.attempt_duration"), 2)
	errs := mr.of("client.call.errors")
	require.Len(t, errs, 1)
	assert.Equal(t, "ServiceUnavailableException", errs[0].props["exception.type"])
	assert.Empty(t, mr.of("client.call.throttled_attempts"))
	assert.Len(t, mr.of("client.call.serialization_duration"), 1)
	assert.Len(t, mr.of("client.call.resolve_endpoint_duration"), 1)
	assert.Len(t, mr.of("client.call.auth.resolve_identity_duration"), 2)
	assert.Len(t, mr.of("client.call.auth.signing_duration"), 2)
	assert.Len(t, mr.of("client.call.deserialization_duration"), 2)
	assert.Len(t, mr.of("client.http.do_request_duration"), 2)
	assert.Len(t, mr.of("client.http.time_to_first_byte"), 2)
	assert.NotEmpty(t, mr.of("client.http.connections.acquire_duration"), "the first attempt dials")
	assert.NotEmpty(t, mr.of("client.http.connections.usage"))
	quota := mr.of("client.retry.quota_available")
	require.Len(t, quota, 3, "sampled at the start of each attempt and after the last")
	assert.Equal(t, []float64{500, 495, 500}, []float64{quota[0].value, quota[1].value, quota[2].value},
		"the retry took 5 tokens; its success gave them back")

	for _, m := range mr.all() {
		if m.name == "client.call.duration" || m.name == "client.call.attempts" || m.name == "client.call.errors" ||
			m.name == "client.call.attempt_duration" {
			assert.Equal(t, "Chime SDK Messaging", m.props["rpc.service"], m.name)
			assert.Equal(t, "PutChannelMembershipPreferences", m.props["rpc.method"], m.name)
		}
	}
	for name, unit := range map[string]string{
		"client.call.duration": "s", "client.call.attempts": "{attempt}", "client.call.errors": "{error}",
		"client.call.attempt_duration": "s", "client.call.serialization_duration": "s",
		"client.call.deserialization_duration": "s", "client.call.auth.signing_duration": "s",
		"client.call.auth.resolve_identity_duration": "s", "client.call.resolve_endpoint_duration": "s",
		"client.http.connections.dns_lookup_duration": "s", "client.http.connections.acquire_duration": "s",
		"client.http.connections.tls_handshake_duration": "s", "client.http.connections.usage": "{connection}",
		"client.http.do_request_duration": "s", "client.http.time_to_first_byte": "s",
		"client.call.throttled_attempts": "{attempt}",
	} {
		assert.Equal(t, unit, mr.unit(name), "unit of %s", name)
	}
}

func TestObservabilityThrottledAttemptsCounted(t *testing.T) {
	sr, mr := &spanRecorder{}, newMeterRecorder()
	c, ts := setup(t, observed(sr, mr), func(o *chime.Options) {
		o.Retryer = chime.NewAdaptiveRetryer(func(ao *chime.AdaptiveRetryerOptions) {
			noDelay(&ao.Standard)
			ao.MinFillRate = 1000 // no noticeable wait for the rate limit
		})
	})
	var n atomic.Int32
	throttle := errorResponder(429, "ThrottledClientException", `{"Code":"Throttled","Message":"Rate exceeded"}`)
	ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			throttle(w, r)
			return
		}
		okResponder(w, r)
	})
	putOK(t, c, validInput())
	assert.Equal(t, 2.0, mr.sum("client.call.throttled_attempts"))
	assert.Equal(t, 3.0, mr.sum("client.call.attempts"))
	assert.NotEmpty(t, mr.of("client.retry.send_rate"), "adaptive mode limits the rate after a throttle")
	assert.Equal(t, "{attempt}/s", mr.unit("client.retry.send_rate"))
	assert.Equal(t, "{token}", mr.unit("client.retry.quota_available"))
}

func TestObservabilityTracingOnlyAndMetricsOnly(t *testing.T) {
	sr := &spanRecorder{}
	c, _ := setup(t, func(o *chime.Options) { o.TracerProvider = sr })
	putOK(t, c, validInput())
	requireOneRoot(t, sr, nil)

	mr := newMeterRecorder()
	c, _ = setup(t, func(o *chime.Options) { o.MeterProvider = mr })
	putOK(t, c, validInput())
	assert.Len(t, mr.of("client.call.duration"), 1)
	assert.Equal(t, 1.0, mr.sum("client.call.attempts"))
}

func TestObservabilityPerCallProviders(t *testing.T) {
	c, _ := setup(t)
	sr, mr := &spanRecorder{}, newMeterRecorder()
	putOK(t, c, validInput())
	_, err := c.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: validInput().ChannelArn, MemberArn: validInput().MemberArn, ChimeBearer: validInput().ChimeBearer,
	}, observed(sr, mr))
	require.NoError(t, err)
	putOK(t, c, validInput())

	roots := sr.roots()
	require.Len(t, roots, 1, "only the call with the per-call providers is traced")
	assert.Equal(t, "Chime SDK Messaging.GetChannelMembershipPreferences", roots[0].name)
	assert.Equal(t, "GetChannelMembershipPreferences", roots[0].props["rpc.method"])
	assert.Len(t, mr.of("client.call.duration"), 1)
	assert.Equal(t, "GetChannelMembershipPreferences", mr.of("client.call.duration")[0].props["rpc.method"])

	// A client's providers serve its calls with per-call options too.
	sr2, mr2 := &spanRecorder{}, newMeterRecorder()
	c2, _ := setup(t, observed(sr2, mr2))
	_, err = c2.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) { o.AppID = "per-call" })
	require.NoError(t, err)
	assert.Len(t, sr2.roots(), 1)
	assert.Len(t, mr2.of("client.call.duration"), 1)
}

func TestObservabilityDefaultsAreSmithyNopProviders(t *testing.T) {
	c := chime.New(chime.Options{Region: "us-east-1"})
	assert.IsType(t, &tracing.NopTracerProvider{}, c.Options().TracerProvider)
	assert.IsType(t, metrics.NopMeterProvider{}, c.Options().MeterProvider)
}

// TestObservabilityNopProvidersCostNothing checks the promise that unset
// (or explicitly no-op) providers add no allocation to a call.
func TestObservabilityNopProvidersCostNothing(t *testing.T) {
	newClient := func(optFns ...func(*chime.Options)) *chime.Client {
		return chime.New(chime.Options{
			Region:      "us-east-1",
			Credentials: staticCreds("AKIDEXAMPLE", "SECRET", ""),
			HTTPClient:  memTransport{body: []byte(okBody)},
		}, optFns...)
	}
	in, ctx := validInput(), context.Background()
	// The fewest allocations of single calls: the race detector makes
	// sync.Pool drop buffers at random, so one call may allocate more.
	allocs := func(c *chime.Client) float64 {
		fewest := math.Inf(1)
		for range 30 {
			fewest = min(fewest, testing.AllocsPerRun(1, func() {
				if _, err := c.PutChannelMembershipPreferences(ctx, in); err != nil {
					t.Fatal(err)
				}
			}))
		}
		return fewest
	}
	unset := allocs(newClient())
	nop := allocs(newClient(func(o *chime.Options) {
		o.TracerProvider = tracing.NopTracerProvider{}
		o.MeterProvider = &metrics.NopMeterProvider{}
	}))
	observedAllocs := allocs(newClient(observed(&spanRecorder{}, newMeterRecorder())))
	assert.Equal(t, unset, nop)
	assert.Greater(t, observedAllocs, unset, "the recorders are really called")
}

// TestObservabilityMiddlewareOrder pins where the observation and
// interceptor middlewares sit; the phases aws-sdk-go-v2 times inside its own
// middlewares keep their IDs.
func TestObservabilityMiddlewareOrder(t *testing.T) {
	var got []string
	c, _ := setup(t, observed(&spanRecorder{}, newMeterRecorder()), func(o *chime.Options) {
		o.Interceptors.AddBeforeExecution(&hookRecorder{})
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			got = s.List()
			return nil
		})
	})
	putOK(t, c, validInput())
	assert.Equal(t, []string{
		"PutChannelMembershipPreferences",
		"Initialize stack step", "OperationContext", "InterceptExecution", "OperationInputValidation",
		"Serialize stack step", "InterceptBeforeSerialization", "OperationSerializer", "InterceptAfterSerialization",
		"Build stack step", "ClientRequestID", "ComputeContentLength", "UserAgent", "RecursionDetection",
		"Finalize stack step", "ResolveEndpointV2", "spanRetryLoop", "InterceptBeforeRetryLoop", "Retry",
		"ObserveAttempt", "InterceptAttempt", "InterceptBeforeSigning", "Signing", "InterceptAfterSigning",
		"Deserialize stack step", "InterceptAfterDeserialization", "OperationDeserializer",
		"InterceptBeforeDeserialization", "InterceptTransmit", "spanDoHTTPRequest",
	}, got)
}
