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
	// WindowSuccesses is how many successes, or how many throttles, close
	// a measuring window (once MinWindow has passed), so the window adapts
	// to the traffic: 10 ms at 2,000 successes a second, 100 ms at 200, and
	// short under a storm of throttles. Default 20: few enough to settle
	// within half a second at hundreds of requests a second, enough that
	// one window's goodput is within a few percent. Must be >= 1.
	WindowSuccesses int

	// MinWindow is the shortest window. Default 10ms: below that, timer
	// and scheduling noise weigh on the goodput. Must be > 0.
	MinWindow time.Duration

	// MaxWindow is the longest window, whatever the successes: at a few
	// requests a second a window closes after MaxWindow. Default 1s, so
	// that a slow scope still settles within a few seconds. Must be >=
	// MinWindow.
	MaxWindow time.Duration

	// Headroom multiplies the goodput of a throttled window to give the new
	// rate: a little above what the server admitted, so the Limiter keeps
	// probing for more. Default 1.02: about 2% of attempts are throttled
	// when the Limiter has settled. Must be in [1, 2].
	Headroom float64

	// Grow is the first step of the climb after a window without throttle:
	// the rate is multiplied by Grow, and each further clean window in a
	// row doubles the step (×1.05, ×1.10, ×1.20, ...; at most ×2), so the
	// rate is back at a restored capacity within a few windows. This is
	// not the SDK's cubic climb from 0.5 requests a second. Default 1.05.
	// Must be in (1, 2].
	Grow float64

	// MaxCut bounds one throttled window's cut: the rate never falls below
	// MaxCut × the rate before it (or MinRate). It keeps one unlucky window
	// from collapsing the rate, and makes independent Limiters that share
	// a server back off together (a multiplicative decrease). Default 0.5.
	// Must be in (0, 1).
	MaxCut float64

	// MinRate is the floor, in attempts a second. Default 0.1: low, so
	// that thousands of processes sharing one quota can each go below one
	// request a second; the quick climb makes a low floor cheap. Must be >
	// 0 and finite.
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

	// Logger, when set, gets one Debug record when a scope's rate changes by
	// more than 10%, never one per attempt. It names the scope, never an
	// input. Default nil: silent.
	Logger *slog.Logger
}

// DefaultLimiterOptions returns the defaults documented on each field of
// LimiterOptions.
func DefaultLimiterOptions() LimiterOptions {
	return LimiterOptions{
		WindowSuccesses: 20,
		MinWindow:       10 * time.Millisecond,
		MaxWindow:       time.Second,
		Headroom:        1.02,
		Grow:            1.05,
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
	case !(o.Headroom >= 1 && o.Headroom <= 2):
		return bad("Headroom", o.Headroom, "a number in [1, 2]")
	case !(o.Grow > 1 && o.Grow <= 2):
		return bad("Grow", o.Grow, "a number in (1, 2]")
	case !(o.MaxCut > 0 && o.MaxCut < 1):
		return bad("MaxCut", o.MaxCut, "a number in (0, 1)")
	case !(o.MinRate > 0) || math.IsInf(o.MinRate, 0):
		return bad("MinRate", o.MinRate, "a finite number > 0")
	}
	return nil
}
