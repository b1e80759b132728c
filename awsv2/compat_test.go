package awsv2_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/awsv2"
	"github.com/chimekit/chimesdkmessaging/chimesdkmessagingtest"
	"github.com/chimekit/chimesdkmessaging/types"
)

// fakeSetup is the fake service with one member in one channel.
type fakeSetup struct {
	srv           *chimesdkmessagingtest.Server
	channel, user string
}

func newFake(t *testing.T) *fakeSetup {
	t.Helper()
	srv := chimesdkmessagingtest.NewServer()
	t.Cleanup(srv.Close)
	app, err := srv.CreateAppInstance("app-1", "App")
	require.NoError(t, err)
	user, err := srv.CreateAppInstanceUser(app, "user-1", "Jane")
	require.NoError(t, err)
	ch, err := srv.CreateChannel(app, "ch-1", "General")
	require.NoError(t, err)
	require.NoError(t, srv.CreateChannelMembership(ch, user))
	return &fakeSetup{srv: srv, channel: ch, user: user}
}

// options are the fake's client options (endpoint, region, credentials,
// HTTP client, a fast retryer of this library's).
func (f *fakeSetup) options() chime.Options { return f.srv.Client().Options() }

func (f *fakeSetup) put() *chime.PutChannelMembershipPreferencesInput {
	in := putInput()
	in.ChannelArn, in.MemberArn, in.ChimeBearer = &f.channel, &f.user, &f.user
	return in
}

// lastRequest is the last request the fake received.
func (f *fakeSetup) lastRequest(t *testing.T) chimesdkmessagingtest.LoggedRequest {
	t.Helper()
	reqs := f.srv.Requests()
	require.NotEmpty(t, reqs)
	return reqs[len(reqs)-1]
}

func TestRequestIDAndRawResponseInResultMetadata(t *testing.T) {
	f := newFake(t)
	client := awsv2.New(f.options())
	out, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)

	id, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	require.True(t, ok)
	assert.Equal(t, f.lastRequest(t).RequestID, id)
	assert.NotEmpty(t, id)

	raw, ok := awsmiddleware.GetRawResponse(out.ResultMetadata).(*smithyhttp.Response)
	require.True(t, ok, "raw response is a *smithyhttp.Response")
	assert.Equal(t, http.StatusOK, raw.StatusCode)
	assert.Equal(t, id, raw.Header.Get("X-Amzn-RequestId"))

	// This library's own accessor still works.
	own, ok := chime.GetRequestID(out.ResultMetadata)
	require.True(t, ok)
	assert.Equal(t, id, own)
}

// TestEachExceptionIsAnAWSResponseError injects each modelled exception and
// reads it the way aws-sdk-go-v2 code does.
func TestEachExceptionIsAnAWSResponseError(t *testing.T) {
	f := newFake(t)
	client := awsv2.New(f.options(), func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	tests := []struct {
		exception string
		status    int
		typed     func(error) bool
	}{
		{"BadRequestException", 400, func(err error) bool { var e *types.BadRequestException; return errors.As(err, &e) }},
		{"ConflictException", 409, func(err error) bool { var e *types.ConflictException; return errors.As(err, &e) }},
		{"ForbiddenException", 403, func(err error) bool { var e *types.ForbiddenException; return errors.As(err, &e) }},
		{"ServiceFailureException", 500, func(err error) bool { var e *types.ServiceFailureException; return errors.As(err, &e) }},
		{"ServiceUnavailableException", 503, func(err error) bool { var e *types.ServiceUnavailableException; return errors.As(err, &e) }},
		{"ThrottledClientException", 429, func(err error) bool { var e *types.ThrottledClientException; return errors.As(err, &e) }},
		{"UnauthorizedClientException", 401, func(err error) bool { var e *types.UnauthorizedClientException; return errors.As(err, &e) }},
	}
	for _, tt := range tests {
		t.Run(tt.exception, func(t *testing.T) {
			f.srv.FailNext(1, chimesdkmessagingtest.Fault{Exception: tt.exception, Message: "injected"})
			_, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
			require.Error(t, err)
			assert.True(t, tt.typed(err), "errors.As finds *types.%s in %v", tt.exception, err)

			var re *awshttp.ResponseError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.status, re.HTTPStatusCode())
			assert.Equal(t, f.lastRequest(t).RequestID, re.ServiceRequestID())
			var sre *smithyhttp.ResponseError
			require.ErrorAs(t, err, &sre)
			var api smithy.APIError
			require.ErrorAs(t, err, &api)
			assert.Equal(t, tt.exception, api.ErrorCode())

			var op *smithy.OperationError
			require.ErrorAs(t, err, &op)
			assert.Equal(t, "Chime SDK Messaging", op.Service())
			want := "https response error StatusCode: " + strconv.Itoa(tt.status) + ", RequestID: " + re.RequestID + ", " + tt.exception + ": injected"
			assert.Equal(t, want, re.Error(), "aws-sdk-go-v2's text")
			if tt.status < 500 && tt.status != 429 {
				// Not retryable: the response error sits right below the
				// operation error, as in aws-sdk-go-v2. (A retryable one is
				// below the max-attempts error, as there too.)
				assert.Same(t, re, op.Err)
				assert.Equal(t, "operation error Chime SDK Messaging: PutChannelMembershipPreferences, "+want, err.Error())
			}
		})
	}
}

