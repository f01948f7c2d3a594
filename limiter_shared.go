package awsretry

import (
	"context"
	"math"
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
func (l *Limiter) reserveShared(ctx context.Context, sc *limScope, deadline time.Time, hasDeadline bool) (wait time.Duration, err error, shared, failed bool, log float64) {
	now := l.now()
	sc.mu.Lock()
	sh := &sc.sh
	if !sh.attached {
		sc.mu.Unlock()
		return 0, nil, false, false, 0
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
			return wait, &waitPastDeadline{wait: wait, left: left, limit: true}, true, false, 0
		}
		sh.ready = sh.ready[1:]
		sc.mu.Unlock()
		return wait, nil, true, false, 0
	}
	sc.mu.Unlock()
	var maxWait time.Duration
	if hasDeadline {
		maxWait = max(deadline.Sub(now), time.Nanosecond)
	}
	res, ok, failed, log := l.exchange(ctx, sc, maxWait)
	switch {
	case !ok:
		return 0, nil, false, failed, log
	case !res.Reserved:
		return res.Wait, &waitPastDeadline{wait: res.Wait, left: maxWait, limit: true}, true, failed, log
	}
	return res.Wait, nil, true, failed, log
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

// fromStore takes in the answer res to a, at now: the shared state, the
// process's slots, and the close of a complete window for the next
// Attempt. It reports false when the store lost the scope: sc paces
// locally, and the next Attempt sets the state again. sc.mu is held.
func (sc *limScope) fromStore(res StoreResult, now time.Time, a StoreAttempt, p *limParams) bool {
	sh := &sc.sh
	wasLocal, prev := sh.local, sh.ctl
	sh.local = false
	if wasLocal {
		sh.rejoined = res.Now
	}
	sh.offset = now.Sub(res.Now)
	if res.Rate.Version != a.Version || res.Rate.Data != nil {
		sh.version, sh.ctl = res.Rate.Version, controlOf(res.Rate)
	}
	if res.Rate.Version == 0 && (a.Version > 0 && prev.limited || wasLocal && sc.limited) {
		// The store lost the scope (it restarted empty, or the scope
		// expired): set it again from what this process knows, with the
		// next Attempt, and pace this one locally.
		fleet := prev
		if wasLocal {
			fleet = sc.limControl.scaled(1/max(sh.fraction, minFraction), -sh.offset)
		}
		sh.close = &StoreClose{Interval: fleet.interval(), Data: encodeControl(fleet)}
		if !wasLocal {
			sh.ctl = prev
			sc.goLocal(now, p)
		}
		sh.local = true
		return false
	}
	if res.Reserved && res.Rate.Interval > 0 {
		sh.count(now)
	}
	ctl := &sh.ctl
	sw := res.Window
	w := limWindow{start: sw.Start, limCounts: limCounts{ok: int(sw.Successes), thr: int(sw.Throttles), n: int(sw.Outcomes),
		bound: int(sw.Waited), okAfter: int(sw.SuccessesAfterThrottle), thrAt: sw.FirstThrottle}}
	if ctl.limited && ctl.phase != phaseCruise {
		w.pulse = p.windowSuccesses
	}
	// A window is judged by the state of its version: an answer that
	// another goroutine's newer one overtook closes nothing.
	if sh.version == res.Rate.Version && sw.Skip == 0 && !sw.Start.IsZero() && !sw.Start.Equal(sh.closing) && p.closes(&w, res.Now, ctl.limited) {
		sh.closing = sw.Start // one close a window from this process
		next := ctl.next(w, res.Now, p)
		if sw.Start.Before(sh.rejoined.Add(rejoinGrace)) {
			// A window of the rejoin, when part of the fleet still paced
			// locally: its throttles are not the shared rate's. It closes
			// and teaches nothing.
			next = *ctl
		}
		c := &StoreClose{Version: res.Rate.Version, Interval: next.interval(), Data: encodeControl(next), Window: sw, End: res.Now}
		if iv := res.Rate.Interval; iv > 0 && next.limited && (next.phase != phaseCruise || math.Abs(next.rate-ctl.rate) > 0.01*ctl.rate) {
			// The slots already taken are at the old rate: the next
			// window counts from the outcome of the first at the new one.
			// As the local state does: the pending slots, at most the
			// slots ahead and skipSlack in flight; and at most a MaxWindow
			// of slots, since a fleet's queue can hold many seconds of
			// them at a low rate, and the model would learn nothing
			// meanwhile.
			c.Skip = min(res.Pending, int64(res.Next.Sub(res.Now)/iv)+skipSlack,
				max(1, int64(min(ctl.rate, next.rate)*p.maxWindow.Seconds())))
		}
		sh.close, sh.closeRate = c, 0
		if next.limited {
			sh.closeRate = next.rate
		}
	}
	if !ctl.limited && res.Rate.Interval == 0 && sh.close == nil && sh.clean >= 2*p.windowSuccesses {
		// Open everywhere, and clean here: no cost until the next throttle.
		sh.attached = false
		sc.goLocal(now, p)
		sh.local = false
	}
	return true
}

// applied returns the rate of a close that this process set, when it
// changed by more than 10% since the last log record, else 0. sc.mu is
// held.
func (sc *limScope) applied(rate float64) float64 {
	if rate == 0 || sc.logged != 0 && math.Abs(rate-sc.logged) <= 0.1*sc.logged {
		return 0
	}
	sc.logged = rate
	return rate
}

// rejoinGrace is how long after its rejoin a process's closes teach the
// model nothing: the processes of a fleet rejoin within a few ms of each
// other (the breaker's probes are on a grid), plus a window.
const rejoinGrace = 100 * time.Millisecond

// minFraction bounds a process's share of a fleet's rate from below, for
// the scaling between them.
const minFraction = 1e-3

// count counts a slot taken on the shared schedule at now, for the
// process's share of the fleet's rate.
func (sh *limShared) count(now time.Time) {
	if sh.since.IsZero() {
		sh.since = now
	}
	sh.slots++
	if el := now.Sub(sh.since); el >= time.Second {
		sh.mine, sh.slots, sh.since = float64(sh.slots)/el.Seconds(), 0, now
	}
}

// share returns this process's share of the fleet's rate, at now: its
// slots a second over the fleet's.
func (sh *limShared) share(now time.Time) float64 {
	iv := sh.ctl.interval()
	if iv <= 0 {
		return 1
	}
	mine := sh.mine
	if el := now.Sub(sh.since); mine == 0 && el > 0 && !sh.since.IsZero() {
		mine = float64(sh.slots) / el.Seconds()
	}
	if mine <= 0 {
		return 1
	}
	return min(1, max(minFraction, mine*iv.Seconds()))
}

// goLocal makes sc pace with its local state from now: the shared state at
// this process's share of the fleet's rate, on the Limiter's clock, with a
// window that starts now. sc.mu is held.
func (sc *limScope) goLocal(now time.Time, p *limParams) {
	sh := &sc.sh
	sh.local, sh.unsent, sh.close, sh.ready = true, StoreOutcomes{}, nil, nil
	sh.fraction = sh.share(now)
	ctl := sh.ctl.scaled(sh.fraction, sh.offset)
	if ctl.limited {
		ctl.rate = max(ctl.rate, p.minRate)
	}
	ctl.version = sc.version + 1 // a window closing meanwhile finds another version
	sc.limControl = ctl
	sc.next, sc.win = now, limWindow{start: now}
	sc.pending, sc.skip, sc.pulse = 0, 0, 0
	if ctl.limited && ctl.phase != phaseCruise {
		sc.pulse, sc.win.pulse, sc.gain = p.windowSuccesses, p.windowSuccesses, ctl.gain()
	}
}

// addShared adds an outcome to an attached scope's outcomes for the next
// Attempt, and attaches the scope at its first throttle. It reports false
// when the outcome is the local state's to count. sc.mu is held.
func (sc *limScope) addShared(ok, throttle, reserved bool) bool {
	sh := &sc.sh
	if !sh.attached && throttle {
		sh.attached, sh.local, sh.clean = true, false, 0
	}
	if !sh.attached || sh.local {
		return false
	}
	u := &sh.unsent
	switch {
	case ok:
		u.Successes++
		if u.Throttles > 0 {
			u.SuccessesAfterThrottle++
		}
	case throttle:
		u.Throttles++
	}
	u.Outcomes++
	if reserved {
		u.Reserved++
	}
	if sh.clean++; throttle {
		sh.clean = 0
	}
	return true
}

// current returns sc's rate and whether it is limited: the shared state's
// while the scope is attached and the store answers. sc.mu is held.
func (sc *limScope) current() (rate float64, limited bool) {
	if sc.sh.attached && !sc.sh.local {
		return sc.sh.ctl.rate, sc.sh.ctl.limited
	}
	return sc.rate, sc.limited
}
