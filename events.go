package awsretry

import (
	"errors"
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
	onRetry  func(RetryEvent)
	logger   *slog.Logger
	withText bool // Options.LogErrorText
}

// newHooks returns o's hooks, nil when it has none.
func newHooks(o *Options) *hooks {
	if o.OnRetry == nil && o.Logger == nil {
		return nil
	}
	return &hooks{onRetry: o.OnRetry, logger: o.Logger, withText: o.LogErrorText}
}

// retryScheduled sends ev to OnRetry and to the Logger. The record names
// the method, the attempt, the code, the HTTP status and request ID when
// the error has them, and the delay; the error's text only with
// LogErrorText, since the server's message can quote the input.
func (h *hooks) retryScheduled(c *call, ev *RetryEvent) {
	if h.onRetry != nil {
		h.onRetry(*ev)
	}
	if h.logger == nil {
		return
	}
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs, slog.String("method", ev.Method), slog.Int("attempt", ev.Attempt), slog.String("code", ev.Code))
	if status := httpStatus(ev.Err); status != 0 {
		attrs = append(attrs, slog.Int("http_status", status))
	}
	if id := requestID(ev.Err); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	attrs = append(attrs, slog.Duration("delay", ev.Delay))
	if h.withText {
		attrs = append(attrs, slog.Any("error", ev.Err))
	}
	h.logger.LogAttrs(ctxOrBackground(c.ctx), slog.LevelInfo, "awsretry: retrying", attrs...)
}

// httpStatus returns the HTTP status of err's response, or 0 without one.
func httpStatus(err error) int {
	var e interface{ HTTPStatusCode() int }
	if errors.As(err, &e) {
		return e.HTTPStatusCode()
	}
	return 0
}

// requestID returns the AWS request ID of err's response, or "".
func requestID(err error) string {
	var e interface{ ServiceRequestID() string }
	if errors.As(err, &e) {
		return e.ServiceRequestID()
	}
	return ""
}

// The hooks see retries only.

func (h *hooks) callStarted(*call)                  {}
func (h *hooks) attemptStarted(*call)               {}
func (h *hooks) attemptEnded(*call, error)          {}
func (h *hooks) slept(*call, time.Duration)         {}
func (h *hooks) limiterWaited(*call, time.Duration) {}
func (h *hooks) limiterStoreFailed(*call)           {}
func (h *hooks) gaveUp(*call)                       {}
func (h *hooks) callEnded(*call, error)             {}