func TestUserAgentHelpers(t *testing.T) {
	f := newFake(t)
	plain := f.srv.Client()
	_, err := plain.PutChannelMembershipPreferences(context.Background(), f.put())
	require.NoError(t, err)
	ownUA := f.lastRequest(t).Header.Get("User-Agent")

	t.Run("without helpers the User-Agent is this library's", func(t *testing.T) {
		_, err := awsv2.New(f.options()).PutChannelMembershipPreferences(context.Background(), f.put())
		require.NoError(t, err)
		assert.Equal(t, ownUA, f.lastRequest(t).Header.Get("User-Agent"))
	})

	t.Run("each helper, client-wide and per call", func(t *testing.T) {
		client := awsv2.New(f.options(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions,
				awsmiddleware.AddUserAgentKey("my-feature"),
				awsmiddleware.AddUserAgentKeyValue("my-app", "1.2"),
				awsmiddleware.AddSDKAgentKey(awsmiddleware.FeatureMetadata, "sdk-key"),
				awsmiddleware.AddSDKAgentKeyValue(awsmiddleware.ApplicationIdentifier, "sdk", "v"),
			)
		})
		_, err := client.PutChannelMembershipPreferences(context.Background(), f.put(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions, awsmiddleware.AddUserAgentKeyValue("per-call", "x y"))
		})
		require.NoError(t, err)
		ua := f.lastRequest(t).Header.Get("User-Agent")
		assert.Equal(t, ownUA+" my-feature my-app/1.2 ft/sdk-key app/sdk#v per-call/x-y", ua)
		assert.NotContains(t, ua, "aws-sdk-go-v2")
	})

	t.Run("a User-Agent set by an earlier middleware is kept after ours", func(t *testing.T) {
		client := awsv2.New(f.options(), func(o *chime.Options) {
			o.APIOptions = append(o.APIOptions, awsmiddleware.AddUserAgentKey("k"), func(s *middleware.Stack) error {
				return s.Build.Insert(middleware.BuildMiddlewareFunc("SetUA", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
					in.Request.(*smithyhttp.Request).Header.Set("User-Agent", "proxy/1")
					return next.HandleBuild(ctx, in)
				}), "UserAgent", middleware.Before)
			})
		})
		_, err := client.PutChannelMembershipPreferences(context.Background(), f.put())
		require.NoError(t, err)
		assert.Equal(t, ownUA+" k proxy/1", f.lastRequest(t).Header.Get("User-Agent"))
	})
}

func TestAWSServiceMetadataInContext(t *testing.T) {
	f := newFake(t)
	var service, operation, region string
	read := func(s *middleware.Stack) error {
		return s.Finalize.Add(middleware.FinalizeMiddlewareFunc("ReadMetadata",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				service, operation, region = awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx), awsmiddleware.GetRegion(ctx)
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	}
	_, err := awsv2.New(f.options(), chime.WithAPIOptions(read)).GetChannelMembershipPreferences(context.Background(),
		&chime.GetChannelMembershipPreferencesInput{ChannelArn: &f.channel, MemberArn: &f.user, ChimeBearer: &f.user})
	require.NoError(t, err)
	assert.Equal(t, chime.ServiceID, service)
	assert.Equal(t, "GetChannelMembershipPreferences", operation)
	assert.Equal(t, f.srv.Region(), region)
}
