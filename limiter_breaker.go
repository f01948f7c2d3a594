package awsretry

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// storeBreaker is a Limiter's circuit breaker in front of its Store. It is
// closed while the store answers. The first failure opens it: for
// breakerMin, doubling after each failed probe up to breakerMax, and to
// the next multiple of that time, no scope asks the store, and each paces its attempts with its local state. Then
// one attempt probes (half open): its answer closes the breaker, and the
// scopes rejoin the shared state; its failure opens it again. An outage so
// costs a Timeout to the attempts in flight when it begins and to one
// probe at a time, never one per attempt. Times are the Limiter's clock.
type storeBreaker struct {
	errors atomic.Int64 // store errors counted, for tests and the log

	mu      sync.Mutex
	open    bool
	probing bool // a probe is out
	until   time.Time
	backoff time.Duration
}

// breakerMin and breakerMax bound how long the breaker stays open before a
// probe: short enough that a restarted store is rejoined well within a
// second, long enough that an outage costs a few failed probes a second.
const (
	breakerMin = 50 * time.Millisecond
	breakerMax = 400 * time.Millisecond
)

// allow reports whether an operation may ask the store at now, and
// whether it is the probe of an open breaker.
func (b *storeBreaker) allow(now time.Time) (ok, probe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return true, false
	}
	if b.probing || now.Before(b.until) {
		return false, false
	}
	b.probing = true
	return true, true
}

// fail counts a failed operation at now (the probe's, when probe), and
// reports whether it opened the breaker: the start of an outage.
func (b *storeBreaker) fail(now time.Time, probe bool) (opened bool) {
	b.errors.Add(1)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !b.open:
		b.open, b.backoff, opened = true, breakerMin, true
	case probe:
		b.probing, b.backoff = false, min(2*b.backoff, breakerMax)
	default:
		return false // an operation that was in flight when the outage began
	}
	// On a grid of the backoff, so that the processes of a fleet (whose
	// clocks agree within milliseconds) probe together and rejoin
	// together: a fleet half shared and half local takes more slots than
	// the shared rate.
	b.until = now.Truncate(b.backoff).Add(b.backoff)
	return opened
}

// succeed records an answer, and reports whether it closed the breaker:
// the end of an outage.
func (b *storeBreaker) succeed() (closed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
	if !b.open {
		return false
	}
	b.open = false
	return true
}

// storeFailed counts a store error of scope, and writes the Warn record
// of an outage when it is the first: one per outage, whatever the attempts.
func (l *Limiter) storeFailed(now time.Time, probe bool, scope string, err error) {
	if !l.breaker.fail(now, probe) || l.opts.Logger == nil {
		return
	}
	l.opts.Logger.LogAttrs(context.Background(), slog.LevelWarn, "awsretry: limiter store is not answering; scopes pace with their local state",
		slog.String("scope", scope), slog.String("error", err.Error()))
}

// storeAnswered records an answer, and writes the Info record of the end
// of an outage.
func (l *Limiter) storeAnswered() {
	if !l.breaker.succeed() || l.opts.Logger == nil {
		return
	}
	l.opts.Logger.LogAttrs(context.Background(), slog.LevelInfo, "awsretry: limiter store answers again; scopes rejoin the shared state",
		slog.Int64("store_errors", l.breaker.errors.Load()))
}
