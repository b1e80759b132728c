package chimesdkmessaging_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/ptr"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// TestMiddlewareOrder pins the stack: the IDs are aws-sdk-go-v2's, so
// APIOptions written for it find their anchors.
func TestMiddlewareOrder(t *testing.T) {
	var got []string
	c, _ := setup(t, func(o *chime.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			got = s.List()
			return nil
		})
	})
	putOK(t, c, validInput())
	assert.Equal(t, []string{
		"PutChannelMembershipPreferences",
		"Initialize stack step", "OperationInputValidation",
		"Serialize stack step", "OperationSerializer",
		"Build stack step", "ClientRequestID", "ComputeContentLength", "UserAgent", "RecursionDetection",
		"Finalize stack step", "ResolveEndpointV2", "Retry", "Signing",
		"Deserialize stack step", "OperationDeserializer",
	}, got)
}

func TestMiddlewareOrderWithLogging(t *testing.T) {
	var got []string
	c, _ := setup(t, func(o *chime.Options) {
		o.Logger = nopLogger{}
		o.ClientLogMode = chime.LogRequest
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			got = s.Deserialize.List()
			return nil
		})
	})
	putOK(t, c, validInput())
	assert.Equal(t, []string{"OperationDeserializer", "RequestResponseLogger"}, got)
}

func TestAPIOptionsAddMiddleware(t *testing.T) {
	c, ts := setup(t)
	var seen atomic.Int32
	addHeader := func(s *middleware.Stack) error {
		return s.Build.Add(middleware.BuildMiddlewareFunc("AddTraceHeader", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			seen.Add(1)
			in.Request.(*smithyhttp.Request).Header.Set("X-Team-Trace", "t-1")
			return next.HandleBuild(ctx, in)
		}), middleware.After)
	}
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.APIOptions = append(o.APIOptions, addHeader)
	})
	require.NoError(t, err)
	assert.Equal(t, int32(1), seen.Load())
	r := ts.Requests()[0]
	assert.Equal(t, "t-1", r.Header.Get("X-Team-Trace"))
	assert.Contains(t, r.Header.Get("Authorization"), "x-team-trace", "headers added before signing are signed")

	// The per-call option did not leak into the client.
	putOK(t, c, validInput())
	assert.Equal(t, int32(1), seen.Load())
	assert.Empty(t, ts.Requests()[1].Header.Get("X-Team-Trace"))
}

func TestAPIOptionsErrorStopsTheCall(t *testing.T) {
	c, ts := setup(t)
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.APIOptions = append(o.APIOptions, func(*middleware.Stack) error { return errors.New("no stack for you") })
	})
	require.ErrorContains(t, err, "no stack for you")
	assert.Empty(t, ts.Requests())
}

func TestPerCallOptionsDoNotLeak(t *testing.T) {
	c, ts := setup(t)
	before := c.Options()
	other := staticCreds("AKIDOTHER", "SECRETOTHER", "")
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.Region = "eu-central-1"
		o.Credentials = other
		o.AppID = "per-call"
	})
	require.NoError(t, err)
	putOK(t, c, validInput())

	reqs := ts.Requests()
	require.Len(t, reqs, 2)
	assert.Contains(t, reqs[0].Header.Get("Authorization"), "AKIDOTHER/")
	assert.Contains(t, reqs[0].Header.Get("Authorization"), "/eu-central-1/chime/")
	assert.Contains(t, reqs[1].Header.Get("Authorization"), "AKIDEXAMPLE/")
	assert.Contains(t, reqs[1].Header.Get("Authorization"), "/us-east-1/chime/")
	after := c.Options()
	assert.Equal(t, before.Region, after.Region)
	assert.Equal(t, before.AppID, after.AppID)
	assert.Len(t, after.APIOptions, len(before.APIOptions))
}

