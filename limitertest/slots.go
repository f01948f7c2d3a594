package limitertest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// slotOf returns the start of the slot that res reserved, on the store's
// clock.
func slotOf(res awsretry.StoreResult) time.Time { return res.Now.Add(res.Wait) }

// testSchedule: slots are Interval apart from the first, which starts at
// the store's now, and Next is the one after the last.
func testSchedule(t *testing.T, s awsretry.LimiterStore) {
	const interval = time.Second // far ahead of the store's clock: no wait passes here
	seed(t, s, "Schedule", interval, nil)
	var slots []time.Time
	for i := range 5 {
		res := attempt(t, s, "Schedule", awsretry.StoreAttempt{Reserve: true})
		if !res.Reserved {
			t.Fatalf("reservation %d: Reserved false without a MaxWait", i)
		}
		if i == 0 && res.Wait != 0 {
			t.Errorf("first slot of an idle schedule: Wait %v, want 0 (it starts at the store's now)", res.Wait)
		}
		if res.Wait < 0 {
			t.Errorf("reservation %d: Wait %v < 0", i, res.Wait)
		}
		if i > 0 && res.Window.Waited != int64(i) {
			t.Errorf("reservation %d: window Waited %d, want %d (every slot after the first was ahead)", i, res.Window.Waited, i)
		}
		slots = append(slots, slotOf(res))
		if !near(res.Next, slotOf(res).Add(interval)) {
			t.Errorf("reservation %d: Next %v, want the slot %v + %v", i, res.Next, slotOf(res), interval)
		}
	}
	for i := 1; i < len(slots); i++ {
		if d := slots[i].Sub(slots[i-1]); d < interval-slack || d > interval+slack {
			t.Errorf("slots %d and %d are %v apart, want %v", i-1, i, d, interval)
		}
	}
	// An open scope's slots are free and do not move its schedule.
	res := attempt(t, s, "Open", awsretry.StoreAttempt{Reserve: true})
	res2 := attempt(t, s, "Open", awsretry.StoreAttempt{Reserve: true})
	if res.Wait != 0 || res2.Wait != 0 || !res2.Next.IsZero() || res2.Window.Waited != 0 {
		t.Errorf("open scope: Waits %v and %v, Next %v, Waited %d; want 0, 0, zero, 0", res.Wait, res2.Wait, res2.Next, res2.Window.Waited)
	}
}

// testMaxWait: a slot later than MaxWait is not taken, the schedule does
// not move, and the refused attempt counts as waited.
func testMaxWait(t *testing.T, s awsretry.LimiterStore) {
	const interval = 10 * time.Second
	seed(t, s, "MaxWait", interval, nil)
	first := attempt(t, s, "MaxWait", awsretry.StoreAttempt{Reserve: true, MaxWait: time.Millisecond})
	if !first.Reserved || first.Wait != 0 {
		t.Fatalf("first slot with MaxWait 1ms: Reserved %v, Wait %v; want true, 0", first.Reserved, first.Wait)
	}
	refused := attempt(t, s, "MaxWait", awsretry.StoreAttempt{Reserve: true, MaxWait: time.Second})
	if refused.Reserved || refused.Wait <= time.Second || !near(refused.Next, first.Next) || refused.Window.Waited != 1 {
		t.Errorf("slot %v ahead with MaxWait 1s: Reserved %v, Next %v (was %v), Waited %d; want false, unchanged, 1",
			refused.Wait, refused.Reserved, refused.Next, first.Next, refused.Window.Waited)
	}
	taken := attempt(t, s, "MaxWait", awsretry.StoreAttempt{Reserve: true, MaxWait: time.Hour})
	if !taken.Reserved || !near(slotOf(taken), first.Next) || taken.Window.Waited != 2 {
		t.Errorf("the same slot with MaxWait 1h: Reserved %v, slot %v, Waited %d; want true, %v (the refused one), 2",
			taken.Reserved, slotOf(taken), taken.Window.Waited, first.Next)
	}
}

// testAtomicSlots: 64 goroutines reserving at once get one slot each,
// every one Interval after another, none shared and none skipped.
func testAtomicSlots(t *testing.T, s awsretry.LimiterStore) {
	const (
		goroutines = 64
		each       = 16
		interval   = 100 * time.Millisecond // 1,024 slots span 102 s: the schedule stays ahead of the clock
	)
	seed(t, s, "AtomicSlots", interval, nil)
	var (
		mu    sync.Mutex
		slots []time.Time
		wg    sync.WaitGroup
	)
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				res, err := s.Attempt(bg, "AtomicSlots", awsretry.StoreAttempt{Reserve: true})
				if err != nil || !res.Reserved {
					t.Errorf("Attempt(Reserve): Reserved %v, error %v", res.Reserved, err)
					return
				}
				mu.Lock()
				slots = append(slots, slotOf(res))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(slots) != goroutines*each {
		t.Fatalf("%d slots, want %d", len(slots), goroutines*each)
	}
	slices.SortFunc(slots, func(a, b time.Time) int { return a.Compare(b) })
	bad := 0
	for i := 1; i < len(slots); i++ {
		if d := slots[i].Sub(slots[i-1]); d < interval-slack || d > interval+slack {
			if bad++; bad <= 5 {
				t.Errorf("sorted slots %d and %d are %v apart, want %v (shared or skipped slots)", i-1, i, d, interval)
			}
		}
	}
	end := attempt(t, s, "AtomicSlots", awsretry.StoreAttempt{})
	if want := slots[len(slots)-1].Add(interval); !near(end.Next, want) {
		t.Errorf("Next after %d slots = %v, want the last slot + Interval = %v", len(slots), end.Next, want)
	}
	if end.Window.Waited != goroutines*each-1 {
		t.Errorf("window Waited = %d, want %d (every slot but the first)", end.Window.Waited, goroutines*each-1)
	}
}
