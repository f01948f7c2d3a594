package awsretry

import (
	"context"
	"time"
)

// limit waits for the Limiter's slot of method's next attempt, with the
// Sleep hook, and counts the wait in Stats. It returns the scope to report
// the outcome to (nil while the scope is open) and, when the attempt may
// not be made, why: ctx is done, or the slot is after ctx's deadline.
func (r *retrier) limit(ctx context.Context, method string) (*limScope, error) {
	l := r.opts.Limiter
	if !l.throttled.Load() {
		return nil, nil
	}
	var deadline time.Time
	var hasDeadline bool
	if ctx != nil {
		deadline, hasDeadline = ctx.Deadline()
	}
	sc, wait, err := l.reserve(method, deadline, hasDeadline)
	if err != nil || wait <= 0 {
		return sc, err
	}
	waited, err := r.pause(ctx, wait)
	r.stats.limitWaits.Add(1)
	r.stats.limitWaited.Add(int64(waited))
	r.tel.limiterWaited(ctx, method, waited)
	return sc, err
}
