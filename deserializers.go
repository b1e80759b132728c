package chimesdkmessaging

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"

	smithy "github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/jsonwire"
	"github.com/chimekit/chimesdkmessaging/internal/retry"
	"github.com/chimekit/chimesdkmessaging/types"
)

// defaultMaxResponseBytes bounds a response body when Options.MaxResponseBytes
// is zero. A real response of these operations is a few KiB at most.
const defaultMaxResponseBytes = 1 << 20

// requestIDKey is the metadata key of the request ID; read it with [GetRequestID].
type requestIDKey struct{}

// GetRequestID returns the request ID the service assigned to a call, from
// the ResultMetadata of its output.
func GetRequestID(md middleware.Metadata) (string, bool) {
	v, ok := md.Get(requestIDKey{}).(string)
	return v, ok && v != ""
}

// ResponseTooLargeError reports a response body longer than the client
// accepts (Options.MaxResponseBytes). The rest of the body is not read.
type ResponseTooLargeError struct {
	Limit int64
}

func (e *ResponseTooLargeError) Error() string {
	return "response body exceeds the limit of " + strconv.FormatInt(e.Limit, 10) +
		" bytes (Options.MaxResponseBytes); the rest was not read"
}

// bodyPool recycles the buffers response bodies are read into; decoded
// outputs copy what they keep.
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// putBody returns a buffer to the pool unless it grew past what a normal
// response needs, so one huge response does not stay in memory.
func putBody(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		bodyPool.Put(bp)
	}
}

// readBody reads all of body, at most limit bytes, into a pooled buffer the
// caller returns with putBody. It always closes body.
func readBody(body io.ReadCloser, contentLength, limit int64) (*[]byte, error) {
	defer body.Close()
	bp := bodyPool.Get().(*[]byte)
	b := (*bp)[:0]
	if contentLength > limit {
		*bp = b
		return bp, &ResponseTooLargeError{Limit: limit}
	}
	if contentLength > 0 && int64(cap(b)) < contentLength {
		// Trust a declared length only so far: the read loop grows the
		// buffer for whatever really arrives.
		b = make([]byte, 0, min(contentLength, 64<<10))
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := body.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			*bp = b[:0]
			return bp, &ResponseTooLargeError{Limit: limit}
		}
		if err == io.EOF {
			*bp = b
			return bp, nil
		}
		if err != nil {
			*bp = b
			return bp, err
		}
	}
}

// deserializeMiddleware is the OperationDeserializer of an operation: it
// reads the response, decodes a 2xx into the operation's output and anything
// else into a typed error.
type deserializeMiddleware struct {
	op      *operation
	maxBody int64
}

func (*deserializeMiddleware) ID() string { return "OperationDeserializer" }

func (m *deserializeMiddleware) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	out middleware.DeserializeOutput, md middleware.Metadata, err error,
) {
	out, md, err = next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok {
		return out, md, &smithy.DeserializationError{Err: fmt.Errorf("unexpected transport response type %T", out.RawResponse)}
	}
	// Retry reads the response's Date for its clock-skew bookkeeping.
	retry.SetRawResponse(&md, resp)
	requestID := requestIDFrom(resp.Header)
	if requestID != "" {
		md.Set(requestIDKey{}, requestID)
	}

	bp, readErr := readBody(resp.Body, resp.ContentLength, m.maxBody)
	defer putBody(bp)
	body := *bp

	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		var apiErr error
		if readErr != nil {
			apiErr = &smithy.DeserializationError{Err: fmt.Errorf("reading the error response: %w", readErr)}
		} else {
			apiErr = decodeError(resp, body, m.op.models)
		}
		return out, md, wrapResponse(resp, requestID, apiErr)
	}
	if readErr != nil {
		return out, md, wrapResponse(resp, requestID, &smithy.DeserializationError{Err: fmt.Errorf("reading the response: %w", readErr)})
	}

	result, berr := decodeBody(body, m.op.decode)
	if berr != nil {
		return out, md, wrapResponse(resp, requestID, &smithy.DeserializationError{
			Err:      fmt.Errorf("decoding the %s response: %w", m.op.name, berr.err),
			Snapshot: redactedSnippet(body, berr.offset),
		})
	}
	out.Result = result
	return out, md, nil
}

