package limitertest

import (
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// testPending: each slot taken adds one pending slot, each report's
// Reserved take theirs off, never below 0; a slot not taken (past MaxWait)
// adds none.
func testPending(t *testing.T, s awsretry.LimiterStore) {
	seed(t, s, "Pending", time.Hour, nil)
	steps := []struct {
		a    awsretry.StoreAttempt
		want int64
	}{
		{awsretry.StoreAttempt{Reserve: true}, 1},
		{awsretry.StoreAttempt{Reserve: true, MaxWait: time.Minute}, 1}, // the slot is an hour away: not taken
		{awsretry.StoreAttempt{Reserve: true, MaxWait: 2 * time.Hour}, 2},
		{awsretry.StoreAttempt{Report: report(1, 0, 0, 0)}, 1},
		{awsretry.StoreAttempt{Report: report(2, 1, 1, 0), Reserve: true, MaxWait: 3 * time.Hour}, 1}, // 4 off (to 0), then 1 on
		{awsretry.StoreAttempt{}, 1},
		{awsretry.StoreAttempt{Report: awsretry.StoreOutcomes{Successes: 3, Outcomes: 3}}, 1}, // none of slots the store gave
		{awsretry.StoreAttempt{Report: awsretry.StoreOutcomes{Successes: 3, Outcomes: 3, Reserved: 1}}, 0},
	}
	for i, st := range steps {
		if got := attempt(t, s, "Pending", st.a).Pending; got != st.want {
			t.Errorf("step %d (%+v): Pending %d, want %d", i, st.a, got, st.want)
		}
	}
}

// testUnpaced: a report with no Reserved outcomes is counted in an open
// scope's window, and left out of a paced one's.
func testUnpaced(t *testing.T, s awsretry.LimiterStore) {
	unpaced := awsretry.StoreOutcomes{Throttles: 1, Outcomes: 1}
	seed(t, s, "Unpaced open", 0, nil)
	if got := counts(attempt(t, s, "Unpaced open", awsretry.StoreAttempt{Report: unpaced}).Window); got != [6]int64{0, 1, 1, 0, 0, 0} {
		t.Errorf("an open scope's window after an unpaced throttle: counts %v, want the throttle", got)
	}
	seed(t, s, "Unpaced paced", time.Millisecond, nil)
	attempt(t, s, "Unpaced paced", awsretry.StoreAttempt{Report: unpaced})
	res := attempt(t, s, "Unpaced paced", awsretry.StoreAttempt{Report: report(1, 0, 0, 0)})
	if got := counts(res.Window); got != [6]int64{1, 0, 1, 0, 0, 0} {
		t.Errorf("a paced scope's window after an unpaced throttle and a paced success: counts %v, want the success only", got)
	}
}
