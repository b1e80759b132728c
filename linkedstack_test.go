package chimesdkmessaging

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"
)

// chainLogKey is the context key of the per-call log the recording
// middlewares of chainTestStack append to.
type chainLogKey struct{}

type chainLog struct{ entries []string }

func logf(ctx context.Context, format string, args ...any) {
	l := ctx.Value(chainLogKey{}).(*chainLog)
	l.entries = append(l.entries, fmt.Sprintf(format, args...))
}

type chainMetaKey struct{}

type chainTestRequest struct{ id int }

// chainTestStack builds a stack with two middlewares in every step, added
// in an order (After, Before, Insert) that differs from the run order, and
// returns it with its request constructor.
func chainTestStack(t *testing.T) (*middleware.Stack, func() any) {
	t.Helper()
	var mu sync.Mutex
	next := 0
	newReq := func() any {
		mu.Lock()
		defer mu.Unlock()
		next++
		return &chainTestRequest{id: next}
	}
	s := middleware.NewStack("chain", newReq)
	add := func(err error) { require.NoError(t, err) }
	add(s.Initialize.Add(middleware.InitializeMiddlewareFunc("init-b", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		logf(ctx, "init-b params=%v", in.Parameters)
		out, md, err := next.HandleInitialize(ctx, in)
		logf(ctx, "init-b result=%v", out.Result)
		return out, md, err
	}), middleware.After))
	add(s.Initialize.Add(middleware.InitializeMiddlewareFunc("init-a", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		logf(ctx, "init-a params=%v", in.Parameters)
		in.Parameters = fmt.Sprintf("%v+a", in.Parameters)
		return next.HandleInitialize(ctx, in)
	}), middleware.Before))
	add(s.Serialize.Add(middleware.SerializeMiddlewareFunc("ser-a", func(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
		logf(ctx, "ser-a params=%v request-is-new=%v", in.Parameters, in.Request.(*chainTestRequest).id > 0)
		return next.HandleSerialize(ctx, in)
	}), middleware.After))
	add(s.Serialize.Insert(middleware.SerializeMiddlewareFunc("ser-b", func(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
		logf(ctx, "ser-b params=%v", in.Parameters)
		return next.HandleSerialize(ctx, in)
	}), "ser-a", middleware.After))
	for _, id := range []string{"build-a", "build-b"} {
		add(s.Build.Add(middleware.BuildMiddlewareFunc(id, func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
			logf(ctx, "%s", id)
			return next.HandleBuild(ctx, in)
		}), middleware.After))
	}
	for _, id := range []string{"fin-b", "fin-a"} {
		add(s.Finalize.Add(middleware.FinalizeMiddlewareFunc(id, func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			logf(ctx, "%s", id)
			out, md, err := next.HandleFinalize(ctx, in)
			logf(ctx, "%s result=%v err=%v", id, out.Result, err)
			return out, md, err
		}), middleware.Before))
	}
	add(s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("deser-outer", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		logf(ctx, "deser-outer raw=%v result=%v", out.RawResponse, out.Result)
		md.Set(chainMetaKey{}, "outer")
		return out, md, err
	}), middleware.After))
	add(s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("deser-inner", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		logf(ctx, "deser-inner raw=%v", out.RawResponse)
		if err == nil {
			out.Result = fmt.Sprintf("decoded(%v)", out.RawResponse)
		}
		return out, md, err
	}), middleware.After))
	return s, newReq
}

// chainTestTransport answers every request with the raw response "raw".
type chainTestTransport struct{}

func (chainTestTransport) Handle(ctx context.Context, in any) (any, middleware.Metadata, error) {
	_ = in.(*chainTestRequest)
	logf(ctx, "transport")
	var md middleware.Metadata
	md.Set("transport", "yes")
	return "raw", md, nil
}

type failingTransport struct{}

