package chimesdkmessaging_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/ptr"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// The names below are those aws-sdk-go-v2's generated chimesdkmessaging
// client exports; code that uses them must compile and behave alike.

func TestServiceNames(t *testing.T) {
	assert.Equal(t, "Chime SDK Messaging", chime.ServiceID)
	assert.Equal(t, "2021-05-15", chime.ServiceAPIVersion)
}

// TestClientLogModeBits: the bits of aws-sdk-go-v2's aws.ClientLogMode,
// numbered from the top bit down, so a converted value keeps its meaning.
func TestClientLogModeBits(t *testing.T) {
	modes := []chime.ClientLogMode{
		chime.LogSigning, chime.LogRetries, chime.LogRequest, chime.LogRequestWithBody,
		chime.LogResponse, chime.LogResponseWithBody, chime.LogDeprecatedUsage,
		chime.LogRequestEventMessage, chime.LogResponseEventMessage,
	}
	for i, m := range modes {
		assert.Equal(t, chime.ClientLogMode(1)<<(63-i), m, "mode %d", i)
	}
	assert.True(t, chime.ClientLogMode(1<<62).IsRetries(), "aws.LogRetries converted is LogRetries")
}

func TestWithAPIOptions(t *testing.T) {
	c, ts := setup(t)
	var ran int
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), chime.WithAPIOptions(func(s *middleware.Stack) error {
		return s.Build.Add(middleware.BuildMiddlewareFunc("mine", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			ran++
			return next.HandleBuild(ctx, in)
		}), middleware.After)
	}))
	require.NoError(t, err)
	assert.Equal(t, 1, ran)
	assert.Len(t, ts.Requests(), 1)
}

func TestWithSigV4SigningNameAndRegion(t *testing.T) {
	c, ts := setup(t)
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(),
		chime.WithSigV4SigningName("proxy-svc"), chime.WithSigV4SigningRegion("eu-west-1"))
	require.NoError(t, err)
	putOK(t, c, validInput()) // the client's own options are untouched
	reqs := ts.Requests()
	require.Len(t, reqs, 2)
	assert.Contains(t, reqs[0].Header.Get("Authorization"), "/eu-west-1/proxy-svc/aws4_request")
	assert.Contains(t, reqs[1].Header.Get("Authorization"), "/us-east-1/chime/aws4_request")
}

func TestDisableClockSkewCorrection(t *testing.T) {
	f := &flakyClient{}
	serverNow := time.Now().Add(time.Hour).UTC()
	var dates []time.Time
	skewed := func(r *http.Request) (*http.Response, error) {
		signed, _ := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		dates = append(dates, signed)
		h := http.Header{"Date": {serverNow.Format(http.TimeFormat)}, "X-Amzn-Errortype": {"InvalidSignatureException"}}
		return jsonResponse(403, h, `{"message":"Signature expired"}`), nil
	}
	f.steps = []func(*http.Request) (*http.Response, error){skewed, skewed}
	c := chime.New(chime.Options{
		Region: "us-east-1", Credentials: staticCreds("AKID", "SECRET", ""), HTTPClient: f,
		DisableClockSkewCorrection: true,
	})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.Error(t, err)
	assert.Equal(t, int32(1), f.attempts.Load(), "no skew retry when the correction is off")
	require.Len(t, dates, 1)
	assert.WithinDuration(t, time.Now(), dates[0], 5*time.Minute, "signed at the local time")
}

// recordingResolver is an EndpointResolverV2 of the caller's.
type recordingResolver struct {
	got []chime.EndpointParameters
	ep  smithyendpoints.Endpoint
	err error
}

func (r *recordingResolver) ResolveEndpoint(_ context.Context, p chime.EndpointParameters) (smithyendpoints.Endpoint, error) {
	r.got = append(r.got, p)
	return r.ep, r.err
}

