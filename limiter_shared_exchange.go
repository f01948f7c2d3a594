package awsretry

import (
	"context"
	"time"
)

// exchange makes one Attempt for sc, reserving a slot: the outcomes since
// the last, and the close the last answer found complete. It takes in the
// answer (the shared state, the window); the result's Wait is from the
// Limiter's now on return. It reports ok false when the store did not
// answer, or lost the scope, and sc paces locally; failed when the store
// returned an error; and the rate to log, or 0.
func (l *Limiter) exchange(ctx context.Context, sc *limScope, maxWait time.Duration) (res StoreResult, ok, failed bool, log float64) {
	now := l.now()
	sc.mu.Lock()
	sh := &sc.sh
	allowed, probe := l.breaker.allow(now)
	if !allowed || !sh.attached {
		if !sh.local && sh.attached {
			sc.goLocal(now, &l.params)
		}
		sc.mu.Unlock()
		return res, false, false, 0
	}
	a := StoreAttempt{Report: sh.unsent, Reserve: true, MaxWait: maxWait, Version: sh.version, Close: sh.close}
	sentRate := sh.closeRate
	sh.unsent, sh.close = StoreOutcomes{}, nil
	sc.mu.Unlock()
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := l.opts.Store.Attempt(ctx, sc.name, a)
	now = l.now()
	if err != nil {
		// The call's own context ending is not the store's failure.
		failed = ctx.Err() == nil
		if failed {
			l.storeFailed(now, probe, sc.name, err)
		} else if probe {
			l.breaker.succeed()
		}
		sc.mu.Lock()
		if !sh.local {
			sc.goLocal(now, &l.params)
		}
		sc.mu.Unlock()
		return res, false, failed, 0
	}
	l.storeAnswered()
	sc.mu.Lock()
	if res.Closed {
		log = sc.applied(sentRate)
	}
	ok = sc.fromStore(res, now, a, &l.params)
	c, cRate := sh.close, sh.closeRate
	if c == nil || c.Window.Start.IsZero() || sh.soon(now) {
		c = nil // the next Attempt carries it
	} else {
		sh.close = nil
	}
	sc.mu.Unlock()
	if c != nil {
		// The process's next Attempt is not soon, and a rate that changes
		// late has taken that many more slots at the old one: close with
		// a round trip of its own. The slot is at a fixed time on the
		// store's clock: its wait is shortened by the close's time.
		closed, cerr := l.opts.Store.CloseWindow(ctx, sc.name, *c)
		if cerr != nil && ctx.Err() == nil {
			l.storeFailed(l.now(), false, sc.name, cerr)
			failed = true
		}
		if closed {
			sc.mu.Lock()
			log = max(log, sc.applied(cRate))
			sc.mu.Unlock()
		}
		res.Wait = max(0, res.Wait-l.now().Sub(now))
	}
	return res, ok, failed, log
}

// closeSoon is the longest wait for the process's next Attempt to carry a
// close: a few slots of a fleet that sends hundreds a second.
const closeSoon = 5 * time.Millisecond

// soon reports whether the process's next Attempt is expected within
// closeSoon of now, from its Attempts a second.
func (sh *limShared) soon(now time.Time) bool {
	mine := sh.mine
	if el := now.Sub(sh.since); el > 0 && !sh.since.IsZero() {
		mine = max(mine, float64(sh.slots)/el.Seconds())
	}
	return mine*closeSoon.Seconds() >= 1
}
