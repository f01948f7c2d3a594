package limitertest

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// ops calls each method of s once with ctx and returns their errors.
func ops(ctx context.Context, s awsretry.LimiterStore, scope string) map[string]error {
	_, load := s.Load(ctx, scope)
	_, att := s.Attempt(ctx, scope, awsretry.StoreAttempt{Report: report(1, 1, 0, 0), Reserve: true})
	_, cl := s.CloseWindow(ctx, scope, awsretry.StoreClose{Version: 1, Interval: time.Hour})
	return map[string]error{"Load": load, "Attempt": att, "CloseWindow": cl}
}

// testCanceled: with a done context every method fails with an error that
// wraps the context's, and changes nothing.
func testCanceled(t *testing.T, s awsretry.LimiterStore) {
	seed(t, s, "Canceled", time.Second, nil)
	before := attempt(t, s, "Canceled", awsretry.StoreAttempt{Report: report(1, 0, 0, 0), Reserve: true})
	ctx, cancel := context.WithCancel(bg)
	cancel()
	for op, err := range ops(ctx, s, "Canceled") {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a canceled context: error %v, want one that wraps context.Canceled", op, err)
		}
	}
	after := attempt(t, s, "Canceled", awsretry.StoreAttempt{})
	if counts(after.Window) != counts(before.Window) || !near(after.Next, before.Next) || after.Rate.Version != 1 || after.Rate.Interval != time.Second {
		t.Errorf("after the canceled calls: window %v, Next %v, rate %+v; want %v, %v, {1, 1s}: a canceled call changed the state",
			counts(after.Window), after.Next, after.Rate, counts(before.Window), before.Next)
	}
}

// testClosed: a store that implements io.Closer returns an error from
// every method once closed, and does not panic.
func testClosed(t *testing.T, s awsretry.LimiterStore) {
	c, ok := s.(io.Closer)
	if !ok {
		t.Skipf("the store (%T) does not implement io.Closer", s)
	}
	seed(t, s, "Closed", time.Second, nil)
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for op, err := range ops(bg, s, "Closed") {
		if err == nil {
			t.Errorf("%s on a closed store: no error", op)
		}
	}
}
