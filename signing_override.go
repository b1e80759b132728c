package chimesdkmessaging

import (
	"context"

	"github.com/aws/smithy-go/middleware"
)

// signingOverride is a signing name or region that replaces the client's
// for the calls of a stack, carried in the call's context.
type signingOverride struct{ name, region string }

type signingNameKey struct{}
type signingRegionKey struct{}

// withSigningOverride adds an Initialize middleware that puts o into each
// call's context, where the Signing middleware reads it.
func withSigningOverride(o signingOverride) func(*Options) {
	id, key, value := "withSigV4SigningName", any(signingNameKey{}), o.name
	if o.region != "" {
		id, key, value = "withSigV4SigningRegion", any(signingRegionKey{}), o.region
	}
	mw := middleware.InitializeMiddlewareFunc(id, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (
		middleware.InitializeOutput, middleware.Metadata, error,
	) {
		return next.HandleInitialize(context.WithValue(ctx, key, value), in)
	})
	return WithAPIOptions(func(s *middleware.Stack) error {
		if _, ok := s.Initialize.Get(id); ok {
			_, err := s.Initialize.Swap(id, mw)
			return err
		}
		return s.Initialize.Add(mw, middleware.Before)
	})
}

// signingNameRegion returns the name and region to sign a call with: an
// override in ctx, else "chime" and region.
func signingNameRegion(ctx context.Context, region string) (string, string) {
	name := SigningName
	if v, ok := ctx.Value(signingNameKey{}).(string); ok && v != "" {
		name = v
	}
	if v, ok := ctx.Value(signingRegionKey{}).(string); ok && v != "" {
		region = v
	}
	return name, region
}
