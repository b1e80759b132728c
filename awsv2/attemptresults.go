package awsv2

import (
	"context"
	"time"

	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	chimeretry "github.com/chimekit/chimesdkmessaging/internal/retry"
)

// This library's retry loop keeps its behaviour (throttling, clock-skew
// correction, AttemptTimeout), but retry.GetAttemptResults reads a metadata
// key that only aws-sdk-go-v2's retry.Attempt middleware can set. So a
// retry.Attempt runs around this library's loop and replays, without
// sending anything, the attempts that loop made: [attemptRecorder], right
// below the loop, records each attempt's error and metadata;
// [attemptResultsReplay], right above it, runs the loop once, then hands
// retry.Attempt those attempts one by one through a retryer that retries
// exactly as often as the loop did, at once. retry.Attempt then stores
// them as retry.AttemptResults, and the call returns what the loop
// returned, except that running out of attempts is aws-sdk-go-v2's
// *retry.MaxAttemptsError.

// recordedAttempt is the outcome of one attempt of this library's loop.
type recordedAttempt struct {
	out middleware.FinalizeOutput
	md  middleware.Metadata
	err error
}

// replayState is one call's record.
type replayState struct {
	attempts []recordedAttempt
	next     int // the attempt handed out next
}

type replayStateKey struct{}

// useAttemptResults adds the recorder below this library's "Retry"
// middleware and the replay above it.
func useAttemptResults(stack *middleware.Stack) error {
	if err := stack.Finalize.Insert(attemptRecorder{}, "Retry", middleware.After); err != nil {
		return err
	}
	return stack.Finalize.Insert(attemptResultsReplay{}, "Retry", middleware.Before)
}

// attemptRecorder records every attempt of the loop above it in the call's
// replayState.
type attemptRecorder struct{}

func (attemptRecorder) ID() string { return "chimekit.AttemptRecorder" }

func (attemptRecorder) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleFinalize(ctx, in)
	if st, ok := ctx.Value(replayStateKey{}).(*replayState); ok {
		st.attempts = append(st.attempts, recordedAttempt{out: out, md: md, err: err})
	}
	return out, md, err
}

// attemptResultsReplay runs retry.Attempt over the loop below it; see the
// comment at the top of this file.
type attemptResultsReplay struct{}

func (attemptResultsReplay) ID() string { return "chimekit.AttemptResults" }

func (attemptResultsReplay) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	st := &replayState{}
	var final recordedAttempt
	ran := false
	replay := middleware.FinalizeHandlerFunc(func(context.Context, middleware.FinalizeInput) (middleware.FinalizeOutput, middleware.Metadata, error) {
		if !ran {
			ran = true
			// The real call, with the caller's context (cancellation
			// included) and request.
			final.out, final.md, final.err = next.HandleFinalize(context.WithValue(ctx, replayStateKey{}, st), in)
			if e, ok := final.err.(*chimeretry.MaxAttemptsError); ok {
				// The error aws-sdk-go-v2 code looks for, with the same
				// fields and the same error below it.
				final.err = &awsretry.MaxAttemptsError{Attempt: e.Attempts, Err: e.Err}
			}
		}
		if st.next >= len(st.attempts)-1 {
			st.next = len(st.attempts)
			return final.out, final.md, final.err
		}
		a := st.attempts[st.next]
		st.next++
		return a.out, a.md, a.err
	})
	attempt := awsretry.NewAttemptMiddleware(replayRetryer{st}, smithyhttp.RequestCloner)
	// The replay does no I/O and must hand out every attempt even when the
	// caller's context has ended meanwhile.
	return attempt.HandleFinalize(context.WithoutCancel(ctx), in, replay)
}

// replayRetryer retries as long as recorded attempts remain, without delay
// or quota. MaxAttempts 0 means no limit to retry.Attempt, so it never
// wraps the loop's own error.
type replayRetryer struct{ st *replayState }

func (r replayRetryer) IsErrorRetryable(error) bool { return r.st.next < len(r.st.attempts) }
func (replayRetryer) MaxAttempts() int              { return 0 }
func (replayRetryer) RetryDelay(int, error) (time.Duration, error) {
	return 0, nil
}
func (replayRetryer) GetRetryToken(context.Context, error) (func(error) error, error) {
	return nopRelease, nil
}
func (replayRetryer) GetInitialToken() func(error) error { return nopRelease }
func (replayRetryer) GetAttemptToken(context.Context) (func(error) error, error) {
	return nopRelease, nil
}

func nopRelease(error) error { return nil }