// wrapResponse puts err below a *ResponseError carrying the response's
// status and request ID, for error responses and for 2xx responses that
// cannot be read alike.
func wrapResponse(resp *smithyhttp.Response, requestID string, err error) error {
	return &ResponseError{ResponseError: &smithyhttp.ResponseError{Response: resp, Err: err}, RequestID: requestID}
}

// bodyError is a decoding error with the byte offset it happened at.
type bodyError struct {
	err    error
	offset int
}

// decoderPool recycles decoders and their scratch buffers.
var decoderPool = sync.Pool{New: func() any { return new(jsonwire.Decoder) }}

// decodeBody decodes a 2xx body with decode; an empty body decodes as nil.
//
// The body is copied to a string once; string values without escapes are
// cut from it, so a decoded output costs one allocation for all its strings.
func decodeBody(body []byte, decode func(d *jsonwire.Decoder, src string) any) (any, *bodyError) {
	d := decoderPool.Get().(*jsonwire.Decoder)
	defer decoderPool.Put(d)
	d.Reset(body)
	if d.Kind() == jsonwire.KindEnd {
		return decode(nil, ""), nil
	}
	result := decode(d, string(body))
	d.End()
	if err := d.Err(); err != nil {
		return nil, &bodyError{err: err, offset: d.Offset()}
	}
	return result, nil
}

// membershipBlock holds every structure an output may point to, so that
// decoding one response allocates them together.
type membershipBlock struct {
	_      incomparable
	src    string // the body, which decoded strings are cut from
	member types.Identity
	prefs  types.ChannelMembershipPreferences
	push   types.PushNotificationPreferences

	// The output's strings, which its pointers point to.
	channelArn, memberArn, memberName, filterRule string
}

// decodeMembershipPreferences decodes the output both operations share:
// {"ChannelArn":..., "Member":{...}, "Preferences":{...}}. Unknown keys are
// skipped and null leaves a member unset. d is nil for an empty body. The
// structures pointed to live in one block b.
func decodeMembershipPreferences(d *jsonwire.Decoder, src string, b *membershipBlock) (channelArn *string, member *types.Identity, prefs *types.ChannelMembershipPreferences) {
	if d == nil || !d.ObjectStart() {
		return
	}
	b.src = src
	for d.More() {
		switch string(d.Key()) {
		case "ChannelArn":
			channelArn = b.decodeString(d, &b.channelArn)
		case "Member":
			member = decodeIdentity(d, b)
		case "Preferences":
			prefs = decodePreferences(d, b)
		default:
			d.Skip()
		}
	}
	return
}

// decodeString stores the next string value in *dst and returns dst, or nil
// for null.
func (b *membershipBlock) decodeString(d *jsonwire.Decoder, dst *string) *string {
	s, ok := d.StringIn(b.src)
	if !ok {
		return nil
	}
	*dst = s
	return dst
}

func decodeIdentity(d *jsonwire.Decoder, b *membershipBlock) *types.Identity {
	if !d.ObjectStart() {
		return nil
	}
	v := &b.member
	*v = types.Identity{}
	for d.More() {
		switch string(d.Key()) {
		case "Arn":
			v.Arn = b.decodeString(d, &b.memberArn)
		case "Name":
			v.Name = b.decodeString(d, &b.memberName)
		default:
			d.Skip()
		}
	}
	return v
}

func decodePreferences(d *jsonwire.Decoder, b *membershipBlock) *types.ChannelMembershipPreferences {
	if !d.ObjectStart() {
		return nil
	}
	v := &b.prefs
	*v = types.ChannelMembershipPreferences{}
	for d.More() {
		if string(d.Key()) != "PushNotifications" {
			d.Skip()
			continue
		}
		v.PushNotifications = nil
		if !d.ObjectStart() {
			continue
		}
		pn := &b.push
		*pn = types.PushNotificationPreferences{}
		for d.More() {
			switch string(d.Key()) {
			case "AllowNotifications":
				s, _ := d.StringIn(b.src)
				pn.AllowNotifications = types.AllowNotifications(s)
			case "FilterRule":
				pn.FilterRule = b.decodeString(d, &b.filterRule)
			default:
				d.Skip()
			}
		}
		v.PushNotifications = pn
	}
	return v
}