func (failingTransport) Handle(ctx context.Context, in any) (any, middleware.Metadata, error) {
	logf(ctx, "transport fails")
	return nil, middleware.Metadata{}, errors.New("connection reset")
}

// TestLinkStackRunsLikeSmithySteps runs the same stack through smithy-go's
// steps and through linkStack and compares the order of the middlewares,
// what each saw, the result, the metadata and the error.
func TestLinkStackRunsLikeSmithySteps(t *testing.T) {
	for _, transport := range []middleware.Handler{chainTestTransport{}, failingTransport{}} {
		t.Run(fmt.Sprintf("%T", transport), func(t *testing.T) {
			run := func(h middleware.Handler) ([]string, any, middleware.Metadata, error) {
				l := &chainLog{}
				out, md, err := h.Handle(context.WithValue(context.Background(), chainLogKey{}, l), "params")
				return l.entries, out, md, err
			}
			s1, _ := chainTestStack(t)
			wantLog, wantOut, wantMD, wantErr := run(middleware.DecorateHandler(transport, s1.Initialize, s1.Serialize, s1.Build, s1.Finalize, s1.Deserialize))
			s2, newReq := chainTestStack(t)
			linked, err := linkStack(s2, newReq, transport)
			require.NoError(t, err)
			gotLog, gotOut, gotMD, gotErr := run(linked)

			require.Equal(t, wantLog, gotLog)
			require.Equal(t, wantOut, gotOut)
			require.Equal(t, wantErr, gotErr)
			for _, k := range []any{chainMetaKey{}, "transport"} {
				require.Equal(t, wantMD.Get(k), gotMD.Get(k), "metadata %v", k)
			}
			// The log must show every step, so the comparison above compares
			// something.
			require.Contains(t, strings.Join(gotLog, "\n"), "init-a params=params\ninit-b params=params+a\nser-a params=params+a request-is-new=true\nser-b")
			require.Contains(t, strings.Join(gotLog, "\n"), "build-a\nbuild-b\nfin-a\nfin-b\ntransport")
		})
	}
}

// TestLinkStackServesConcurrentCalls runs one linked stack from many
// goroutines (under -race this checks it shares no per-call state) and
// checks every call got its own new request.
func TestLinkStackServesConcurrentCalls(t *testing.T) {
	s, newReq := chainTestStack(t)
	var seen sync.Map
	_ = s.Finalize.Add(middleware.FinalizeMiddlewareFunc("record", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		if _, dup := seen.LoadOrStore(in.Request.(*chainTestRequest).id, true); dup {
			return middleware.FinalizeOutput{}, middleware.Metadata{}, errors.New("request shared by two calls")
		}
		return next.HandleFinalize(ctx, in)
	}), middleware.After)
	h, err := linkStack(s, newReq, chainTestTransport{})
	require.NoError(t, err)
	const goroutines, calls = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*calls)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				ctx := context.WithValue(context.Background(), chainLogKey{}, &chainLog{})
				out, _, err := h.Handle(ctx, "params")
				if err == nil && out != "decoded(raw)" {
					err = fmt.Errorf("result %v", out)
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n := 0
	seen.Range(func(any, any) bool { n++; return true })
	require.Equal(t, goroutines*calls, n)
}

// TestLinkStackRefusesDuplicateIDs: smithy-go's steps accept two
// middlewares of one ID, which linking by ID could not tell apart.
func TestLinkStackRefusesDuplicateIDs(t *testing.T) {
	s, newReq := chainTestStack(t)
	require.NoError(t, s.Build.Add(middleware.BuildMiddlewareFunc("build-a", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
		return next.HandleBuild(ctx, in)
	}), middleware.After))
	require.Equal(t, []string{"build-a", "build-b", "build-a"}, s.Build.List(), "smithy-go keeps both")
	h, err := linkStack(s, newReq, chainTestTransport{})
	require.Nil(t, h)
	require.ErrorContains(t, err, `"build-a" appears twice`)
}
