package retry

import (
	"context"
	"testing"

	"github.com/aws/smithy-go/middleware"
)

// BenchmarkMiddleware_OneAttempt measures one successful attempt through the
// middleware (request clone, header, quota, metadata); next does nothing.
func BenchmarkMiddleware_OneAttempt(b *testing.B) {
	m := &Middleware{Retryer: NewStandard(), Skew: &ClockSkew{}}
	req := newRequest(b, []byte(`{"Preferences":{}}`))
	req.Header.Set("X-Amz-Chime-Bearer", "arn:aws:chime:us-east-1:111122223333:app-instance/x/user/y")
	req.Header.Set("User-Agent", "chimekit/0.1")
	next := middleware.FinalizeHandlerFunc(func(context.Context, middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, nil
	})
	in := middleware.FinalizeInput{Request: req}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := m.HandleFinalize(ctx, in, next); err != nil {
			b.Fatal(err)
		}
	}
}
