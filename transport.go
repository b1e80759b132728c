package chimesdkmessaging

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// transportHandler ends the middleware stack: it sends the attempt's request
// with Options.HTTPClient and returns the raw *smithyhttp.Response.
//
// It never follows a redirect (the service never sends one): an
// *http.Client is used through a copy that does not follow them (see
// [noRedirects]), and a 3xx response of any HTTPClient ends the attempt with
// a [*RedirectError], so no header or body of the request reaches the
// redirect's target. The response body must be read within bodyTimeout (see
// Options.ResponseBodyTimeout), so a server that drips it cannot hold a call.
//
// The first attempt sends the payload's own reader and each later attempt a
// reader of its own over the immutable body bytes (payload.attemptBody), so
// a transport still reading an abandoned attempt's body can never race with
// the next attempt; both are readers net/http knows to be in memory, so a
// request leaves in one write.
type transportHandler struct {
	_ incomparable

	client      HTTPClient
	bodyTimeout time.Duration
}

func (t *transportHandler) Handle(ctx context.Context, input any) (any, middleware.Metadata, error) {
	req, ok := input.(*smithyhttp.Request)
	if !ok {
		return nil, middleware.Metadata{}, unknownTransportError(input)
	}
	if err := ctx.Err(); err != nil { // nothing is sent for a call already cancelled
		return nil, middleware.Metadata{}, &smithy.CanceledError{Err: err}
	}
	var hreq *http.Request
	if p := requestPayload(req); p != nil {
		hreq = req.Request.WithContext(ctx)
		hreq.Body = p.attemptBody()
		hreq.ContentLength = int64(len(p.data))
		hreq.GetBody = p.newBody // lets net/http replay it (HTTP/2 GOAWAY)
	} else {
		hreq = req.Build(ctx)
	}
	resp, err := t.client.Do(hreq)
	if err != nil {
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, middleware.Metadata{}, &smithy.CanceledError{Err: ctxErr}
		}
		return nil, middleware.Metadata{}, &smithyhttp.RequestSendError{Err: err}
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		_ = resp.Body.Close()
		return nil, middleware.Metadata{}, newRedirectError(resp)
	}
	if t.bodyTimeout <= 0 || resp.Body == http.NoBody {
		return &smithyhttp.Response{Response: resp}, middleware.Metadata{}, nil
	}
	// The response and its body's deadline share one allocation.
	b := &responseBlock{resp: smithyhttp.Response{Response: resp}}
	b.body.start(resp.Body, t.bodyTimeout)
	resp.Body = &b.body
	return &b.resp, middleware.Metadata{}, nil
}

// responseBlock holds a response and its body's deadline in one allocation.
type responseBlock struct {
	resp smithyhttp.Response
	body deadlineBody
}

// requestBlock holds the three structures of a request in one allocation.
type requestBlock struct {
	req  smithyhttp.Request
	hreq http.Request
	url  url.URL
}

// newRequest is the stack's request constructor: one allocation for the
// request and one for its header map.
func newRequest() any {
	b := &requestBlock{}
	b.hreq.Header = make(http.Header, 8)
	b.hreq.URL = &b.url
	b.hreq.ContentLength = -1
	b.req.Request = &b.hreq
	return &b.req
}

// unknownTransportError says a middleware got a request (or raw response)
// of a type other than the smithy-go HTTP one it handles.
func unknownTransportError(v any) error {
	return fmt.Errorf("unknown transport type %T", v)
}

// unknownInputError says an operation got input parameters of a type other
// than its own.
func unknownInputError(input any) error {
	return fmt.Errorf("unknown input parameters type %T", input)
}
