package awsretry

import "time"

// limit waits for the Limiter's slot of c's next attempt, with the Sleep
// hook, and tells the observers of the wait. It returns the scope to report
// the outcome to (nil while the scope is open) and, when the attempt may
// not be made, why: ctx is done, or the slot is after ctx's deadline;
// then the slot is given up, and nothing is to be reported.
func (r *retrier) limit(c *call) (*limScope, error) {
	l := r.opts.Limiter
	if !l.throttled.Load() {
		return nil, nil
	}
	var deadline time.Time
	var hasDeadline bool
	if c.ctx != nil {
		deadline, hasDeadline = c.ctx.Deadline()
	}
	sc, wait, failed, err := l.reserve(c.ctx, c.method, deadline, hasDeadline)
	if failed {
		r.obs.limiterStoreFailed(c)
	}
	if err != nil || wait <= 0 {
		return sc, err
	}
	waited, err := r.pause(c.ctx, wait)
	r.obs.limiterWaited(c, waited)
	if err != nil {
		l.unreserve(sc) // no attempt, so no outcome to report
	}
	return sc, err
}
