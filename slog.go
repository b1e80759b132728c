package chimesdkmessaging

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/aws/smithy-go/logging"
)

// NewSlogLogger returns a logging.Logger for Options.Logger that writes each
// line the client logs as one record to h (pass logger.Handler() for a
// *slog.Logger; nil means slog.Default()'s handler at the time of each
// line). The client's WARN lines become slog.LevelWarn records and its
// DEBUG lines (requests, responses, signing, retries: everything
// ClientLogMode asks for) slog.LevelDebug records, so a handler at the
// default Info level drops them until its level is lowered; any other
// classification is logged at slog.LevelInfo with a "classification"
// attribute.
//
// The message is the text the client formats, which it has already
// redacted: secret headers, the security token, FilterRule and member names
// never reach h. The logger also implements logging.ContextLogger, so h
// receives the call's context (and whatever trace it carries). The record's
// source is where the client logged the line.
func NewSlogLogger(h slog.Handler) logging.Logger {
	return slogLogger{handler: h}
}

// slogLogger is NewSlogLogger's logger; ctx is the context WithContext
// gave it, or nil.
type slogLogger struct {
	handler slog.Handler
	ctx     context.Context
}

// slogLevel returns the slog level for a smithy-go log classification and
// whether the classification is one it knows (WARN, DEBUG); any other is
// logged at slog.LevelInfo.
func slogLevel(classification logging.Classification) (slog.Level, bool) {
	switch classification {
	case logging.Warn:
		return slog.LevelWarn, true
	case logging.Debug:
		return slog.LevelDebug, true
	}
	return slog.LevelInfo, false
}

// Logf formats one line, unless the handler would drop its level.
func (l slogLogger) Logf(classification logging.Classification, format string, v ...any) {
	h := l.handler
	if h == nil {
		h = slog.Default().Handler()
	}
	ctx := l.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	level, known := slogLevel(classification)
	if !h.Enabled(ctx, level) {
		return
	}
	var pcs [1]uintptr
	runtime.Callers(2, pcs[:]) // skip runtime.Callers and Logf
	r := slog.NewRecord(time.Now(), level, fmt.Sprintf(format, v...), pcs[0])
	if !known && classification != "" {
		r.AddAttrs(slog.String("classification", string(classification)))
	}
	_ = h.Handle(ctx, r)
}

// WithContext returns a logger whose records carry ctx to the handler.
func (l slogLogger) WithContext(ctx context.Context) logging.Logger {
	l.ctx = ctx
	return l
}