func TestNewAppliesOptFnsToACopy(t *testing.T) {
	base := chime.Options{Region: "us-east-1", APIOptions: []func(*middleware.Stack) error{}}
	c := chime.New(base, func(o *chime.Options) {
		o.Region = "eu-central-1"
		o.APIOptions = append(o.APIOptions, func(*middleware.Stack) error { return nil })
	})
	assert.Equal(t, "us-east-1", base.Region)
	assert.Empty(t, base.APIOptions)
	assert.Equal(t, "eu-central-1", c.Options().Region)
	assert.Len(t, c.Options().APIOptions, 1)
}

func TestMissingRegionAndCredentials(t *testing.T) {
	c := chime.New(chime.Options{Credentials: staticCreds("A", "B", "")})
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.ErrorContains(t, err, "Invalid Configuration: Missing Region")
	assert.ErrorContains(t, err, "Options.Region")

	var sent atomic.Int32
	c = chime.New(chime.Options{Region: "us-east-1", HTTPClient: roundTripFunc(func(*http.Request) (*http.Response, error) {
		sent.Add(1)
		return jsonResponse(200, nil, "{}"), nil
	})})
	_, err = c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.ErrorIs(t, err, chime.ErrMissingCredentials)
	assert.Zero(t, sent.Load())
}

func TestEndpointVariants(t *testing.T) {
	cases := []struct {
		name   string
		opts   func(*chime.Options)
		host   string
		region string
	}{
		{"standard", func(o *chime.Options) {}, "messaging-chime.us-east-1.amazonaws.com", "us-east-1"},
		{"fips", func(o *chime.Options) { o.EndpointOptions.UseFIPSEndpoint = chime.FIPSEndpointStateEnabled }, "messaging-chime-fips.us-east-1.amazonaws.com", "us-east-1"},
		{"dual-stack", func(o *chime.Options) { o.EndpointOptions.UseDualStackEndpoint = chime.DualStackEndpointStateEnabled }, "messaging-chime.us-east-1.api.aws", "us-east-1"},
		{"fips pseudo-region", func(o *chime.Options) { o.Region = "us-east-1-fips" }, "messaging-chime-fips.us-east-1.amazonaws.com", "us-east-1"},
		{"china", func(o *chime.Options) { o.Region = "cn-north-1" }, "messaging-chime.cn-north-1.amazonaws.com.cn", "cn-north-1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var gotURL, gotAuth string
			c := chime.New(chime.Options{
				Region:      "us-east-1",
				Credentials: staticCreds("A", "B", ""),
				HTTPClient: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					gotURL, gotAuth = r.URL.String(), r.Header.Get("Authorization")
					return jsonResponse(200, nil, "{}"), nil
				}),
			}, tc.opts)
			putOK(t, c, validInput())
			assert.Contains(t, gotURL, "https://"+tc.host+"/channels/")
			assert.Contains(t, gotAuth, "/"+tc.region+"/chime/aws4_request", "signing region is the client's, without a FIPS marker")
		})
	}
	c := chime.New(chime.Options{Region: "us-east-1", BaseEndpoint: ptr.String("https://example.com"), Credentials: staticCreds("A", "B", "")},
		func(o *chime.Options) { o.EndpointOptions.UseFIPSEndpoint = chime.FIPSEndpointStateEnabled })
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.ErrorContains(t, err, "Invalid Configuration: FIPS and custom endpoint are not supported")
}

// TestConcurrentCalls runs 64 goroutines on one client (run with -race).
func TestConcurrentCalls(t *testing.T) {
	c, ts := setup(t)
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			in := validInput()
			in.MemberArn = ptr.String(fmt.Sprintf("%s-%d", testMemberArn, i))
			var err error
			if i%2 == 0 {
				_, err = c.PutChannelMembershipPreferences(context.Background(), in)
			} else {
				_, err = c.PutChannelMembershipPreferences(context.Background(), in, func(o *chime.Options) { o.AppID = "odd" })
			}
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	reqs := ts.Requests()
	require.Len(t, reqs, n)
	ids := map[string]bool{}
	for _, r := range reqs {
		ids[r.Header.Get("Amz-Sdk-Invocation-Id")] = true
	}
	assert.Len(t, ids, n, "every call has its own invocation id")
}

