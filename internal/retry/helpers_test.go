package retry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"
)

// outerResponseError mimics the root package's *ResponseError: it embeds
// *smithyhttp.ResponseError and forwards As.
type outerResponseError struct {
	*smithyhttp.ResponseError
}

func (e *outerResponseError) As(target any) bool { return errors.As(e.ResponseError, target) }

// respErr builds the error chain the client returns for an HTTP error
// response: operation wrapper → outer → smithyhttp.ResponseError → API error.
func respErr(status int, code string, hdr http.Header) error {
	return respErrMsg(status, code, "", hdr)
}

func respErrMsg(status int, code, msg string, hdr http.Header) error {
	if hdr == nil {
		hdr = http.Header{}
	}
	var apiErr error
	if code != "" {
		apiErr = &smithy.GenericAPIError{Code: code, Message: msg}
	} else {
		apiErr = errors.New("unknown error")
	}
	re := &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: hdr}},
		Err:      apiErr,
	}
	return fmt.Errorf("operation error Chime SDK Messaging: PutChannelMembershipPreferences, %w",
		&outerResponseError{ResponseError: re})
}

// newRequest returns a real smithy request with a seekable body.
func newRequest(t testing.TB, body []byte) *smithyhttp.Request {
	t.Helper()
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	req.Method = http.MethodPut
	req.URL = &url.URL{Scheme: "https", Host: "messaging-chime.us-east-1.amazonaws.com", Path: "/channels/c/memberships/m/preferences"}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Amz-Sdk-Invocation-Id", "inv-1")
	req, err := req.SetStream(bytes.NewReader(body))
	require.NoError(t, err)
	return req
}

// seen is what a fake next handler observed on one attempt.
type seen struct {
	header    http.Header
	body      []byte
	preSigned bool // Authorization already present when the attempt began
}

// script is a fake next handler: attempt i returns results[i] (the last one
// repeats) and records what it saw.
type script struct {
	mu      sync.Mutex
	results []error
	seen    []seen
	resp    *smithyhttp.Response // raw response recorded on success
	hook    func(ctx context.Context, attempt int) error
}

func (s *script) HandleFinalize(ctx context.Context, in middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
	req := in.Request.(*smithyhttp.Request)
	var body []byte
	if st := req.GetStream(); st != nil {
		b := new(bytes.Buffer)
		_, _ = b.ReadFrom(st)
		body = b.Bytes()
	}
	preSigned := req.Header.Get("Authorization") != ""
	hdr := req.Header.Clone()
	// Simulate signing below the retry middleware: it mutates the request.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 fake")
	s.mu.Lock()
	n := len(s.seen)
	s.seen = append(s.seen, seen{header: hdr, body: body, preSigned: preSigned})
	err := s.results[min(n, len(s.results)-1)]
	hook, resp := s.hook, s.resp
	s.mu.Unlock()
	if hook != nil {
		if herr := hook(ctx, n+1); herr != nil {
			err = herr
		}
	}
	var md middleware.Metadata
	if err == nil && resp != nil {
		SetRawResponse(&md, resp)
	}
	return middleware.FinalizeOutput{Result: "ok"}, md, err
}

func (s *script) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// fixedRand returns a jitter source that always yields v.
func fixedRand(v float64) func() float64 { return func() float64 { return v } }

// fastStandard is a Standard retryer with tiny delays for middleware tests.
func fastStandard(fns ...func(*StandardOptions)) *Standard {
	return NewStandard(append([]func(*StandardOptions){func(o *StandardOptions) {
		o.BaseDelay = 1
		o.ThrottleBaseDelay = 1
		o.MaxBackoff = 1
		o.Rand = fixedRand(0.5)
	}}, fns...)...)
}

func run(t testing.TB, m *Middleware, next middleware.FinalizeHandler, req *smithyhttp.Request) (middleware.Metadata, error) {
	t.Helper()
	return runCtx(context.Background(), m, next, req)
}

func runCtx(ctx context.Context, m *Middleware, next middleware.FinalizeHandler, req *smithyhttp.Request) (middleware.Metadata, error) {
	_, md, err := m.HandleFinalize(ctx, middleware.FinalizeInput{Request: req}, next)
	return md, err
}