func TestEndpointResolverV2(t *testing.T) {
	c, ts := setup(t)
	u, err := url.Parse(ts.URL + "/prefix")
	require.NoError(t, err)
	r := &recordingResolver{ep: smithyendpoints.Endpoint{URI: *u, Headers: http.Header{"X-Endpoint-Header": {"v"}}}}
	_, err = c.PutChannelMembershipPreferences(context.Background(), validInput(), chime.WithEndpointResolverV2(r))
	require.NoError(t, err)
	require.Len(t, r.got, 1)
	p := r.got[0]
	assert.Equal(t, "us-east-1", *p.Region)
	assert.False(t, *p.UseFIPS)
	assert.False(t, *p.UseDualStack)
	assert.Equal(t, ts.URL, *p.Endpoint, "BaseEndpoint reaches the resolver")
	reqs := ts.Requests()
	require.Len(t, reqs, 1)
	assert.True(t, strings.HasPrefix(reqs[0].RequestURI, "/prefix/channels/"), reqs[0].RequestURI)
	assert.Equal(t, "v", reqs[0].Header.Get("X-Endpoint-Header"))

	r.err = errors.New("no endpoint for you")
	_, err = c.PutChannelMembershipPreferences(context.Background(), validInput(), chime.WithEndpointResolverV2(r))
	var ee *chime.EndpointError
	require.ErrorAs(t, err, &ee)
	assert.Contains(t, err.Error(), "no endpoint for you")
	assert.Len(t, ts.Requests(), 1, "nothing sent without an endpoint")
}

func TestNewDefaultEndpointResolverV2(t *testing.T) {
	r := chime.NewDefaultEndpointResolverV2()
	ep, err := r.ResolveEndpoint(context.Background(), chime.EndpointParameters{Region: ptr.String("us-east-1"), UseFIPS: ptr.Bool(false), UseDualStack: ptr.Bool(false)})
	require.NoError(t, err)
	assert.Equal(t, "https://messaging-chime.us-east-1.amazonaws.com", ep.URI.String())
	ep, err = r.ResolveEndpoint(context.Background(), chime.EndpointParameters{Region: ptr.String("us-east-1"), UseFIPS: ptr.Bool(true)})
	require.NoError(t, err)
	assert.Equal(t, "https://messaging-chime-fips.us-east-1.amazonaws.com", ep.URI.String())
	_, err = r.ResolveEndpoint(context.Background(), chime.EndpointParameters{})
	assert.Error(t, err, "no region")
}

func TestRecursionDetection(t *testing.T) {
	const traceID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0 ö"
	const escaped = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0%20%C3%B6"

	t.Run("outside Lambda nothing is set", func(t *testing.T) {
		t.Setenv("_X_AMZN_TRACE_ID", traceID)
		c, ts := setup(t)
		putOK(t, c, validInput())
		assert.Empty(t, ts.Requests()[0].Header.Get("X-Amzn-Trace-Id"))
	})
	t.Run("inside Lambda the trace ID is sent", func(t *testing.T) {
		t.Setenv("AWS_LAMBDA_FUNCTION_NAME", "fn")
		t.Setenv("_X_AMZN_TRACE_ID", traceID)
		c, ts := setup(t)
		putOK(t, c, validInput())
		assert.Equal(t, escaped, ts.Requests()[0].Header.Get("X-Amzn-Trace-Id"))
	})
	t.Run("a header of the caller's is kept", func(t *testing.T) {
		t.Setenv("AWS_LAMBDA_FUNCTION_NAME", "fn")
		t.Setenv("_X_AMZN_TRACE_ID", traceID)
		c, ts := setup(t)
		_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), chime.WithAPIOptions(func(s *middleware.Stack) error {
			return s.Build.Add(middleware.BuildMiddlewareFunc("mine", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
				in.Request.(*smithyhttp.Request).Header.Set("X-Amzn-Trace-Id", "mine")
				return next.HandleBuild(ctx, in)
			}), middleware.Before)
		}))
		require.NoError(t, err)
		assert.Equal(t, "mine", ts.Requests()[0].Header.Get("X-Amzn-Trace-Id"))
	})
}

// TestAmzSdkRequestTTL: with a deadline in the context, amz-sdk-request
// carries ttl=<deadline> as aws-sdk-go-v2 sends it; without, it does not.
func TestAmzSdkRequestTTL(t *testing.T) {
	c, ts := setup(t)
	putOK(t, c, validInput())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	deadline, _ := ctx.Deadline()
	_, err := c.PutChannelMembershipPreferences(ctx, validInput())
	require.NoError(t, err)
	reqs := ts.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "attempt=1; max=3", reqs[0].Header.Get("Amz-Sdk-Request"))
	assert.Equal(t, "attempt=1; max=3; ttl="+deadline.UTC().Format("20060102T150405Z"), reqs[1].Header.Get("Amz-Sdk-Request"))
}
