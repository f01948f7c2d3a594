package awsretry

import (
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

// hooks is the observer that calls Options.OnRetry and writes to
// Options.Logger. A retrier with neither has none.
type hooks struct {
	onRetry func(RetryEvent)
	logger  *slog.Logger
}

// newHooks returns o's hooks, nil when it has none.
func newHooks(o *Options) *hooks {
	if o.OnRetry == nil && o.Logger == nil {
		return nil
	}
	return &hooks{onRetry: o.OnRetry, logger: o.Logger}
}

// retryScheduled sends ev to OnRetry and to the Logger.
func (h *hooks) retryScheduled(c *call, ev *RetryEvent) {
	if h.onRetry != nil {
		h.onRetry(*ev)
	}
	if h.logger != nil {
		h.logger.LogAttrs(ctxOrBackground(c.ctx), slog.LevelInfo, "awsretry: retrying",
			slog.String("method", ev.Method),
			slog.Int("attempt", ev.Attempt),
			slog.String("code", ev.Code),
			slog.Duration("delay", ev.Delay),
			slog.Any("error", ev.Err))
	}
}

// The hooks see retries only.

func (h *hooks) callStarted(*call)                  {}
func (h *hooks) attemptStarted(*call)               {}
func (h *hooks) attemptEnded(*call, error)          {}
func (h *hooks) slept(*call, time.Duration)         {}
func (h *hooks) limiterWaited(*call, time.Duration) {}
func (h *hooks) gaveUp(*call)                       {}
func (h *hooks) callEnded(*call, error)             {}
