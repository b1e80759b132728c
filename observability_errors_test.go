package chimesdkmessaging_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/ptr"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Spans and metrics of calls that fail.

func TestObservabilityCallFailingWithForbidden(t *testing.T) {
	sr, mr := &spanRecorder{}, newMeterRecorder()
	c, ts := setup(t, observed(sr, mr))
	ts.SetResponder(errorResponder(403, "ForbiddenException", `{"Code":"Forbidden","Message":"no access"}`))
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	var fe *types.ForbiddenException
	require.ErrorAs(t, err, &fe)

	root := requireOneRoot(t, sr, mr)
	assert.Equal(t, tracing.SpanStatusError, root.status)
	assert.Equal(t, true, root.props["error"])
	assert.Equal(t, "*types.ForbiddenException", root.props["exception.type"])
	assert.Equal(t, "ForbiddenException", root.props["api.error_code"])
	assert.Equal(t, "client", root.props["api.error_fault"])
	assert.Equal(t, 403, root.props["http.status_code"])
	assert.Equal(t, "req-err-1", root.props["aws.request_id"])
	assert.Equal(t, 1, root.props["operation.attempts"], "ForbiddenException is not retried")

	loop := requireChildrenOf(t, sr, "RetryLoop", root, 1)[0]
	attempt := requireChildrenOf(t, sr, "Attempt", loop, 1)[0]
	requireChildrenOf(t, sr, "SignRequest", attempt, 1)
	requireChildrenOf(t, sr, "DoHTTPRequest", attempt, 1)

	assert.Equal(t, 1.0, mr.sum("client.call.attempts"))
	assert.Len(t, mr.of("client.call.duration"), 1)
	errs := mr.of("client.call.errors")
	require.Len(t, errs, 1, describe(sr, mr))
	assert.Equal(t, "ForbiddenException", errs[0].props["exception.type"])
	assert.Equal(t, "PutChannelMembershipPreferences", errs[0].props["rpc.method"])
}

// failingMeter is a MeterProvider whose histograms cannot be created.
type failingMeter struct{ recordingMeter }

func (m failingMeter) Meter(string, ...metrics.MeterOption) metrics.Meter { return m }

func (failingMeter) Float64Histogram(string, ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return nil, errors.New("histograms disabled")
}

func TestObservabilityInstrumentErrorFailsCalls(t *testing.T) {
	c, ts := setup(t, func(o *chime.Options) {
		o.MeterProvider = failingMeter{recordingMeter{newMeterRecorder()}}
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.Error(t, err)
	assert.ErrorContains(t, err, "PutChannelMembershipPreferences, the meter provider (Options.MeterProvider) could not create instrument client.call.duration: histograms disabled",
		"the text follows the operation error's prefix, without a package prefix of its own")
	assert.Empty(t, ts.Requests(), "nothing is sent")
}

func TestObservabilityCredentialsFailure(t *testing.T) {
	sr, mr := &spanRecorder{}, newMeterRecorder()
	c, ts := setup(t, observed(sr, mr), func(o *chime.Options) {
		o.Credentials = credentials.ProviderFunc(func(ctx context.Context) (credentials.Credentials, error) {
			// A provider's own spans nest below GetIdentity.
			_, span := tracing.StartSpan(ctx, "provider.fetch")
			span.End()
			return credentials.Credentials{}, errors.New("no credentials today")
		})
		o.RetryMaxAttempts = 1
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.Error(t, err)
	assert.Empty(t, ts.Requests())

	root := requireOneRoot(t, sr, mr)
	assert.Equal(t, tracing.SpanStatusError, root.status)
	assert.Equal(t, "*chimesdkmessaging.SigningError", root.props["exception.type"])
	identity := sr.named("GetIdentity")
	require.Len(t, identity, 1)
	assert.Equal(t, tracing.SpanStatusError, identity[0].status)
	requireChildrenOf(t, sr, "provider.fetch", identity[0], 1)
	assert.Empty(t, sr.named("SignRequest"), "nothing was signed")
	assert.Empty(t, sr.named("DoHTTPRequest"), "nothing was sent")
	assert.Len(t, mr.of("client.call.auth.resolve_identity_duration"), 1)
	assert.Empty(t, mr.of("client.call.auth.signing_duration"))
	require.Len(t, mr.of("client.call.errors"), 1)
}

func TestObservabilityInvalidInput(t *testing.T) {
	sr, mr := &spanRecorder{}, newMeterRecorder()
	c, _ := setup(t, observed(sr, mr))
	_, err := c.PutChannelMembershipPreferences(context.Background(), &chime.PutChannelMembershipPreferencesInput{})
	require.Error(t, err)

	root := requireOneRoot(t, sr, mr)
	assert.Equal(t, tracing.SpanStatusError, root.status)
	assert.Equal(t, "smithy.InvalidParamsError", root.props["exception.type"])
	assert.Equal(t, 0, root.props["operation.attempts"])
	assert.Len(t, sr.all(), 1, "refused before serializing")
	assert.Len(t, mr.of("client.call.duration"), 1)
	assert.Empty(t, mr.of("client.call.attempts"))
}

func TestObservabilityConnectionError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedURL := "http://" + l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there any more

	sr, mr := &spanRecorder{}, newMeterRecorder()
	c, _ := setup(t, observed(sr, mr), func(o *chime.Options) {
		o.BaseEndpoint = ptr.String(closedURL)
		o.RetryMaxAttempts = 1
	})
	_, err = c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.Error(t, err)

	root := requireOneRoot(t, sr, mr)
	assert.Equal(t, tracing.SpanStatusError, root.status)
	assert.NotContains(t, root.props, "http.status_code", "no response arrived")
	exchange := sr.named("DoHTTPRequest")
	require.Len(t, exchange, 1)
	assert.Equal(t, tracing.SpanStatusError, exchange[0].status)
	assert.Empty(t, sr.named("OperationDeserializer"), "no response to decode")
	errs := mr.of("client.call.errors")
	require.Len(t, errs, 1)
	assert.Equal(t, "*http.RequestSendError", errs[0].props["exception.type"])
}
