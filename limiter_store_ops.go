package awsretry

import (
	"bytes"
	"time"
)

// storeScope is one scope's state in a LimiterStore, and attempt and
// closeWindow are the store's two writes on it, as the LimiterStore doc
// states them: MemoryStore runs them under its lock, and the redisstore
// scripts do the same arithmetic in Lua.
type storeScope struct {
	rate    StoreRate
	next    time.Time // the schedule's next free slot; zero for none
	pending int64     // slots taken whose outcomes were not reported
	win     StoreWindow
	touched time.Time // the last write, for the TTL
}

// attempt performs a on sc at now and returns the result.
func (sc *storeScope) attempt(a StoreAttempt, now time.Time) StoreResult {
	closed := a.Close != nil && sc.closeWindow(*a.Close, now)
	w := &sc.win
	if w.Start.IsZero() {
		w.Start = now
	}
	sc.pending = max(0, sc.pending-a.Report.Reserved)
	if r := a.Report; r.Reserved == 0 && sc.rate.Interval > 0 {
		// Unpaced outcomes, to a paced scope: left out.
	} else if w.Skip > 0 {
		if w.Skip = max(0, w.Skip-r.Outcomes); w.Skip == 0 {
			*w = StoreWindow{Start: now, Waited: w.Waited}
		}
	} else {
		switch {
		case w.Throttles > 0:
			w.SuccessesAfterThrottle += r.Successes
		case r.Throttles > 0:
			w.FirstThrottle = now
			w.SuccessesAfterThrottle += r.SuccessesAfterThrottle
		}
		w.Successes += r.Successes
		w.Throttles += r.Throttles
		w.Outcomes += r.Outcomes
	}
	res := StoreResult{Now: now, Closed: closed}
	if a.Reserve {
		res.Reserved = true
		if sc.rate.Interval > 0 {
			slot := maxTime(sc.next, now)
			res.Wait = slot.Sub(now)
			if res.Wait > 0 {
				w.Waited++
			}
			if res.Reserved = a.MaxWait <= 0 || res.Wait <= a.MaxWait; res.Reserved {
				sc.next = slot.Add(sc.rate.Interval)
			}
		}
		if res.Reserved {
			sc.pending++
		}
	}
	sc.touched = now
	res.Next, res.Window, res.Rate, res.Pending = sc.next, *w, sc.rate, sc.pending
	res.Rate.Data = nil
	if a.Version != sc.rate.Version {
		res.Rate.Data = bytes.Clone(sc.rate.Data)
	}
	return res
}

// closeWindow performs c on sc at now and reports whether it closed.
func (sc *storeScope) closeWindow(c StoreClose, now time.Time) bool {
	if sc.rate.Version != c.Version || !c.Window.Start.IsZero() && !sc.win.Start.Equal(c.Window.Start) {
		return false
	}
	sc.rate = StoreRate{Version: c.Version + 1, Interval: c.Interval, Data: bytes.Clone(c.Data)}
	sc.touched = now
	if c.Window.Start.IsZero() {
		return true
	}
	cur, snap := sc.win, c.Window
	w := StoreWindow{Start: c.End, Waited: max(0, cur.Waited-snap.Waited)}
	rest := max(0, cur.Outcomes-snap.Outcomes)
	if c.Skip > 0 {
		w.Skip = max(0, c.Skip-rest)
		sc.win = w
		return true
	}
	w.Successes = max(0, cur.Successes-snap.Successes)
	w.Throttles = max(0, cur.Throttles-snap.Throttles)
	w.Outcomes = rest
	switch {
	case w.Throttles == 0:
	case snap.Throttles > 0:
		w.FirstThrottle, w.SuccessesAfterThrottle = c.End, w.Successes
	default:
		w.FirstThrottle, w.SuccessesAfterThrottle = cur.FirstThrottle, cur.SuccessesAfterThrottle
	}
	sc.win = w
	return true
}

// maxTime returns the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
