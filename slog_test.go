package chimesdkmessaging_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/ptr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/credentials"
)

// slogRecorder is a slog.Handler that keeps every record it handles and the
// context it was handed.
type slogRecorder struct {
	level   slog.Level
	mu      sync.Mutex
	records []slog.Record
	ctxs    []context.Context
}

func (h *slogRecorder) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level }

func (h *slogRecorder) Handle(ctx context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	h.ctxs = append(h.ctxs, ctx)
	return nil
}

func (h *slogRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *slogRecorder) WithGroup(string) slog.Handler      { return h }

func slogAttrs(r slog.Record) map[string]string {
	out := map[string]string{}
	r.Attrs(func(a slog.Attr) bool {
		out[a.Key] = a.Value.String()
		return true
	})
	return out
}

func TestSlogLoggerMapsClassificationsToLevels(t *testing.T) {
	h := &slogRecorder{level: slog.LevelDebug}
	logger := chime.NewSlogLogger(h)
	logger.Logf(logging.Warn, "warn %d", 1)
	logger.Logf(logging.Debug, "debug %s", "two")
	logger.Logf("", "plain")
	logger.Logf("TRACE", "unknown")

	require.Len(t, h.records, 4)
	want := []struct {
		level slog.Level
		msg   string
		attrs map[string]string
	}{
		{slog.LevelWarn, "warn 1", map[string]string{}},
		{slog.LevelDebug, "debug two", map[string]string{}},
		{slog.LevelInfo, "plain", map[string]string{}},
		{slog.LevelInfo, "unknown", map[string]string{"classification": "TRACE"}},
	}
	for i, w := range want {
		assert.Equal(t, w.level, h.records[i].Level, w.msg)
		assert.Equal(t, w.msg, h.records[i].Message)
		assert.Equal(t, w.attrs, slogAttrs(h.records[i]), w.msg)
		assert.False(t, h.records[i].Time.IsZero(), "records carry the time")
	}
}

// slogCountingStringer counts how often a line's argument is formatted.
type slogCountingStringer struct{ n *int }

func (c slogCountingStringer) String() string { *c.n++; return "formatted" }

func TestSlogLoggerFormatsOnlyLinesTheHandlerKeeps(t *testing.T) {
	h := &slogRecorder{level: slog.LevelWarn}
	logger := chime.NewSlogLogger(h)
	formatted := 0
	logger.Logf(logging.Debug, "dropped %s", slogCountingStringer{&formatted})
	assert.Equal(t, 0, formatted, "a dropped line is not formatted")
	assert.Empty(t, h.records)
	logger.Logf(logging.Warn, "kept %s", slogCountingStringer{&formatted})
	assert.Equal(t, 1, formatted)
	require.Len(t, h.records, 1)
	assert.Equal(t, "kept formatted", h.records[0].Message)
}

type slogCtxKey struct{}

func TestSlogLoggerHandsTheCallContextToTheHandler(t *testing.T) {
	h := &slogRecorder{level: slog.LevelDebug}
	logger := chime.NewSlogLogger(h)
	_, isContextLogger := logger.(logging.ContextLogger)
	require.True(t, isContextLogger)

	logger.Logf(logging.Debug, "no context")
	ctx := context.WithValue(context.Background(), slogCtxKey{}, "call-1")
	logging.WithContext(ctx, logger).Logf(logging.Debug, "with context")
	require.Len(t, h.ctxs, 2)
	assert.NotNil(t, h.ctxs[0], "a handler never gets a nil context")
	assert.Equal(t, "call-1", h.ctxs[1].Value(slogCtxKey{}))

	// The client's own retry and signing lines carry the call's context.
	h = &slogRecorder{level: slog.LevelDebug}
	c, ts := setup(t, func(o *chime.Options) {
		o.Logger = chime.NewSlogLogger(h)
		o.ClientLogMode = chime.LogRetries | chime.LogSigning
	})
	first := true
	ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
		if first {
			first = false
			errorResponder(503, "ServiceUnavailableException", `{"Message":"later"}`)(w, r)
			return
		}
		okResponder(w, r)
	})
	_, err := c.PutChannelMembershipPreferences(ctx, validInput())
	require.NoError(t, err)
	var retries, signing int
	for i, r := range h.records {
		switch {
		case strings.HasPrefix(r.Message, "retrying"):
			retries++
		case strings.HasPrefix(r.Message, "Request Signature"):
			signing++
		default:
			continue
		}
		assert.Equal(t, "call-1", h.ctxs[i].Value(slogCtxKey{}), r.Message)
	}
	assert.Equal(t, 1, retries)
	assert.Equal(t, 2, signing, "one signature per attempt")
}

func TestSlogLoggerSourceIsWhereTheLineWasLogged(t *testing.T) {
	var buf bytes.Buffer
	logger := chime.NewSlogLogger(slog.NewTextHandler(&buf, &slog.HandlerOptions{AddSource: true, Level: slog.LevelDebug}))
	logger.Logf(logging.Debug, "here")
	assert.Contains(t, buf.String(), "slog_test.go:")
}

func TestSlogLoggerNilHandlerUsesTheDefaultLogger(t *testing.T) {
	prev := slog.Default()
	defer slog.SetDefault(prev)
	h := &slogRecorder{level: slog.LevelDebug}
	logger := chime.NewSlogLogger(nil)
	slog.SetDefault(slog.New(h)) // set after the logger was made: looked up per line
	logger.Logf(logging.Warn, "to the default")
	require.Len(t, h.records, 1)
	assert.Equal(t, "to the default", h.records[0].Message)
}

