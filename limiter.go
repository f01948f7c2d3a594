package awsretry

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/metrics"
)

// Limiter paces attempts once a server has throttled, so that under a rate
// limit the retries of many callers lower the load instead of adding to it.
// Set it in Options.Limiter; one Limiter can be shared by any number of
// proxies, With copies, Wrap, WrapOp and Method functions, Pages loops and
// NewRetryer retryers, from any number of goroutines.
//
// Each scope (by default, each method name) has its own state. A scope is
// open, with no waiting and no allocation, until a throttle is seen. From
// then on the Limiter measures, in windows that close after
// WindowSuccesses successes or throttles (at least MinWindow, at most
// MaxWindow), what the server admitted. An open scope is limited once more
// than a quarter of a window is throttled; a limited scope's rate becomes,
// after each throttled window, that goodput × Headroom (cut by at most
// MaxCut at once, never below MinRate); after a clean window it climbs by
// Grow, faster as the clean windows go on. Attempts are spaced 1/rate
// apart, with no burst. Three cuts in a row that neither halve the share of
// throttles nor keep the goodput make that share noise: throttles that do
// not follow this client's rate, which then no longer cut it.
//
// The retry loop waits for the Limiter before every attempt, the first
// included, through Options.Sleep, and reports every outcome to it. A wait
// that would end after the context's deadline is not started: the call
// returns a *RetryError whose Cause satisfies
// errors.Is(cause, context.DeadlineExceeded).
//
// Make one with NewLimiter; the zero value is rejected by the options.
type Limiter struct {
	opts       LimiterOptions
	now        func() time.Time
	isThrottle func(error) bool
	step       float64 // Grow - 1

	throttled atomic.Bool // set at the first throttle of any scope: until then, every wait is one load

	mu     sync.RWMutex
	scopes map[string]*limScope

	gaugeMu sync.Mutex              // serializes observeRates
	gauged  []metrics.MeterProvider // the providers l's rate gauge is registered with
}

