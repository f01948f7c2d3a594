package limitertest

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// testAccounting: 64 goroutines report outcomes and close windows at once,
// as the processes of a fleet do. Every outcome is in exactly one closed
// window or in the last one, each version is set by exactly one closer,
// and the rate's version counts the closes.
func testAccounting(t *testing.T, s awsretry.LimiterStore) {
	const (
		goroutines = 64
		each       = 24
		closeAt    = 40 // outcomes in a snapshot that make its reader try to close
	)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	seedRate(t, s)
	var (
		mu      sync.Mutex
		sent    [3]int64       // successes, throttles, outcomes reported
		closed  [3]int64       // the same, in the snapshots that closed
		closers map[uint64]int // how many closes set each version
		wg      sync.WaitGroup
	)
	closers = map[uint64]int{}
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(seed), uint64(g)))
			var version uint64 = 1
			var pending *awsretry.StoreClose // odd goroutines close with their next Attempt
			won := func(c *awsretry.StoreClose) {
				mu.Lock()
				w := c.Window
				closed[0], closed[1], closed[2] = closed[0]+w.Successes, closed[1]+w.Throttles, closed[2]+w.Outcomes
				closers[c.Version+1]++
				mu.Unlock()
			}
			for range each {
				ok, thr, other := rng.Int64N(3), rng.Int64N(2), rng.Int64N(2)
				res, err := s.Attempt(bg, "Accounting", awsretry.StoreAttempt{Report: report(ok, thr, other, 0), Reserve: true, Version: version, Close: pending})
				if err != nil {
					t.Errorf("Attempt: %v", err)
					return
				}
				mu.Lock()
				sent[0], sent[1], sent[2] = sent[0]+ok, sent[1]+thr, sent[2]+ok+thr+other
				mu.Unlock()
				if res.Closed {
					won(pending)
				}
				pending, version = nil, res.Rate.Version
				if res.Window.Outcomes < closeAt {
					continue
				}
				c := &awsretry.StoreClose{Version: version, Interval: time.Microsecond, Window: res.Window, End: res.Now}
				if g%2 == 1 {
					pending = c
					continue
				}
				closedIt, err := s.CloseWindow(bg, "Accounting", *c)
				if err != nil {
					t.Errorf("CloseWindow: %v", err)
					return
				}
				if closedIt {
					won(c)
				}
			}
		}()
	}
	wg.Wait()
	last := attempt(t, s, "Accounting", awsretry.StoreAttempt{})
	w := last.Window
	if got := [3]int64{closed[0] + w.Successes, closed[1] + w.Throttles, closed[2] + w.Outcomes}; got != sent {
		t.Errorf("closed windows + the last one hold %v (successes, throttles, outcomes), want the %v reported: outcomes lost or counted twice", got, sent)
	}
	if len(closers) == 0 {
		t.Fatalf("no window closed: %d outcomes reported, %d make a window close", sent[2], closeAt)
	}
	for v, n := range closers {
		if n != 1 {
			t.Errorf("version %d set by %d closers, want 1", v, n)
		}
	}
	if want := uint64(1 + len(closers)); last.Rate.Version != want {
		t.Errorf("rate Version %d after %d closes from 1, want %d", last.Rate.Version, len(closers), want)
	}
}

// seedRate sets the first rate of the scope "Accounting": a slot
// spacing of a microsecond, so that reservations are taken.
func seedRate(t *testing.T, s awsretry.LimiterStore) {
	t.Helper()
	if !closeWindow(t, s, "Accounting", awsretry.StoreClose{Interval: time.Microsecond}) {
		t.Fatalf("CloseWindow(Version 0, no window) on an empty store = false, want true")
	}
}
