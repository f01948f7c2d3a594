// Package v010 is a copy of the Limiter model of awsretry v0.1.0, kept in
// bench so that the tables can show what the new model changed. It is not
// the library's code: the library's Limiter is waited for inside its retry
// loop, this one around each attempt (Wait, then Report), which makes the
// same requests at the same times. Only the model is copied: windows of
// WindowSuccesses successes or throttles, a cut to the goodput × Headroom
// (at most by MaxCut) after a throttled window, a doubling climb after
// clean ones, the open scope's 25% rule and the futile-cut noise rule.
package v010

import (
	"math"
	"sync"
	"time"
)

// Options are v0.1.0's LimiterOptions that the model reads, at their
// v0.1.0 defaults in Defaults.
type Options struct {
	WindowSuccesses      int
	MinWindow, MaxWindow time.Duration
	Headroom, Grow       float64
	MaxCut, MinRate      float64
}

// Defaults are v0.1.0's DefaultLimiterOptions.
var Defaults = Options{WindowSuccesses: 20, MinWindow: 10 * time.Millisecond, MaxWindow: time.Second,
	Headroom: 1.02, Grow: 1.05, MaxCut: 0.5, MinRate: 0.1}

// Limiter is v0.1.0's Limiter with one scope per name.
type Limiter struct {
	o      Options
	now    func() time.Time
	mu     sync.Mutex
	scopes map[string]*scope
}

// New returns a Limiter on the clock now, with Defaults.
func New(now func() time.Time) *Limiter {
	return &Limiter{o: Defaults, now: now, scopes: map[string]*scope{}}
}

type scope struct {
	limited   bool
	rate      float64
	next      time.Time
	winStart  time.Time
	ok, thr   int
	n         int
	clean     int
	cleanTime time.Duration
	cutFrac   float64
	cutGood   float64
	futile    int
	noise     float64
}

// Reserve takes the slot of name's next attempt and returns how long to
// wait for it. A slot that would start after deadline (when hasDeadline) is
// not taken: ok is false.
func (l *Limiter) Reserve(name string, deadline time.Time, hasDeadline bool) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	sc := l.scopes[name]
	if sc == nil {
		return 0, true
	}
	now := l.now()
	l.roll(sc, now)
	if !sc.limited {
		return 0, true
	}
	slot := sc.next
	if slot.Before(now) {
		slot = now
	}
	wait = slot.Sub(now)
	if hasDeadline && deadline.Sub(now) < wait {
		return wait, false
	}
	sc.next = slot.Add(time.Duration(float64(time.Second) / sc.rate))
	return wait, true
}

// Report counts an attempt's outcome: ok, throttled, or neither.
func (l *Limiter) Report(name string, ok, throttled bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	sc := l.scopes[name]
	if sc == nil {
		if !throttled {
			return
		}
		sc = &scope{winStart: l.now()}
		l.scopes[name] = sc
	}
	switch {
	case ok:
		sc.ok++
	case throttled:
		sc.thr++
	}
	sc.n++
	l.roll(sc, l.now())
}

// Rate returns name's rate and whether it is limited.
func (l *Limiter) Rate(name string) (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if sc := l.scopes[name]; sc != nil && sc.limited {
		return sc.rate, true
	}
	return math.Inf(1), false
}

const (
	maxRate       = 1e9
	futileCuts    = 3
	futileGoodput = 0.97
	maxNoise      = 0.25
	noiseWeight   = 0.2
)

// roll is v0.1.0's window rule, unchanged.
func (l *Limiter) roll(sc *scope, now time.Time) {
	el := now.Sub(sc.winStart)
	o := &l.o
	enough := sc.ok >= o.WindowSuccesses || sc.thr >= o.WindowSuccesses
	if el < o.MinWindow || !enough && el < o.MaxWindow {
		return
	}
	secs := el.Seconds()
	sent, good := float64(sc.n)/secs, float64(sc.ok)/secs
	frac := float64(sc.thr) / float64(max(sc.n, 1))
	futile := sc.limited && sc.cutFrac > 0 && frac <= maxNoise &&
		frac >= sc.cutFrac/2 && good < futileGoodput*sc.cutGood
	switch {
	case sc.thr > 0 && !sc.limited && frac <= maxNoise:
		sc.cutFrac, sc.futile = 0, 0
	case futile && sc.futile+1 >= futileCuts:
		sc.noise, sc.cutFrac, sc.futile = max(sc.noise, frac), 0, 0
	case sc.thr > 0 && sc.limited && frac <= 2*sc.noise:
		sc.cutFrac, sc.futile = 0, 0
		l.climb(sc, sent, el)
	case sc.thr > 0:
		r := good * o.Headroom
		if sc.limited {
			r = max(r, sc.rate*o.MaxCut)
		} else {
			r = max(r, sent*o.MaxCut)
		}
		if futile {
			sc.futile++
		} else {
			sc.futile = 0
		}
		sc.cutFrac, sc.cutGood = 0, good
		if r == good*o.Headroom {
			sc.cutFrac = frac
		}
		sc.rate, sc.limited, sc.clean, sc.cleanTime = max(o.MinRate, r), true, 0, 0
	case sc.limited:
		sc.noise -= noiseWeight * sc.noise
		sc.cutFrac, sc.futile = 0, 0
		l.climb(sc, sent, el)
	}
	sc.ok, sc.thr, sc.n, sc.winStart = 0, 0, 0, now
}

func (l *Limiter) climb(sc *scope, sent float64, el time.Duration) {
	o := &l.o
	doublings := float64(sc.clean)/float64(o.WindowSuccesses) + float64(sc.cleanTime)/float64(2*o.MaxWindow)
	up := sc.rate * (1 + min(1, (o.Grow-1)*math.Exp2(min(doublings, 30))))
	sc.rate = min(maxRate, max(sc.rate, min(up, 2*sent)))
	sc.clean += sc.n
	sc.cleanTime += el
}
