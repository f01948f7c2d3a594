package limitertest

import (
	"testing"

	"github.com/awsretry/awsretry"
)

// testWindow: reports add up, and the first throttle's time and the
// successes after it follow the StoreOutcomes rule.
func testWindow(t *testing.T, s awsretry.LimiterStore) {
	steps := []struct {
		report  awsretry.StoreOutcomes
		want    [6]int64 // counts after the report
		firstAt bool     // FirstThrottle is this Attempt's Now
	}{
		{report(2, 0, 1, 0), [6]int64{2, 0, 3, 0, 0, 0}, false},
		{report(3, 2, 0, 1), [6]int64{5, 2, 8, 1, 0, 0}, true},
		{report(4, 1, 0, 0), [6]int64{9, 3, 13, 5, 0, 0}, false}, // the window had a throttle: every success is after it
		{report(0, 0, 2, 0), [6]int64{9, 3, 15, 5, 0, 0}, false},
	}
	start := attempt(t, s, "Window", awsretry.StoreAttempt{}).Window.Start
	var first awsretry.StoreResult
	for i, st := range steps {
		res := attempt(t, s, "Window", awsretry.StoreAttempt{Report: st.report})
		if got := counts(res.Window); got != st.want {
			t.Errorf("after report %d (%+v): counts %v, want %v (Successes, Throttles, Outcomes, SuccessesAfterThrottle, Waited, Skip)", i, st.report, got, st.want)
		}
		if !res.Window.Start.Equal(start) {
			t.Errorf("after report %d: Start %v, want %v", i, res.Window.Start, start)
		}
		switch {
		case st.firstAt:
			first = res
			if !res.Window.FirstThrottle.Equal(res.Now) {
				t.Errorf("after the first throttle: FirstThrottle %v, want this Attempt's Now %v", res.Window.FirstThrottle, res.Now)
			}
		case first.Now.IsZero() && !res.Window.FirstThrottle.IsZero():
			t.Errorf("after report %d, before any throttle: FirstThrottle %v, want zero", i, res.Window.FirstThrottle)
		case !first.Now.IsZero() && !res.Window.FirstThrottle.Equal(first.Now):
			t.Errorf("after report %d: FirstThrottle %v, want the first throttle's %v", i, res.Window.FirstThrottle, first.Now)
		}
	}
}

// testCloseWindow: a close keeps the outcomes that came after the snapshot
// in the next window, and refuses a stale version or another window.
func testCloseWindow(t *testing.T, s awsretry.LimiterStore) {
	for _, tt := range []struct {
		name       string
		before     awsretry.StoreOutcomes // in the snapshot
		after      awsretry.StoreOutcomes // after the snapshot
		want       [6]int64               // the next window's counts
		firstAtEnd bool                   // the next window's FirstThrottle is End, else the late report's Now
	}{
		{"no throttle after", report(5, 1, 0, 0), report(2, 0, 1, 0), [6]int64{2, 0, 3, 0, 0, 0}, false},
		{"first throttle after", report(5, 0, 0, 0), report(2, 1, 0, 1), [6]int64{2, 1, 3, 1, 0, 0}, false},
		{"throttles before and after", report(5, 2, 0, 3), report(2, 1, 0, 0), [6]int64{2, 1, 3, 2, 0, 0}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			scope := "CloseWindow " + tt.name
			seed(t, s, scope, 0, nil)
			snap := attempt(t, s, scope, awsretry.StoreAttempt{Report: tt.before})
			late := attempt(t, s, scope, awsretry.StoreAttempt{Report: tt.after})
			stale := awsretry.StoreClose{Version: 0, Window: snap.Window, End: snap.Now}
			if closeWindow(t, s, scope, stale) {
				t.Fatalf("CloseWindow at Version 0 of a scope at 1 = true, want false")
			}
			other := awsretry.StoreClose{Version: 1, Window: snap.Window, End: snap.Now}
			other.Window.Start = snap.Window.Start.Add(-slack * 10)
			if closeWindow(t, s, scope, other) {
				t.Fatalf("CloseWindow of a window with another Start = true, want false")
			}
			c := awsretry.StoreClose{Version: 1, Interval: 3 * slack, Data: []byte("next"), Window: snap.Window, End: snap.Now}
			if !closeWindow(t, s, scope, c) {
				t.Fatalf("CloseWindow at the version read, of the window read = false, want true")
			}
			if closeWindow(t, s, scope, c) {
				t.Errorf("the same CloseWindow again = true, want false: one closer per window")
			}
			next := attempt(t, s, scope, awsretry.StoreAttempt{Version: 2})
			if got := counts(next.Window); got != tt.want {
				t.Errorf("next window: counts %v, want %v", got, tt.want)
			}
			if !next.Window.Start.Equal(snap.Now) {
				t.Errorf("next window: Start %v, want the snapshot's Now %v", next.Window.Start, snap.Now)
			}
			wantFirst := late.Now
			if tt.firstAtEnd {
				wantFirst = snap.Now
			}
			if tt.after.Throttles > 0 && !next.Window.FirstThrottle.Equal(wantFirst) {
				t.Errorf("next window: FirstThrottle %v, want %v", next.Window.FirstThrottle, wantFirst)
			}
			if tt.after.Throttles == 0 && !next.Window.FirstThrottle.IsZero() {
				t.Errorf("next window without a throttle: FirstThrottle %v, want zero", next.Window.FirstThrottle)
			}
			if next.Rate.Version != 2 || next.Rate.Interval != 3*slack || next.Rate.Data != nil {
				t.Errorf("rate after the close: %+v, want {2, %v, no Data for a caller at 2}", next.Rate, 3*slack)
			}
		})
	}
}

// testSkip: the outcomes of slots taken at the rate before are left out of
// the next window, and the window starts when the last of them comes.
func testSkip(t *testing.T, s awsretry.LimiterStore) {
	seed(t, s, "Skip", 0, nil)
	snap := attempt(t, s, "Skip", awsretry.StoreAttempt{Report: report(4, 0, 0, 0)})
	attempt(t, s, "Skip", awsretry.StoreAttempt{Report: report(1, 0, 0, 0)}) // after the snapshot: 1 of the Skip
	if !closeWindow(t, s, "Skip", awsretry.StoreClose{Version: 1, Window: snap.Window, End: snap.Now, Skip: 4}) {
		t.Fatalf("CloseWindow with Skip 4 = false, want true")
	}
	mid := attempt(t, s, "Skip", awsretry.StoreAttempt{Report: report(1, 1, 0, 0)})
	if got := counts(mid.Window); got != [6]int64{0, 0, 0, 0, 0, 1} {
		t.Errorf("after 3 of the 4 skipped outcomes: counts %v, want only Skip 1 left", got)
	}
	last := attempt(t, s, "Skip", awsretry.StoreAttempt{Report: report(1, 0, 0, 0)})
	if got := counts(last.Window); got != [6]int64{} || !last.Window.Start.Equal(last.Now) {
		t.Errorf("at the last skipped outcome: counts %v, Start %v; want zeros, its Now %v", got, last.Window.Start, last.Now)
	}
	counted := attempt(t, s, "Skip", awsretry.StoreAttempt{Report: report(2, 1, 0, 1)})
	if got := counts(counted.Window); got != [6]int64{2, 1, 3, 1, 0, 0} {
		t.Errorf("after the skip: counts %v, want the report's {2, 1, 3, 1}", got)
	}
}
