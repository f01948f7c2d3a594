package awsretry

import (
	"time"
)

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
