package main

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// This file is an experiment, not part of awsretry: a client-side rate
// limiter that all workers share, to show what a limiter option in the
// library would buy. See docs/BENCHMARKS.md, "Retry storms".

// limiterConfig tunes a goodputLimiter.
type limiterConfig struct {
	Window   time.Duration // how often the rate is revised
	Headroom float64       // rate = goodput × Headroom after a throttled window
	Grow     float64       // rate × Grow after a window without throttling
	MinRate  float64       // attempts per second, the floor
}

// defaultLimiterConfig suits this bench's one-second storm; against AWS the
// window would be a second or more.
func defaultLimiterConfig() limiterConfig {
	return limiterConfig{Window: 50 * time.Millisecond, Headroom: 1.02, Grow: 1.05, MinRate: 50}
}

// goodputLimiter paces attempts once the server has throttled one. It
// starts open. At the end of every window in which some attempt was
// throttled, the rate becomes what the server admitted in that window (its
// goodput) plus a little headroom to probe for more; after a window with no
// throttling the rate grows. Attempts are spaced 1/rate apart (no burst).
//
// A saturated server's goodput is its capacity, so the limiter settles just
// above it, whatever the number of workers.
type goodputLimiter struct {
	cfg      limiterConfig
	throttle retry.IsErrorThrottle

	mu       sync.Mutex
	winStart time.Time
	ok, thr  int       // successes and throttles in this window
	limited  bool      // false until the first throttled window ends
	rate     float64   // attempts per second while limited
	nextSlot time.Time // the earliest start of the next attempt
}

func newGoodputLimiter(cfg limiterConfig) *goodputLimiter {
	return &goodputLimiter{
		cfg:      cfg,
		throttle: retry.ThrottleErrorCode{Codes: retry.DefaultThrottleErrorCodes},
		winStart: time.Now(),
	}
}

// wait blocks until this attempt's slot, or until ctx is done.
func (l *goodputLimiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	l.roll(now)
	if !l.limited {
		l.mu.Unlock()
		return ctx.Err()
	}
	slot := l.nextSlot
	if slot.Before(now) {
		slot = now
	}
	l.nextSlot = slot.Add(time.Duration(float64(time.Second) / l.rate))
	l.mu.Unlock()
	// time.After's timer is collected once it is unreachable (Go 1.23+).
	select {
	case <-ctx.Done():
	case <-time.After(slot.Sub(now)):
	}
	return ctx.Err()
}

// observe counts an attempt's outcome: a success, a throttle, or neither.
func (l *goodputLimiter) observe(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err == nil:
		l.ok++
	case l.throttle.IsErrorThrottle(err).Bool():
		l.thr++
	}
	l.roll(time.Now())
}

// roll closes the window if it has lasted long enough and revises the rate.
func (l *goodputLimiter) roll(now time.Time) {
	elapsed := now.Sub(l.winStart)
	if elapsed < l.cfg.Window {
		return
	}
	goodput := float64(l.ok) / elapsed.Seconds()
	switch {
	case l.thr > 0:
		l.limited = true
		l.rate = max(l.cfg.MinRate, goodput*l.cfg.Headroom)
	case l.limited:
		l.rate *= l.cfg.Grow
	}
	l.ok, l.thr, l.winStart = 0, 0, now
}
