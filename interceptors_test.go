package chimesdkmessaging_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// hookRecorder implements every interceptor interface and records each
// hook with what the InterceptorContext held at that moment.
type hookRecorder struct {
	mu     sync.Mutex
	hooks  []string
	failAt string // hook returning errHookFailed, if set
}

var errHookFailed = errors.New("interceptor refused")

// note records hook as "Hook[input request response=N output]" naming the
// InterceptorContext fields that are set.
func (r *hookRecorder) note(hook string, ic *smithyhttp.InterceptorContext) error {
	var set []string
	if ic.Input != nil {
		set = append(set, "input")
	}
	if ic.Request != nil {
		set = append(set, "request")
	}
	if ic.Response != nil {
		set = append(set, fmt.Sprintf("response=%d", ic.Response.StatusCode))
	}
	if ic.Output != nil {
		set = append(set, "output")
	}
	r.mu.Lock()
	r.hooks = append(r.hooks, hook+"["+strings.Join(set, " ")+"]")
	r.mu.Unlock()
	if hook == r.failAt {
		return errHookFailed
	}
	return nil
}

func (r *hookRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.hooks...)
}

func (r *hookRecorder) BeforeExecution(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeExecution", ic)
}
func (r *hookRecorder) BeforeSerialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeSerialization", ic)
}
func (r *hookRecorder) AfterSerialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("AfterSerialization", ic)
}
func (r *hookRecorder) BeforeRetryLoop(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeRetryLoop", ic)
}
func (r *hookRecorder) BeforeAttempt(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeAttempt", ic)
}
func (r *hookRecorder) BeforeSigning(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeSigning", ic)
}
func (r *hookRecorder) AfterSigning(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("AfterSigning", ic)
}
func (r *hookRecorder) BeforeTransmit(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeTransmit", ic)
}
func (r *hookRecorder) AfterTransmit(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("AfterTransmit", ic)
}
func (r *hookRecorder) BeforeDeserialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("BeforeDeserialization", ic)
}
func (r *hookRecorder) AfterDeserialization(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("AfterDeserialization", ic)
}
func (r *hookRecorder) AfterAttempt(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("AfterAttempt", ic)
}
func (r *hookRecorder) AfterExecution(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	return r.note("AfterExecution", ic)
}

// register adds r at every hook of reg.
func (r *hookRecorder) register(reg *smithyhttp.InterceptorRegistry) {
	reg.AddBeforeExecution(r)
	reg.AddBeforeSerialization(r)
	reg.AddAfterSerialization(r)
	reg.AddBeforeRetryLoop(r)
	reg.AddBeforeAttempt(r)
	reg.AddBeforeSigning(r)
	reg.AddAfterSigning(r)
	reg.AddBeforeTransmit(r)
	reg.AddAfterTransmit(r)
	reg.AddBeforeDeserialization(r)
	reg.AddAfterDeserialization(r)
	reg.AddAfterAttempt(r)
	reg.AddAfterExecution(r)
}

func TestInterceptorsFireAtEachHookInOrder(t *testing.T) {
	rec := &hookRecorder{}
	c, ts := setup(t, func(o *chime.Options) { rec.register(&o.Interceptors) })
	ts.SetResponder(failFirst())
	putOK(t, c, validInput())

	// The InterceptorContext belongs to the call: until a new response
	// arrives, hooks see the previous attempt's (as with aws-sdk-go-v2).
	attempt := func(before string, status int, output string) []string {
		resp := fmt.Sprintf("input request response=%d", status)
		return []string{
			"BeforeAttempt[" + before + "]",
			"BeforeSigning[" + before + "]",
			"AfterSigning[" + before + "]",
			"BeforeTransmit[" + before + "]",
			"AfterTransmit[" + resp + "]",
			"BeforeDeserialization[" + resp + "]",
			"AfterDeserialization[" + resp + output + "]",
			"AfterAttempt[" + resp + output + "]",
		}
	}
	want := []string{
		"BeforeExecution[input]",
		"BeforeSerialization[input]",
		"AfterSerialization[input request]",
		"BeforeRetryLoop[input request]",
	}
	want = append(want, attempt("input request", 503, "")...)
	want = append(want, attempt("input request response=503", 200, " output")...)
	want = append(want, "AfterExecution[input request response=200 output]")
	assert.Equal(t, want, rec.all())
}