// TestSlogLoggerKeepsEveryRedaction logs everything ClientLogMode offers
// through slog's text and JSON handlers, with secrets planted in the
// credentials, the input, and the response, over a retried call.
func TestSlogLoggerKeepsEveryRedaction(t *testing.T) {
	for name, newHandler := range map[string]func(io.Writer) slog.Handler{
		"text": func(w io.Writer) slog.Handler {
			return slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
		"json": func(w io.Writer) slog.Handler {
			return slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			c, ts := setup(t, func(o *chime.Options) {
				o.Credentials = credentials.NewStaticCredentialsProvider("AKIDPLANTED", plantedSecretKey, plantedToken)
				o.Logger = chime.NewSlogLogger(newHandler(&buf))
				o.ClientLogMode = chime.LogSigning | chime.LogRetries | chime.LogRequest | chime.LogRequestWithBody | chime.LogResponse | chime.LogResponseWithBody
			})
			respBody := `{"ChannelArn":"` + testChannelArn + `","Member":{"Arn":"` + testMemberArn + `","Name":"` + plantedName +
				`"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"k\":[\"` + plantedFilter + `\"]}"}}}`
			attempt := 0
			ts.SetResponder(func(w http.ResponseWriter, r *http.Request) {
				attempt++
				if attempt == 1 {
					errorResponder(503, "ServiceUnavailableException", `{"Message":"later"}`)(w, r)
					return
				}
				w.Header().Set("Set-Cookie", "session="+plantedToken)
				_, _ = io.WriteString(w, respBody)
			})
			in := validInput()
			in.Preferences.PushNotifications.FilterRule = ptr.String(`{"k":["` + plantedFilter + `"]}`)
			out, err := c.PutChannelMembershipPreferences(context.Background(), in)
			require.NoError(t, err)
			require.Equal(t, plantedName, *out.Member.Name, "the data itself is intact")

			logs := buf.String()
			for _, want := range []string{"CANONICAL STRING", "retrying", "Request", "Response", "FILTERED", testChannelArn} {
				assert.Contains(t, logs, want)
			}
			assert.Equal(t, strings.Count(logs, "\n"), strings.Count(logs, "DEBUG"), "every line is a DEBUG record")
			for _, secret := range planted {
				assert.NotContains(t, logs, secret)
			}
			assert.NotContains(t, logs, "Signature=", "the Authorization header is not logged")
		})
	}
}

// slogExampleResponses is an in-memory HTTPClient answering with the given
// responses in turn.
type slogExampleResponses []*http.Response

func (f *slogExampleResponses) Do(*http.Request) (*http.Response, error) {
	r := (*f)[0]
	*f = (*f)[1:]
	return r, nil
}

// ExampleNewSlogLogger sends the client's log lines to a slog handler: here
// the retry line and the response bodies, redacted (the member's name and
// the filter rule show as "***").
func ExampleNewSlogLogger() {
	handler := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug, // the client logs at Debug
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // drop the time, for a stable output
			}
			return a
		},
	})
	header := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	const (
		channel = "arn:aws:chime:us-east-1:111122223333:app-instance/app/channel/ch"
		member  = "arn:aws:chime:us-east-1:111122223333:app-instance/app/user/u1"
	)
	responses := slogExampleResponses{
		jsonResponse(503, header("X-Amzn-Errortype", "ServiceUnavailableException"), `{"Message":"busy"}`),
		jsonResponse(200, header("X-Amzn-Requestid", "req-2"),
			`{"ChannelArn":"`+channel+`","Member":{"Arn":"`+member+`","Name":"Jane"},"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"type\":[\"urgent\"]}"}}}`),
	}
	client := chime.New(chime.Options{
		Region:        "us-east-1",
		Credentials:   credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		HTTPClient:    &responses,
		Logger:        chime.NewSlogLogger(handler),
		ClientLogMode: chime.LogRetries | chime.LogResponseWithBody,
		Retryer: chime.NewStandardRetryer(func(o *chime.StandardRetryerOptions) {
			o.BaseDelay = time.Millisecond         // the first retry waits up to 2 × BaseDelay,
			o.Rand = func() float64 { return 0.5 } // times a fixed jitter: 1 ms
		}),
	})
	_, err := client.GetChannelMembershipPreferences(context.Background(), &chime.GetChannelMembershipPreferencesInput{
		ChannelArn: ptr.String(channel), MemberArn: ptr.String(member), ChimeBearer: ptr.String(member),
	})
	fmt.Println("error:", err)
	// Output:
	// level=DEBUG msg="Response\nHTTP/1.1 503 Service Unavailable\nX-Amzn-Errortype: ServiceUnavailableException\n\n{\"Message\":\"busy\"}"
	// level=DEBUG msg="retrying: attempt 1 failed (HTTP 503, ServiceUnavailableException); next attempt in 1ms"
	// level=DEBUG msg="Response\nHTTP/1.1 200 OK\nX-Amzn-Requestid: req-2\n\n{\"ChannelArn\":\"arn:aws:chime:us-east-1:111122223333:app-instance/app/channel/ch\",\"Member\":{\"Arn\":\"arn:aws:chime:us-east-1:111122223333:app-instance/app/user/u1\",\"Name\":\"***\"},\"Preferences\":{\"PushNotifications\":{\"AllowNotifications\":\"FILTERED\",\"FilterRule\":\"***\"}}}"
	// error: <nil>
}
