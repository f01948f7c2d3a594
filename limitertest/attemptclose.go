package limitertest

import (
	"testing"

	"github.com/awsretry/awsretry"
)

// testAttemptClose: an Attempt with a Close closes the window first, in
// the same operation: the report and the slot are of the next window and
// the new rate; a stale Close changes nothing, and the Attempt goes on.
func testAttemptClose(t *testing.T, s awsretry.LimiterStore) {
	seed(t, s, "AttemptClose", 0, nil)
	snap := attempt(t, s, "AttemptClose", awsretry.StoreAttempt{Report: report(5, 1, 0, 0)})
	stale := &awsretry.StoreClose{Version: 0, Interval: slack, Window: snap.Window, End: snap.Now}
	res := attempt(t, s, "AttemptClose", awsretry.StoreAttempt{Report: report(1, 0, 0, 0), Version: 1, Close: stale})
	if res.Closed || res.Rate.Version != 1 || res.Rate.Interval != 0 {
		t.Fatalf("Attempt with a stale Close: Closed %v, rate %+v; want false and the rate unchanged {1, 0}", res.Closed, res.Rate)
	}
	if got := counts(res.Window); got != [6]int64{6, 1, 7, 1, 0, 0} {
		t.Errorf("Attempt with a stale Close: counts %v, want its report added {6, 1, 7, 1}", got)
	}
	c := &awsretry.StoreClose{Version: 1, Interval: 5 * slack, Data: []byte("next"), Window: snap.Window, End: snap.Now}
	res = attempt(t, s, "AttemptClose", awsretry.StoreAttempt{Report: report(2, 0, 0, 0), Reserve: true, Version: 1, Close: c})
	if !res.Closed || res.Rate.Version != 2 || res.Rate.Interval != 5*slack || string(res.Rate.Data) != "next" {
		t.Fatalf("Attempt with the Close of the window read: Closed %v, rate %+v; want true, {2, %v, next}", res.Closed, res.Rate, 5*slack)
	}
	// The next window holds what came after the snapshot (one success) and
	// this report (two).
	if got := counts(res.Window); got != [6]int64{3, 0, 3, 0, 0, 0} || !res.Window.Start.Equal(snap.Now) {
		t.Errorf("after the Close: counts %v, Start %v; want {3, 0, 3}, the snapshot's Now %v", got, res.Window.Start, snap.Now)
	}
	if !res.Reserved || res.Wait != 0 || !near(res.Next, res.Now.Add(5*slack)) {
		t.Errorf("the slot after the Close: Reserved %v, Wait %v, Next %v; want true, 0, Now+%v (%v): the new Interval", res.Reserved, res.Wait, res.Next, 5*slack, res.Now.Add(5*slack))
	}
	again := attempt(t, s, "AttemptClose", awsretry.StoreAttempt{Version: 2, Close: c})
	if again.Closed || again.Rate.Version != 2 {
		t.Errorf("the same Close again: Closed %v, Version %d; want false, 2: one closer per window", again.Closed, again.Rate.Version)
	}
}
