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
// The model, per scope (by default, each method name):
//
//   - A scope is open until a throttle: then every attempt is one atomic
//     load, with no wait and no allocation.
//   - From its first throttle on, the Limiter counts each window of
//     WindowSuccesses successes: how fast attempts were sent, and how many
//     were throttled, from the window's first throttle on, so that a
//     burst that a token bucket had saved is not taken for its refill.
//   - It fits the last windows with two causes of throttles: a share that
//     is throttled whatever the rate (noise, at most a quarter), and a
//     limit on successes a second. Throttles are a limit only when their
//     share grows with the rate. A share that does not is noise, and the
//     rate stays.
//   - A limited scope sends at the limit. Every few windows (at once
//     after one in which the rate bound and nothing was throttled) it
//     probes: a pulse of WindowSuccesses slots at 1.25 times the rate,
//     the step doubling while pushing brings more successes. A probe that
//     finds the limit is followed by a pulse below it, by at least the
//     share of throttles taken for noise.
//   - A window that proves an overload cuts the rate at once, by at most
//     MaxCut unless the window measured the server well. Independent
//     Limiters that share a server cut together.
//   - Demand is not capacity: a window in which the rate did not bind (most
//     attempts did not wait for their slot) never lowers it. After a
//     cycle of such windows, the scope is open again.
//
// The retry loop waits for the Limiter before every attempt, the first
// included, through Options.Sleep, and reports every outcome to it. A wait
// that would end after the context's deadline is not started: the call
// returns a *RetryError whose Cause satisfies
// errors.Is(cause, context.DeadlineExceeded).
//
// With LimiterOptions.Store, a scope's slots, windows and rate live in the
// store, on its clock, and every Limiter with that store paces as one: a
// fleet of processes that share one quota (docs/fleet.md).
//
// Make one with NewLimiter; the zero value is rejected by the options.
type Limiter struct {
	opts       LimiterOptions
	now        func() time.Time
	isThrottle func(error) bool
	params     limParams

	throttled atomic.Bool // set at the first throttle of any scope: until then, every wait is one load
	breaker   storeBreaker

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
	l := &Limiter{opts: o, now: o.Now, isThrottle: o.IsThrottle, scopes: map[string]*limScope{},
		params: limParams{windowSuccesses: o.WindowSuccesses, minWindow: o.MinWindow, maxWindow: o.MaxWindow, minRate: o.MinRate, maxCut: o.MaxCut}}
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
	rate, limited := sc.current()
	if !limited {
		return math.Inf(1), false
	}
	return rate, true
}

// String reports the number of scopes that saw a throttle, as "limiter (2
// scopes throttled)" or "limiter (1 scope throttled)".
func (l *Limiter) String() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return fmt.Sprintf("limiter (%s throttled)", plural(len(l.scopes), "scope"))
}

// limScope is one scope: its name, and its state behind mu, which is never
// held across a call. The state is what a shared store would hold (see
// limiter_control.go): the slot schedule (next), the window being counted,
// and the controller's state, whose limited and rate fields the gauge reads.
type limScope struct {
	name string

	mu      sync.Mutex
	next    time.Time // the earliest start of the next attempt, while limited
	win     limWindow
	pending int // slots taken whose outcome was not reported yet
	skip    int // outcomes of slots taken at the rate before, not counted
	pulse   int // slots still to take at gain (a probe or a drain)
	gain    float64
	logged  float64 // the rate last logged
	limControl
	sh limShared // the link to the Store, when the Limiter has one
}

// take reserves the slot of an attempt at now: while the scope is limited,
// the next free one at its rate. A slot after deadline (when hasDeadline)
// is not taken. An attempt that waits, or is refused, counts as bound.
// sc.mu is held.
func (sc *limScope) take(now, deadline time.Time, hasDeadline bool) (time.Duration, error) {
	if !sc.limited {
		sc.pending++
		return 0, nil
	}
	slot := sc.next
	if slot.Before(now) {
		slot = now
	}
	wait := slot.Sub(now)
	if wait > 0 {
		sc.win.bound++
	}
	if left := deadline.Sub(now); hasDeadline && left < wait {
		return wait, &waitPastDeadline{wait: wait, left: left, limit: true}
	}
	rate := sc.rate
	if sc.pulse > 0 {
		sc.pulse--
		rate *= sc.gain
	}
	sc.next = slot.Add(time.Duration(float64(time.Second) / rate))
	sc.pending++
	return wait, nil
}

// count adds an outcome at now to the window. When that completes the
// window, it returns the window's counts (closed true) and starts the next
// one: exactly one caller closes each window. sc.mu is held.
func (sc *limScope) count(ok, throttle, reserved bool, now time.Time, p *limParams) (w limWindow, closed bool) {
	if reserved {
		sc.pending = max(sc.pending-1, 0)
	}
	if sc.skip > 0 { // the outcome of a slot taken at the rate before
		if sc.skip--; sc.skip == 0 {
			sc.win.start = now
		}
		return limWindow{}, false
	}
	if throttle && !reserved {
		sc.win.early++ // sent before the scope had a window
	}
	sc.win.add(ok, throttle, now)
	sc.win.inFlight = sc.inFlight(now)
	if !p.closes(&sc.win, now, sc.limited) {
		return limWindow{}, false
	}
	w, sc.win = sc.win, limWindow{start: now}
	return w, true
}

// inFlight returns how many attempts were sent and not reported at now:
// the slots taken, less those whose start is still ahead. sc.mu is held.
func (sc *limScope) inFlight(now time.Time) int {
	ahead := 0
	if sc.limited && sc.next.After(now) {
		ahead = int(sc.next.Sub(now).Seconds() * sc.rate)
	}
	return max(0, sc.pending-ahead)
}

