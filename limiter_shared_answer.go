package awsretry

import (
	"math"
	"time"
)

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
	// The fleet's attempts in flight: its slots taken and not reported,
	// less those still ahead.
	inFlight := res.Pending
	if iv := res.Rate.Interval; iv > 0 && res.Next.After(res.Now) {
		inFlight -= int64(res.Next.Sub(res.Now) / iv)
	}
	w.inFlight = int(max(0, inFlight))
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
