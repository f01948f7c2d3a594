package awsretry

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

var errCostThrottle error = &smithy.GenericAPIError{Code: "RequestLimitExceeded"}

// costClock is a clock that moves only when told to, safe for concurrent
// use.
type costClock struct{ ns atomic.Int64 }

func (c *costClock) now() time.Time { return time.Unix(0, c.ns.Load()) }

// limitedForCost returns a Limiter whose scope "Op" is limited (eight
// throttles a second apart on clk, as limitedLimiter makes one).
func limitedForCost(tb testing.TB, clk *costClock) *Limiter {
	tb.Helper()
	l, err := NewLimiter(func(o *LimiterOptions) { o.Now = clk.now })
	if err != nil {
		tb.Fatal(err)
	}
	for range 8 {
		sc, _, _, _ := l.reserve(context.Background(), "Op", time.Time{}, false)
		l.report(context.Background(), sc, "Op", errCostThrottle)
		clk.ns.Add(int64(time.Second))
	}
	if _, limited := l.Rate("Op"); !limited {
		tb.Fatal("the scope is not limited")
	}
	return l
}

// TestLimiterLimitedAllocatesNothing: while a scope is limited, reserve and
// report allocate nothing, windows closing and the model's fit included
// (an attempt a millisecond: a window every 20).
func TestLimiterLimitedAllocatesNothing(t *testing.T) {
	clk := new(costClock)
	l := limitedForCost(t, clk)
	var i int
	allocs := testing.AllocsPerRun(2000, func() {
		sc, _, _, _ := l.reserve(context.Background(), "Op", time.Time{}, false)
		if sc == nil {
			t.Fatal("no scope")
		}
		clk.ns.Add(int64(time.Millisecond))
		var err error
		if i++; i%10 == 0 {
			err = errCostThrottle
		}
		l.report(context.Background(), sc, "Op", err)
	})
	if allocs != 0 {
		t.Errorf("%.2f allocations an attempt on a limited scope, want 0", allocs)
	}
}

// BenchmarkLimiterLimited is one attempt's reserve and report on a limited
// scope, from one goroutine, the clock still (no window closes: see
// BenchmarkLimiterWindow for that).
func BenchmarkLimiterLimited(b *testing.B) {
	clk := new(costClock)
	l := limitedForCost(b, clk)
	b.ReportAllocs()
	for b.Loop() {
		sc, _, _, _ := l.reserve(context.Background(), "Op", time.Time{}, false)
		l.report(context.Background(), sc, "Op", nil)
	}
}

// BenchmarkLimiterContended: 64 goroutines on one limited scope, each
// attempt a reserve and a report; ns per attempt. Run with -cpu 1,2.
func BenchmarkLimiterContended(b *testing.B) {
	clk := new(costClock)
	l := limitedForCost(b, clk)
	b.ReportAllocs()
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((64 + procs - 1) / procs) // 64 goroutines in all
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			sc, _, _, _ := l.reserve(context.Background(), "Op", time.Time{}, false)
			l.report(context.Background(), sc, "Op", nil)
		}
	})
}

// BenchmarkLimiterWindow is one window's close: the model's next, its fit
// of the last windows included.
func BenchmarkLimiterWindow(b *testing.B) {
	c := limControl{limited: true, rate: 100, bw: 100}
	t0 := time.Unix(0, 0)
	for i := range fitWindows {
		c.hist[i] = limSample{rate: 100 + float64(i), n: 20, thr: i % 3}
	}
	c.samples = fitWindows
	w := limWindow{start: t0, limCounts: limCounts{ok: 20, thr: 2, n: 22, bound: 22, okAfter: 15, thrAt: t0.Add(50 * time.Millisecond)}}
	o := DefaultLimiterOptions()
	p := limParams{windowSuccesses: o.WindowSuccesses, minWindow: o.MinWindow, maxWindow: o.MaxWindow, minRate: o.MinRate, maxCut: o.MaxCut}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.next(w, t0.Add(200*time.Millisecond), &p)
	}
}
