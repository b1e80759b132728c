package chimesdkmessaging

import (
	"context"
	"encoding/binary"
	"math/rand/v2"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// invocationIDMiddleware (ClientRequestID) gives each call one
// amz-sdk-invocation-id, a random UUID that stays the same on every attempt
// so the service can tell retries of one call apart from new calls.
type invocationIDMiddleware struct{}

func (*invocationIDMiddleware) ID() string { return "ClientRequestID" }

func (*invocationIDMiddleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (
	middleware.BuildOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.BuildOutput{}, middleware.Metadata{}, unknownTransportError(in.Request)
	}
	req.Header["Amz-Sdk-Invocation-Id"] = []string{newUUID()}
	return next.HandleBuild(ctx, in)
}

// newUUID returns a random (version 4) UUID. The bits come from
// math/rand/v2's global generator, ChaCha8 seeded from the OS and never
// shared between threads: unpredictable enough for an ID that tells calls
// apart (it guards nothing), and a fraction of crypto/rand's cost.
func newUUID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var s [36]byte
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s[j] = '-'
			j++
		}
		s[j], s[j+1] = hex[c>>4], hex[c&0xf]
		j += 2
	}
	return string(s[:])
}

// userAgentMiddleware (UserAgent) identifies this library in the AWS style.
// A User-Agent set earlier (by the caller's own middleware) is kept after
// ours. With shared set (see newPipeline: when no code of the caller's can
// write into the value in place) every call gets the same value slice.
type userAgentMiddleware struct {
	value  string
	shared []string
}

// newUserAgentMiddleware returns the middleware for value, sharing one
// value slice between calls when share is set.
func newUserAgentMiddleware(value string, share bool) userAgentMiddleware {
	m := userAgentMiddleware{value: value}
	if share {
		m.shared = []string{value}[0:1:1]
	}
	return m
}

func (*userAgentMiddleware) ID() string { return "UserAgent" }

func (m *userAgentMiddleware) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (
	middleware.BuildOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.BuildOutput{}, middleware.Metadata{}, unknownTransportError(in.Request)
	}
	prev := req.Header.Get("User-Agent")
	switch {
	case prev != "":
		req.Header["User-Agent"] = []string{m.value + " " + prev}
	case m.shared != nil:
		req.Header["User-Agent"] = m.shared
	default:
		req.Header["User-Agent"] = []string{m.value}
	}
	return next.HandleBuild(ctx, in)
}