// NewLimiter returns a Limiter with DefaultLimiterOptions changed by
// optFns, in order.
//
// Errors: ErrInvalidOptions for a nil option function or a field out of
// range; the message names the field and its value.
func NewLimiter(optFns ...func(*LimiterOptions)) (*Limiter, error) {
	o := DefaultLimiterOptions()
	for i, fn := range optFns {
		if fn == nil {
			return nil, fmt.Errorf("%w: limiter option function %d is nil", ErrInvalidOptions, i)
		}
		fn(&o)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	l := &Limiter{opts: o, now: o.Now, isThrottle: o.IsThrottle, step: o.Grow - 1, scopes: map[string]*limScope{}}
	if l.now == nil {
		l.now = time.Now
	}
	if l.isThrottle == nil {
		l.isThrottle = isThrottleCode
	}
	return l, nil
}

// throttleCodes is ThrottleCodes as a set, for the default IsThrottle.
var throttleCodes = set(ThrottleCodes())

func isThrottleCode(err error) bool { return has(throttleCodes, ErrorCode(err)) }

// Rate returns a scope's rate in attempts a second and whether it is
// limited. A scope that was never throttled is open: (+Inf, false). With
// the default Scope, a scope is named by its method.
func (l *Limiter) Rate(scope string) (perSecond float64, limited bool) {
	l.mu.RLock()
	sc := l.scopes[scope]
	l.mu.RUnlock()
	if sc == nil {
		return math.Inf(1), false
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if !sc.limited {
		return math.Inf(1), false
	}
	return sc.rate, true
}

// String reports the number of scopes that saw a throttle, as "limiter (2
// scopes throttled)" or "limiter (1 scope throttled)".
func (l *Limiter) String() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return fmt.Sprintf("limiter (%s throttled)", plural(len(l.scopes), "scope"))
}

// limScope is one scope's rate state. Its lock is never held across a call.
type limScope struct {
	name string

	mu        sync.Mutex
	limited   bool      // a throttled window has closed
	rate      float64   // attempts a second, while limited
	next      time.Time // the earliest start of the next attempt
	winStart  time.Time
	ok, thr   int           // successes and throttles in this window
	n         int           // outcomes in this window
	clean     int           // outcomes in the clean windows in a row
	cleanTime time.Duration // their length
	logged    float64       // the rate last logged
	cutFrac   float64       // the share of throttles that made the last cut to the goodput; 0 once judged
	cutGood   float64       // the goodput of that window
	futile    int           // futile cuts in a row
	noise     float64       // a share of throttles that does not follow the rate; it fades with clean windows
}

// scopeName maps a method to its scope.
func (l *Limiter) scopeName(method string) string {
	if l.opts.Scope == nil {
		return method
	}
	return l.opts.Scope(method)
}

// lookup returns method's scope, or nil when it was never throttled.
func (l *Limiter) lookup(method string) *limScope {
	name := l.scopeName(method)
	l.mu.RLock()
	sc := l.scopes[name]
	l.mu.RUnlock()
	return sc
}

// create returns method's scope, making it at its first throttle.
func (l *Limiter) create(method string) *limScope {
	name := l.scopeName(method)
	l.mu.Lock()
	defer l.mu.Unlock()
	sc := l.scopes[name]
	if sc == nil {
		sc = &limScope{name: name, winStart: l.now()}
		l.scopes[name] = sc
		l.throttled.Store(true)
	}
	return sc
}

// reserve takes the slot of method's next attempt and returns its scope
// (nil while open) and how long to wait for the slot. A slot that would
// start after deadline (when hasDeadline) is not taken: the error says so.
func (l *Limiter) reserve(method string, deadline time.Time, hasDeadline bool) (*limScope, time.Duration, error) {
	sc := l.lookup(method)
	if sc == nil {
		return nil, 0, nil
	}
	sc.mu.Lock()
	now := l.now()
	log := l.roll(sc, now)
	var wait time.Duration
	var err error
	if sc.limited {
		slot := sc.next
		if slot.Before(now) {
			slot = now
		}
		wait = slot.Sub(now)
		if left := deadline.Sub(now); hasDeadline && left < wait {
			err = &waitPastDeadline{wait: wait, left: left, limit: true}
		} else {
			sc.next = slot.Add(time.Duration(float64(time.Second) / sc.rate))
		}
	}
	sc.mu.Unlock()
	l.log(log, sc)
	return sc, wait, err
}

// report counts an attempt's outcome in its scope: sc from reserve, or nil
// while the scope was open.
func (l *Limiter) report(sc *limScope, method string, err error) {
	throttle := err != nil && l.isThrottle(err)
	if sc == nil {
		if !throttle {
			return
		}
		sc = l.create(method)
	}
	sc.mu.Lock()
	switch {
	case err == nil:
		sc.ok++
	case throttle:
		sc.thr++
	}
	sc.n++
	log := l.roll(sc, l.now())
	sc.mu.Unlock()
	l.log(log, sc)
}

// maxRate bounds a climbing rate.
const maxRate = 1e9

// The Limiter's test for throttles that do not follow its rate: futileCuts
// cuts in a row, each followed by a window with at least half its share of
// throttles and under futileGoodput of its goodput, with a share of at most
// maxNoise. A clean window takes noiseWeight of the learnt noise away.
const (
	futileCuts    = 3
	futileGoodput = 0.97
	maxNoise      = 0.25
	noiseWeight   = 0.2
)

// roll closes sc's window when it has lasted long enough and revises the
// rate. It returns the new rate when it changed by more than 10% since the
// last log record, else 0. sc.mu is held.
func (l *Limiter) roll(sc *limScope, now time.Time) (log float64) {
	el := now.Sub(sc.winStart)
	o := &l.opts
	enough := sc.ok >= o.WindowSuccesses || sc.thr >= o.WindowSuccesses
	if el < o.MinWindow || !enough && el < o.MaxWindow {
		return 0
	}
	secs := el.Seconds()
	sent, good := float64(sc.n)/secs, float64(sc.ok)/secs
	frac := float64(sc.thr) / float64(sc.n)
	// A cut is futile when the window after it has as large a share of
	// throttles and less goodput, in proportion to the cut: the throttles
	// do not follow this client's rate (a fixed share of requests
	// throttled, say). A server at its capacity keeps its goodput.
	futile := sc.limited && sc.cutFrac > 0 && frac <= maxNoise &&
		frac >= sc.cutFrac/2 && good < futileGoodput*sc.cutGood
	switch {
	case sc.thr > 0 && !sc.limited && frac <= maxNoise:
		// A small share of throttles while the scope is open says little of
		// this client's rate: a rate limit that it exceeds throttles more
		// than maxNoise of what it sends. The scope stays open.
		sc.cutFrac, sc.futile = 0, 0
	case futile && sc.futile+1 >= futileCuts:
		// Cutting again would only spiral the rate down to MinRate: hold
		// it, and take this share of throttles as noise from now on.
		sc.noise, sc.cutFrac, sc.futile = max(sc.noise, frac), 0, 0
	case sc.thr > 0 && sc.limited && frac <= 2*sc.noise:
		// No more throttles than the noise explains: a clean window, but
		// the noise stays. It is learnt only from futile cuts, never from
		// these windows: a climb that draws throttles cannot raise the bar
		// that lets it climb.
		sc.cutFrac, sc.futile = 0, 0
		l.climb(sc, sent, el)
	case sc.thr > 0:
		r := good * o.Headroom // the goodput, and a little more
		if sc.limited {
			r = max(r, sc.rate*o.MaxCut)
		} else { // the first window: at most a cut of what was sent
			r = max(r, sent*o.MaxCut)
		}
		if futile {
			sc.futile++
		} else {
			sc.futile = 0
		}
		// A cut to the goodput is judged by the next window; one that
		// MaxCut held back is not, since it need not help yet.
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
	if sc.limited && (sc.logged == 0 || math.Abs(sc.rate-sc.logged) > 0.1*sc.logged) {
		sc.logged = sc.rate
		return sc.rate
	}
	return 0
}

// climb raises sc's rate after a clean window of el in which sent attempts
// a second were made. The step doubles with every WindowSuccesses clean
// outcomes in a row, so that a short window is not taken for much evidence,
// and with every 2 × MaxWindow of clean time, so that a slow scope still
// climbs within seconds. sc.mu is held.
func (l *Limiter) climb(sc *limScope, sent float64, el time.Duration) {
	o := &l.opts
	doublings := float64(sc.clean)/float64(o.WindowSuccesses) + float64(sc.cleanTime)/float64(2*o.MaxWindow)
	up := sc.rate * (1 + min(1, l.step*math.Exp2(min(doublings, 30))))
	// Climb only as far as the traffic shows: twice what was sent.
	sc.rate = min(maxRate, max(sc.rate, min(up, 2*sent)))
	sc.clean += sc.n
	sc.cleanTime += el
}

// log writes the Debug record of a rate change, outside the scope's lock.
func (l *Limiter) log(rate float64, sc *limScope) {
	if rate == 0 || l.opts.Logger == nil {
		return
	}
	l.opts.Logger.LogAttrs(context.Background(), slog.LevelDebug, "awsretry: limiter rate changed",
		slog.String("scope", sc.name), slog.Float64("rate", rate))
}
