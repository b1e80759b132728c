package chimesdkmessaging

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// loggingMiddleware (RequestResponseLogger) logs each attempt's request and
// response as ClientLogMode asks. Secret headers and sensitive body members
// are always redacted.
type loggingMiddleware struct {
	_       incomparable
	logger  logging.Logger
	mode    ClientLogMode
	maxBody int64
}

func (m *loggingMiddleware) enabled() bool {
	return m.logger != nil && m.mode&(LogRequest|LogRequestWithBody|LogResponse|LogResponseWithBody) != 0
}

func (*loggingMiddleware) ID() string { return "RequestResponseLogger" }

func (m *loggingMiddleware) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	if req, ok := in.Request.(*smithyhttp.Request); ok && (m.mode.IsRequest() || m.mode.IsRequestWithBody()) {
		var body []byte
		if p := requestPayload(req); p != nil && m.mode.IsRequestWithBody() {
			body = p.data
		}
		logging.WithContext(ctx, m.logger).Logf(logging.Debug, "Request\n%s", describeRequest(req.Request, body))
	}
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && (m.mode.IsResponse() || m.mode.IsResponseWithBody()) {
		var body []byte
		if m.mode.IsResponseWithBody() && resp.Body != nil {
			body = peekBody(resp, m.maxBody)
		}
		logging.WithContext(ctx, m.logger).Logf(logging.Debug, "Response\n%s", describeResponse(resp, body))
	}
	return out, md, err
}

// peekBody reads up to max bytes of the response body for the log and puts
// them back in front of whatever is left, so the deserializer reads the same
// bytes and still sees an over-long body as such.
func peekBody(resp *smithyhttp.Response, max int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, max))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	return b
}

// redactedHeaders never appear in logs with their values.
var redactedHeaders = [...]string{"Authorization", "X-Amz-Security-Token", "Cookie", "Set-Cookie", "Proxy-Authorization"}

func isRedactedHeader(k string) bool {
	for _, h := range redactedHeaders {
		if strings.EqualFold(h, k) {
			return true
		}
	}
	return false
}

func describeHeaders(b []byte, h http.Header) []byte {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if isRedactedHeader(k) {
				v = "[redacted]"
			}
			b = append(b, k+": "+v+"\n"...)
		}
	}
	return b
}

func describeRequest(r *http.Request, body []byte) string {
	b := []byte(r.Method + " " + r.URL.EscapedPath() + " HTTP/1.1\nHost: " + r.URL.Host + "\n")
	return describeRest(b, r.Header, body)
}

func describeResponse(resp *smithyhttp.Response, body []byte) string {
	b := []byte("HTTP/1.1 " + strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode) + "\n")
	return describeRest(b, resp.Header, body)
}

// describeRest appends the headers and, when there is one, the redacted
// body to a described request or response's first line b.
func describeRest(b []byte, h http.Header, body []byte) string {
	b = describeHeaders(b, h)
	if body != nil {
		b = append(b, '\n')
		b = append(b, RedactJSON(body)...)
	}
	return string(b)
}