// unreserve gives up the slot of an attempt that will not be made (its
// wait was cut short), so that it is not counted in flight.
func (l *Limiter) unreserve(sc *limScope) {
	sc.mu.Lock()
	sc.pending = max(sc.pending-1, 0)
	sc.mu.Unlock()
}

// update replaces the controller's state with next if the state is still
// the one of version, and reports whether it did. It returns the new rate
// when it changed by more than 10% since the last log record, else 0. sc.mu
// is held.
func (sc *limScope) update(version uint64, next limControl, now time.Time, p *limParams) (updated bool, log float64) {
	if sc.version != version {
		return false, 0
	}
	pulse := next.limited && next.phase != phaseCruise
	if next.limited && sc.limited && (pulse || math.Abs(next.rate-sc.rate) > 0.01*sc.rate) {
		// The slots already taken are at the old rate: the next window
		// counts from the outcome of the first slot at the new one, as
		// BBR judges a phase by the packets sent in it. A wait that was
		// cancelled never reports: the slots ahead bound the count.
		ahead := int(max(0, sc.next.Sub(now).Seconds()) * sc.rate)
		sc.skip = min(sc.pending, ahead+skipSlack)
	}
	sc.pulse, sc.win.pulse = 0, 0
	if pulse {
		// A probe or a drain is a pulse of WindowSuccesses slots at its
		// gain, measured by their outcomes; then the rate again.
		sc.pulse, sc.win.pulse = p.windowSuccesses, p.windowSuccesses
		sc.gain = next.gain()
	}
	sc.limControl = next
	if sc.limited && (sc.logged == 0 || math.Abs(sc.rate-sc.logged) > 0.1*sc.logged) {
		sc.logged = sc.rate
		return true, sc.rate
	}
	return true, 0
}

// skipSlack bounds, with the slots ahead, the outcomes skipped after a
// rate change: the attempts in flight.
const skipSlack = 64

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
		sc = &limScope{name: name, win: limWindow{start: l.now()}}
		l.scopes[name] = sc
		l.throttled.Store(true)
	}
	return sc
}

// reserve takes the slot of method's next attempt, for a call with ctx
// (nil for none), and returns its scope (nil while open) and how long to
// wait for the slot. A slot that would start after deadline (when
// hasDeadline) is not taken: the error says so. With a Store, an attached
// scope's slot is the store's, and failed reports that the store returned
// an error (the slot is then the local state's).
func (l *Limiter) reserve(ctx context.Context, method string, deadline time.Time, hasDeadline bool) (sc *limScope, wait time.Duration, failed bool, err error) {
	if sc = l.lookup(method); sc == nil {
		return nil, 0, false, nil
	}
	if l.opts.Store != nil {
		var shared bool
		var log float64
		wait, shared, failed, log, err = l.reserveShared(ctx, sc, deadline, hasDeadline)
		l.log(log, sc)
		if shared {
			return sc, wait, failed, err
		}
	}
	now := l.now()
	sc.mu.Lock()
	wait, err = sc.take(now, deadline, hasDeadline)
	sc.mu.Unlock()
	return sc, wait, failed, err
}

// report counts an attempt's outcome in its scope, for a call with ctx
// (nil for none): sc from reserve, or nil while the scope was open. The
// caller whose outcome completes a window closes it and moves the
// controller on, outside the scope's lock. With a Store, an attached
// scope's outcome goes to the store at once, and failed reports that the
// store returned an error.
func (l *Limiter) report(ctx context.Context, sc *limScope, method string, err error) (failed bool) {
	throttle := err != nil && l.isThrottle(err)
	reserved := sc != nil
	if sc == nil {
		switch {
		case throttle:
			sc = l.create(method)
		case !l.throttled.Load():
			return // nothing throttled: one load, as in reserve
		default:
			// The scope may have been made since the slot was reserved:
			// its first window counts this outcome too, or it would
			// count the throttles of those attempts and not their
			// successes.
			if sc = l.lookup(method); sc == nil {
				return
			}
		}
	}
	now := l.now()
	sc.mu.Lock()
	if l.opts.Store != nil && sc.addShared(err == nil, throttle, reserved && sc.sh.attached) {
		sc.mu.Unlock()
		return l.reportShared(ctx, sc)
	}
	w, closed := sc.count(err == nil, throttle, reserved, now, &l.params)
	var ctl limControl
	if closed {
		ctl = sc.limControl
	}
	sc.mu.Unlock()
	if !closed {
		return
	}
	// The model runs outside the lock, on the state this caller saw; the
	// state is replaced only if no other window closed meanwhile.
	next := ctl.next(w, now, &l.params)
	sc.mu.Lock()
	_, log := sc.update(ctl.version, next, now, &l.params)
	sc.mu.Unlock()
	l.log(log, sc)
	return false
}

// log writes the Debug record of a rate change, outside the scope's lock.
func (l *Limiter) log(rate float64, sc *limScope) {
	if rate == 0 || l.opts.Logger == nil {
		return
	}
	l.opts.Logger.LogAttrs(context.Background(), slog.LevelDebug, "awsretry: limiter rate changed",
		slog.String("scope", sc.name), slog.Float64("rate", significant(rate, 3)))
}

// significant rounds x to n significant digits, for people: 633.009411
// is 633, and 0.123456 is 0.123.
func significant(x float64, n int) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	scale := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*scale) / scale
}