// contextCheck checks that the InterceptorContext holds the call's own
// input, the request that is sent, and the decoded output.
type contextCheck struct {
	in                 any
	request            *smithyhttp.Request
	output             any
	service, operation string
}

func (c *contextCheck) AfterSerialization(ctx context.Context, ic *smithyhttp.InterceptorContext) error {
	c.in, c.request = ic.Input, ic.Request
	c.service, c.operation = middleware.GetServiceID(ctx), middleware.GetOperationName(ctx)
	return nil
}

func (c *contextCheck) BeforeSigning(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	ic.Request.Header.Set("X-Team-Trace", "t-1") // added before signing, so it is signed
	return nil
}

func (c *contextCheck) AfterExecution(_ context.Context, ic *smithyhttp.InterceptorContext) error {
	c.output = ic.Output
	return nil
}

func TestInterceptorContextHoldsTheCallsValues(t *testing.T) {
	check := &contextCheck{}
	c, ts := setup(t, func(o *chime.Options) {
		o.Interceptors.AddAfterSerialization(check)
		o.Interceptors.AddBeforeSigning(check)
		o.Interceptors.AddAfterExecution(check)
	})
	in := validInput()
	// An outer call's stack values do not leak into the client's.
	outer := middleware.WithOperationName(context.Background(), "OuterOperation")
	out, err := c.PutChannelMembershipPreferences(outer, in)
	require.NoError(t, err)
	assert.Equal(t, "Chime SDK Messaging", check.service)
	assert.Equal(t, "PutChannelMembershipPreferences", check.operation)
	assert.Same(t, in, check.in)
	assert.Same(t, out, check.output)
	require.NotNil(t, check.request)
	assert.Equal(t, "PUT", check.request.Method)
	assert.NotNil(t, check.request.GetStream(), "with interceptors the body is the request stream, as smithy-go middlewares expect")

	r := ts.Requests()[0]
	assert.Equal(t, "t-1", r.Header.Get("X-Team-Trace"))
	assert.Contains(t, r.Header.Get("Authorization"), "x-team-trace")
}

func TestInterceptorErrorEndsTheCall(t *testing.T) {
	rec := &hookRecorder{failAt: "BeforeTransmit"}
	c, ts := setup(t, func(o *chime.Options) { rec.register(&o.Interceptors) })
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput())
	require.ErrorIs(t, err, errHookFailed)
	assert.Empty(t, ts.Requests(), "nothing is sent after BeforeTransmit refused")
	assert.Contains(t, rec.all(), "AfterExecution[input request]", "after-execution hooks still run")
}

func TestInterceptorsPerCallDoNotLeak(t *testing.T) {
	c, _ := setup(t)
	rec := &hookRecorder{}
	_, err := c.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.Interceptors.AddBeforeExecution(rec)
	})
	require.NoError(t, err)
	putOK(t, c, validInput())
	assert.Equal(t, []string{"BeforeExecution[input]"}, rec.all(), "the per-call interceptor ran for its call only")

	// Per-call interceptors add to the client's, on a copy.
	clientRec, callRec := &hookRecorder{}, &hookRecorder{}
	c2, _ := setup(t, func(o *chime.Options) { o.Interceptors.AddBeforeExecution(clientRec) })
	_, err = c2.PutChannelMembershipPreferences(context.Background(), validInput(), func(o *chime.Options) {
		o.Interceptors.AddBeforeExecution(callRec)
	})
	require.NoError(t, err)
	putOK(t, c2, validInput())
	assert.Len(t, clientRec.all(), 2)
	assert.Len(t, callRec.all(), 1)
	assert.Len(t, c2.Options().Interceptors.BeforeExecution, 1)
}
