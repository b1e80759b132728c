package awsv2

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// userAgentFixID is the ID of the Build middleware that turns the User-Agent
// written by aws-sdk-go-v2's RequestUserAgent into this library's.
const userAgentFixID = "chimekit.UserAgentFromAWS"

// useAWSUserAgent makes the aws-sdk-go-v2 user-agent helpers
// (awsmiddleware.AddUserAgentKey, AddUserAgentKeyValue, AddSDKAgentKey,
// AddSDKAgentKeyValue) work on this client's stack.
//
// Those helpers look up the Build middleware "UserAgent" and type-assert it
// to *awsmiddleware.RequestUserAgent. So the client's own "UserAgent"
// middleware is swapped for one, and a middleware right after it replaces
// what RequestUserAgent writes for itself (aws-sdk-go-v2's product token
// and metadata) with this library's User-Agent, keeping every key the
// helpers added, in their order, after it:
//
//	chimekit-go/0.1.0 ua/2.1 os/linux ... api/chimesdkmessaging#0.1.0 m/E app-key/1.0
//
// A stack without a "UserAgent" middleware is left unchanged.
func useAWSUserAgent(stack *middleware.Stack) error {
	if _, ok := stack.Build.Get("UserAgent"); !ok {
		return nil
	}
	if _, ok := stack.Build.Get(userAgentFixID); ok {
		return nil // already applied (New called on options that carry it)
	}
	aws := awsmiddleware.NewRequestUserAgent()
	base, err := cachedBaseUserAgent(aws)
	if err != nil {
		return err
	}
	own, err := stack.Build.Swap("UserAgent", aws)
	if err != nil {
		return err
	}
	return stack.Build.Insert(&userAgentFix{own: own, base: base}, "UserAgent", middleware.After)
}

// baseUserAgent caches what a fresh RequestUserAgent writes; it depends only
// on the Go runtime and AWS_EXECUTION_ENV, which NewRequestUserAgent reads.
type baseUserAgent struct{ execEnv, value string }

var lastBaseUserAgent atomic.Pointer[baseUserAgent]

// cachedBaseUserAgent is awsBaseUserAgent(fresh), computed again only when
// AWS_EXECUTION_ENV changed. fresh must have no key added yet.
func cachedBaseUserAgent(fresh *awsmiddleware.RequestUserAgent) (string, error) {
	env := os.Getenv("AWS_EXECUTION_ENV")
	if b := lastBaseUserAgent.Load(); b != nil && b.execEnv == env {
		return b.value, nil
	}
	v, err := awsBaseUserAgent(fresh)
	if err != nil {
		return "", err
	}
	lastBaseUserAgent.Store(&baseUserAgent{execEnv: env, value: v})
	return v, nil
}

// awsBaseUserAgent returns what ua writes on a request without User-Agent
// before anyone adds a key to it.
func awsBaseUserAgent(ua *awsmiddleware.RequestUserAgent) (string, error) {
	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	var base string
	_, _, err := ua.HandleBuild(context.Background(), middleware.BuildInput{Request: req},
		middleware.BuildHandlerFunc(func(context.Context, middleware.BuildInput) (middleware.BuildOutput, middleware.Metadata, error) {
			base = req.Header.Get("User-Agent")
			return middleware.BuildOutput{}, middleware.Metadata{}, nil
		}))
	return base, err
}

// userAgentFix runs after aws-sdk-go-v2's RequestUserAgent. It cuts that
// middleware's own prefix (base) from the User-Agent, lets the client's own
// user-agent middleware (own) write this library's value, and appends what
// followed base: the helpers' keys and any User-Agent set before.
type userAgentFix struct {
	own  middleware.BuildMiddleware
	base string
}

func (*userAgentFix) ID() string { return userAgentFixID }

func (m *userAgentFix) HandleBuild(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (
	middleware.BuildOutput, middleware.Metadata, error,
) {
	req, ok := in.Request.(*smithyhttp.Request)
	if !ok {
		return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("unknown transport type %T", in.Request)
	}
	current := req.Header.Get("User-Agent")
	rest, found := strings.CutPrefix(current, m.base)
	if !found {
		// Someone replaced the RequestUserAgent: keep what it wrote after ours.
		rest = " " + current
	}
	rest = strings.TrimSpace(rest)
	req.Header.Del("User-Agent")
	return m.own.HandleBuild(ctx, in, middleware.BuildHandlerFunc(func(ctx context.Context, in middleware.BuildInput) (middleware.BuildOutput, middleware.Metadata, error) {
		if rest != "" {
			req.Header["User-Agent"] = []string{req.Header.Get("User-Agent") + " " + rest}
		}
		return next.HandleBuild(ctx, in)
	}))
}
