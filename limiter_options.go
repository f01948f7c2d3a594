package awsretry

import (
	"fmt"
	"log/slog"
	"math"
	"time"
)

// LimiterOptions configures a Limiter. NewLimiter starts from
// DefaultLimiterOptions and applies its option functions in order.
type LimiterOptions struct {
	// WindowSuccesses is how many successes close a measuring window (once
	// MinWindow has passed), so that the window adapts to the traffic:
	// 10 ms at 2,000 successes a second, 1 s at 20. A window also closes as
	// soon as its throttles prove an overload, and a probe's window when
	// its WindowSuccesses slots are back. Default 20: enough that a
	// window's share of throttles tells a probe that found the limit (a
	// fifth throttled) from one that did not, few enough to settle within
	// half a second at hundreds of requests a second. Must be >= 1.
	WindowSuccesses int

	// MinWindow is the shortest window that measures a rate. Default 10ms:
	// below that, timer and scheduling noise weigh on the rate. Must be >
	// 0.
	MinWindow time.Duration

	// MaxWindow is the longest window at a low rate: a clean window closes
	// after MaxWindow whatever its successes, and a slow scope probes for
	// more at least once a MaxWindow. Default 1s, so that a scope of a few
	// requests a second still settles within seconds. Must be >= MinWindow.
	MaxWindow time.Duration

	// MaxCut bounds one window's cut: the rate never falls below MaxCut ×
	// the rate the window sent. A window that measured the server well (half
	// of WindowSuccesses admitted after its first throttle) is not bounded.
	// It keeps a window of a few outcomes from collapsing the rate, and
	// makes independent Limiters that share a server back off together, by
	// the same factor (a multiplicative decrease). Default 0.5. Must be in
	// (0, 1).
	MaxCut float64

	// MinRate is the floor, in attempts a second. Default 0.1: low, so
	// that thousands of processes sharing one quota can each go below one
	// request a second; probes double their step while they find room, so
	// a low floor is left quickly. Must be > 0 and finite.
	MinRate float64

	// IsThrottle tells a throttle from other errors. Default nil: the
	// error's code (ErrorCode) is in ThrottleCodes().
	IsThrottle func(error) bool

	// Scope maps a method name to the name of its rate state. Default nil:
	// each method has its own state, as EC2 throttles per API action, so a
	// throttled DescribeInstances never slows RunInstances.
	// func(string) string { return "" } gives one state for all methods.
	Scope func(method string) string

	// Now is the Limiter's clock. Default nil: time.Now. Tests and
	// simulations set it to a virtual clock, together with Options.Sleep,
	// through which the retry loop waits for the Limiter.
	Now func() time.Time

	// Store, when set, holds the scopes' state outside the process, so
	// that every Limiter with the same store (and, for redisstore, the
	// same prefix) acts as one Limiter for a fleet that shares one quota:
	// one slot schedule, one set of windows and one rate per scope, on the
	// store's clock. A scope costs nothing until its first throttle in
	// this process; from then on each attempt's outcome goes to the store
	// when it comes, in a round trip that also takes the slot of the
	// process's next attempt, and a process of fewer than 200 attempts a
	// second closes a window with one more. A store error never
	// fails a call: the scope paces with this process's own state,
	// started at its share of the shared rate, a circuit breaker stops
	// asking the store for a while (50 to 400 ms) after failures, and the
	// scope rejoins when the store answers, setting the state again if the
	// store lost it. Errors are counted in Stats.LimiterStoreErrors and
	// awsretry.limiter.store.errors, with one Warn record (Logger) per
	// outage. Default nil: the state lives in the process. A nil pointer
	// of a store's type is ErrInvalidOptions.
	Store LimiterStore

	// Logger, when set, gets one Debug record when a scope's rate changes by
	// more than 10%, never one per attempt, and, with a Store, one Warn
	// record when the store stops answering and one Info record when it
	// answers again. It names the scope, never an input. Default nil:
	// silent.
	Logger *slog.Logger
}

// DefaultLimiterOptions returns the defaults documented on each field of
// LimiterOptions.
func DefaultLimiterOptions() LimiterOptions {
	return LimiterOptions{
		WindowSuccesses: 20,
		MinWindow:       10 * time.Millisecond,
		MaxWindow:       time.Second,
		MaxCut:          0.5,
		MinRate:         0.1,
	}
}

// validate reports the first field that is out of range, with its value.
func (o *LimiterOptions) validate() error {
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("%w: LimiterOptions.%s is %v, want %s", ErrInvalidOptions, field, v, want)
	}
	switch {
	case o.WindowSuccesses < 1:
		return bad("WindowSuccesses", o.WindowSuccesses, "at least 1")
	case o.MinWindow <= 0:
		return bad("MinWindow", o.MinWindow, "> 0")
	case o.MaxWindow < o.MinWindow:
		return bad("MaxWindow", o.MaxWindow, fmt.Sprintf(">= MinWindow (%v)", o.MinWindow))
	case !(o.MaxCut > 0 && o.MaxCut < 1):
		return bad("MaxCut", o.MaxCut, "a number in (0, 1)")
	case !(o.MinRate > 0) || math.IsInf(o.MinRate, 0):
		return bad("MinRate", o.MinRate, "a finite number > 0")
	case o.Store != nil && nilPointer(o.Store):
		return fmt.Errorf("%w: LimiterOptions.Store is a nil %T, want a store or nil", ErrInvalidOptions, o.Store)
	}
	return nil
}
