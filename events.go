package awsretry

import (
	"context"
	"log/slog"
	"time"
)

// RetryEvent describes one retry, just before its sleep. It never holds the
// call's arguments: inputs can hold secrets.
type RetryEvent struct {
	Method  string        // the method or function name
	Attempt int           // the attempt that failed, 1-based
	Code    string        // its AWS error code, "" if it has none
	Err     error         // its error
	Delay   time.Duration // the sleep about to start
}

// notify sends ev to OnRetry and to the Logger, when they are set.
func (r *retrier) notify(ctx context.Context, ev RetryEvent) {
	if r.opts.OnRetry != nil {
		r.opts.OnRetry(ev)
	}
	if l := r.opts.Logger; l != nil {
		if ctx == nil {
			ctx = context.Background()
		}
		l.LogAttrs(ctx, slog.LevelInfo, "awsretry: retrying",
			slog.String("method", ev.Method),
			slog.Int("attempt", ev.Attempt),
			slog.String("code", ev.Code),
			slog.Duration("delay", ev.Delay),
			slog.Any("error", ev.Err))
	}
}
