package awsretry

import (
	"context"
	"time"
)

// limShared is a scope's link to the Limiter's Store (LimiterOptions.Store).
// From the process's first throttle of the scope on, the scope is
// attached: each attempt is one Attempt, which reports the outcomes
// since the last one, reserves the slot on the store's schedule and, when
// the last answer showed a complete window, carries its close, computed
// here by the model on the store's window and clock. While the store does
// not answer (local), the scope paces with limScope's own state, seeded
// from the shared one at this process's share of the fleet's rate, and the
// outcomes are counted there. It detaches (no store, no cost) once the
// shared state is open and its outcomes have been clean for two windows.
// Its fields are guarded by the scope's mu.
type limShared struct {
	attached  bool          // the scope's attempts go through the store
	local     bool          // the store did not answer: paced by the local state
	version   uint64        // the version of the store's rate last read
	ctl       limControl    // the store's state at version, on the store's clock
	unsent    StoreOutcomes // outcomes since the last Attempt
	ready     []time.Time   // slots that reports took, earliest first, on the Limiter's clock; zero: free
	close     *StoreClose   // the close that the next Attempt carries
	closeRate float64       // its rate, to log once it is set; 0 for an open scope
	closing   time.Time     // the Start of the window this process last closed, or tried to
	rejoined  time.Time     // when the store answered after the process paced locally, on its clock
	clean     int           // outcomes in a row without a throttle
	offset    time.Duration // the Limiter's clock minus the store's, at the last answer
	slots     int           // slots this process took on the shared schedule since since
	since     time.Time     // on the Limiter's clock
	mine      float64       // this process's slots a second, over the last second measured
	fraction  float64       // this process's share of the fleet's rate when it went local
}

// reserveShared gives the slot of sc's next attempt: one that the
// process's last report took from the store, or else one from an Attempt.
// It reports shared false when the slot is the local state's to give (the
// scope is not attached, the breaker is open, or the store did not answer
// or lost the scope), and failed when the store returned an error. It
// returns the rate to log, or 0.
func (l *Limiter) reserveShared(ctx context.Context, sc *limScope, deadline time.Time, hasDeadline bool) (wait time.Duration, shared, failed bool, log float64, err error) {
	now := l.now()
	sc.mu.Lock()
	sh := &sc.sh
	if !sh.attached {
		sc.mu.Unlock()
		return 0, false, false, 0, nil
	}
	for len(sh.ready) > 0 && !sh.ready[0].IsZero() && now.Sub(sh.ready[0]) > staleSlot {
		sh.ready = sh.ready[1:] // its time passed long ago: the fleet's schedule is elsewhere
	}
	if len(sh.ready) > 0 {
		if slot := sh.ready[0]; !slot.IsZero() {
			wait = max(0, slot.Sub(now))
		}
		if left := deadline.Sub(now); hasDeadline && left < wait {
			sc.mu.Unlock()
			return wait, true, false, 0, &waitPastDeadline{wait: wait, left: left, limit: true}
		}
		sh.ready = sh.ready[1:]
		sc.mu.Unlock()
		return wait, true, false, 0, nil
	}
	sc.mu.Unlock()
	var maxWait time.Duration
	if hasDeadline {
		maxWait = max(deadline.Sub(now), time.Nanosecond)
	}
	res, ok, failed, log := l.exchange(ctx, sc, maxWait)
	switch {
	case !ok:
		return 0, false, failed, log, nil
	case !res.Reserved:
		return res.Wait, true, failed, log, &waitPastDeadline{wait: res.Wait, left: maxWait, limit: true}
	}
	return res.Wait, true, failed, log, nil
}

// staleSlot is how long after its time a slot that a report took is
// still given: a process that comes back later asks for a new one.
const staleSlot = 5 * time.Millisecond

// maxReady bounds the slots that a process's reports hold.
const maxReady = 64

// reportShared sends an attached scope's outcomes at once: an Attempt
// that also takes the slot of the process's next attempt, so that the
// fleet's windows count each outcome when it comes (a process whose last
// call succeeded would otherwise never report it, and one with one worker
// a cycle late), at one round trip an attempt while its attempts follow
// each other. It reports whether the store failed.
func (l *Limiter) reportShared(ctx context.Context, sc *limScope) (failed bool) {
	res, ok, failed, log := l.exchange(ctx, sc, 0)
	l.log(log, sc)
	if !ok || !res.Reserved {
		return failed
	}
	at := l.now().Add(res.Wait)
	if res.Rate.Interval <= 0 {
		at = time.Time{} // an open scope's slot is free
	}
	sc.mu.Lock()
	if !sc.sh.local && sc.sh.attached && len(sc.sh.ready) < maxReady {
		sc.sh.ready = append(sc.sh.ready, at)
	}
	sc.mu.Unlock()
	return failed
}
