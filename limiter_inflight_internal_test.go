package awsretry

import (
	"context"
	"testing"
	"time"
)

// TestLimiterProofHoldsWhateverTheAnswersOrder: a window proves an
// overload with the attempts in flight counted as successes to come, and
// without the throttles of attempts sent before the scope had a window.
func TestLimiterProofHoldsWhateverTheAnswersOrder(t *testing.T) {
	at := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name                     string
		limited                  bool
		thr, ok, early, inFlight int
		want                     bool
	}{
		{"open: throttles only, nothing in flight", false, 8, 0, 0, 0, true},
		{"open: as many successes in flight as it takes", false, 8, 0, 0, 2, false},
		{"open: the throttles of attempts sent before the window", false, 8, 0, 8, 0, false},
		{"open: far more throttles than in flight", false, 20, 1, 0, 5, true},
		{"limited: four throttles, nothing in flight", true, 4, 0, 0, 0, true},
		{"limited: four throttles, three in flight", true, 4, 0, 0, 3, false},
		{"limited: twice the successes to come", true, 10, 2, 0, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := limWindow{start: at, early: tt.early, inFlight: tt.inFlight}
			w.thr, w.ok, w.n = tt.thr, tt.ok, tt.thr+tt.ok
			if got := testParams.closes(&w, at, tt.limited); got != tt.want {
				t.Errorf("closes = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLimiterGivesUpTheSlotOfACancelledWait: an attempt whose wait for its
// slot is cut short is not counted in flight, where it would stand for a
// success to come in every window after.
func TestLimiterGivesUpTheSlotOfACancelledWait(t *testing.T) {
	now := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	l, err := NewLimiter(func(o *LimiterOptions) { o.Now = func() time.Time { return now } })
	if err != nil {
		t.Fatal(err)
	}
	sc := l.create("Op")
	sc.limited, sc.rate, sc.next = true, 1, now.Add(10*time.Second)
	r, err := newRetrier(DefaultOptions(), []func(*Options){func(o *Options) {
		o.Limiter = l
		o.Sleep = func(context.Context, time.Duration) error { return context.Canceled }
	}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := r.limit(&call{ctx: context.Background(), method: "Op"}); err == nil {
			t.Fatal("a wait cut short: want its error")
		}
	}
	if got := sc.inFlight(now.Add(time.Minute)); got != 0 { // once their slots have passed
		t.Errorf("in flight a minute after three cancelled waits: %d, want 0", got)
	}
}