type nopLogger struct{}

func (nopLogger) Logf(_ logging.Classification, _ string, _ ...any) {}

// TestAPIOptionsCannotCorruptReuseHeaderValues: without APIOptions calls
// share constant header value slices (User-Agent, amz-sdk-request); a
// caller's middleware writing into a value in place must not change what
// later calls send.
func TestAPIOptionsCannotCorruptReuseHeaderValues(t *testing.T) {
	c, ts := setup(t)
	putOK(t, c, validInput())
	overwrite := func(s *middleware.Stack) error {
		return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("OverwriteInPlace", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			h := in.Request.(*smithyhttp.Request).Header
			h["User-Agent"][0] = "overwritten"
			h["Amz-Sdk-Request"][0] = "overwritten"
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
	}
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.APIOptions = append(o.APIOptions, overwrite)
	})
	require.NoError(t, err)
	putOK(t, c, validInput())

	reqs := ts.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "overwritten", reqs[1].Header.Get("User-Agent"), "the middleware ran")
	for _, i := range []int{0, 2} {
		assert.Equal(t, reqs[0].Header.Get("User-Agent"), reqs[i].Header.Get("User-Agent"))
		assert.Contains(t, reqs[i].Header.Get("User-Agent"), "chimekit-go/")
		assert.Equal(t, "attempt=1; max=3", reqs[i].Header.Get("Amz-Sdk-Request"))
	}
}

// headerOverwritingClient is an HTTPClient that is not an *http.Client: it
// checks the User-Agent and amz-sdk-request it gets, then writes into both
// values in place before sending.
type headerOverwritingClient struct{ next *http.Client }

func (c headerOverwritingClient) Do(r *http.Request) (*http.Response, error) {
	if err := checkUnwritten(r.Header); err != nil {
		return nil, err
	}
	r.Header["User-Agent"][0] = "overwritten"
	r.Header["Amz-Sdk-Request"][0] = "overwritten"
	return c.next.Do(r)
}

// checkUnwritten reports header values that are not the client's own.
func checkUnwritten(h http.Header) error {
	if ua := h.Get("User-Agent"); !strings.HasPrefix(ua, "chimekit-go/") || h.Get("Amz-Sdk-Request") != "attempt=1; max=3" {
		return fmt.Errorf("before the overwrite: User-Agent %q, amz-sdk-request %q", ua, h.Get("Amz-Sdk-Request"))
	}
	return nil
}

// TestReuseHeaderValuesOnlyWhenNothingCanWriteThem covers the two ways a
// client's own calls could write into header values in place: APIOptions
// set on the client, and an HTTPClient that is not an *http.Client. Each
// client makes two calls; the second must send what the first sent before
// it was overwritten, which fails if the first call's slices were shared.
func TestReuseHeaderValuesOnlyWhenNothingCanWriteThem(t *testing.T) {
	overwrite := func(s *middleware.Stack) error {
		return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("OverwriteInPlace", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			h := in.Request.(*smithyhttp.Request).Header
			if err := checkUnwritten(h); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, err
			}
			h["User-Agent"][0], h["Amz-Sdk-Request"][0] = "overwritten", "overwritten"
			return next.HandleFinalize(ctx, in)
		}), "Signing", middleware.After)
	}
	t.Run("APIOptions on the client", func(t *testing.T) {
		c, _ := setup(t, func(o *chime.Options) { o.APIOptions = append(o.APIOptions, overwrite) })
		putOK(t, c, validInput())
		putOK(t, c, validInput())
	})
	t.Run("HTTPClient other than *http.Client", func(t *testing.T) {
		c, ts := setup(t, func(o *chime.Options) { o.HTTPClient = headerOverwritingClient{next: o.HTTPClient.(*http.Client)} })
		putOK(t, c, validInput())
		putOK(t, c, validInput())
		reqs := ts.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, "overwritten", reqs[1].Header.Get("User-Agent"), "the client's Do ran")
	})
}
