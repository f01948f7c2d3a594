package limitertest

import (
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// load, attempt and closeWindow call s and fail t on an error.
func load(t *testing.T, s awsretry.LimiterStore, scope string) awsretry.StoreRate {
	t.Helper()
	r, err := s.Load(bg, scope)
	if err != nil {
		t.Fatalf("Load(%q): %v", scope, err)
	}
	return r
}

func attempt(t *testing.T, s awsretry.LimiterStore, scope string, a awsretry.StoreAttempt) awsretry.StoreResult {
	t.Helper()
	res, err := s.Attempt(bg, scope, a)
	if err != nil {
		t.Fatalf("Attempt(%q, %+v): %v", scope, a, err)
	}
	return res
}

func closeWindow(t *testing.T, s awsretry.LimiterStore, scope string, c awsretry.StoreClose) bool {
	t.Helper()
	ok, err := s.CloseWindow(bg, scope, c)
	if err != nil {
		t.Fatalf("CloseWindow(%q): %v", scope, err)
	}
	return ok
}

// seed sets the rate of scope, which the store does not hold, and fails t
// when CloseWindow refuses.
func seed(t *testing.T, s awsretry.LimiterStore, scope string, interval time.Duration, data []byte) {
	t.Helper()
	if !closeWindow(t, s, scope, awsretry.StoreClose{Interval: interval, Data: data}) {
		t.Fatalf("CloseWindow(%q, Version 0, no window) on a scope the store does not hold = false, want true", scope)
	}
}

// report returns the outcomes of ok successes and thr throttles, thr of
// the successes after the first throttle, and other errors, all of slots
// that the store gave.
func report(ok, thr, other, okAfter int64) awsretry.StoreOutcomes {
	n := ok + thr + other
	return awsretry.StoreOutcomes{Successes: ok, Throttles: thr, Outcomes: n, SuccessesAfterThrottle: okAfter, Reserved: n}
}

// counts returns w's counts without its times, for comparisons.
func counts(w awsretry.StoreWindow) [6]int64 {
	return [6]int64{w.Successes, w.Throttles, w.Outcomes, w.SuccessesAfterThrottle, w.Waited, w.Skip}
}
