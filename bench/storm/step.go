package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// bins counts a server's requests and successes in 100 ms bins from start.
type bins struct {
	mu        sync.Mutex
	start     time.Time
	att, succ []int
}

func (b *bins) add(ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i := int(time.Since(b.start) / (100 * time.Millisecond))
	for len(b.att) <= i {
		b.att, b.succ = append(b.att, 0), append(b.succ, 0)
	}
	b.att[i]++
	if ok {
		b.succ[i]++
	}
}

// setRate changes the bucket's rate and size from now on.
func (b *bucket) setRate(rate, burst float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	b.rate, b.burst = rate, burst
	b.tokens = min(b.tokens, burst)
}

// stepResult is what one run of the capacity step measured.
type stepResult struct {
	LowAPS   float64       // attempts per success from 1 s to 3 s
	Recovery time.Duration // end of the first 100 ms bin after 3 s at >= 90% of high; -1 if none
	GaveUp   int
}

// runStep is scenario 3 on loopback: workers loop for 5 s; the server
// admits high a second, low from 1 s, high again from 3 s.
func runStep(st strategy, s schedule, workers int, high, low float64) (res stepResult, err error) {
	srv, err := startServer(high, max(1, high/20))
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, srv.stop()) }()
	calls, closeIdle, err := newCalls(st, s, srv.URL, workers)
	defer closeIdle()
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	failed := make([]int, workers)
	srv.bins = &bins{start: time.Now()}
	end := srv.bins.start.Add(5 * time.Second)
	timers := []*time.Timer{
		time.AfterFunc(time.Second, func() { srv.bucket.setRate(low, max(1, low/20)) }),
		time.AfterFunc(3*time.Second, func() { srv.bucket.setRate(high, max(1, high/20)) }),
	}
	defer func() {
		for _, t := range timers {
			t.Stop()
		}
	}()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) && ctx.Err() == nil {
				if err := calls[w](ctx); err != nil {
					failed[w]++
				}
			}
		}()
	}
	wg.Wait()
	b := srv.bins
	b.mu.Lock()
	defer b.mu.Unlock()
	la, ls := 0, 0
	for i := 10; i < min(30, len(b.att)); i++ {
		la, ls = la+b.att[i], ls+b.succ[i]
	}
	res.LowAPS = float64(la) / float64(max(ls, 1))
	res.Recovery = -1
	for i := 30; i < min(50, len(b.succ)); i++ {
		if float64(b.succ[i]) >= 0.9*high/10 {
			res.Recovery = time.Duration(i-29) * 100 * time.Millisecond
			break
		}
	}
	for _, f := range failed {
		res.GaveUp += f
	}
	return res, nil
}

// stepTable runs the capacity step for sts, reps interleaved repeats, and
// returns a Markdown table of medians.
func stepTable(sts []strategy, s schedule, reps int) (string, error) {
	runs := make([][]stepResult, len(sts))
	for rep := range reps {
		for i, st := range sts {
			r, err := runStep(st, s, 50, 2000, 500)
			if err != nil {
				return "", err
			}
			runs[i] = append(runs[i], r)
			fmt.Printf("  step run %d  %-56s low %5.2f att/ok  back after %v  gave up %d\n", rep+1, st.Name, r.LowAPS, r.Recovery, r.GaveUp)
		}
	}
	var b strings.Builder
	b.WriteString("| strategy | attempts per success, low phase | back to 90% of C after | gave up |\n| --- | ---: | ---: | ---: |\n")
	for i, st := range sts {
		aps := make([]float64, 0, reps)
		rec := make([]time.Duration, 0, reps)
		gave := make([]int, 0, reps)
		for _, r := range runs[i] {
			aps, rec, gave = append(aps, r.LowAPS), append(rec, r.Recovery), append(gave, r.GaveUp)
		}
		slices.Sort(aps)
		slices.Sort(rec)
		slices.Sort(gave)
		back := rec[len(rec)/2].String()
		if rec[len(rec)/2] < 0 {
			back = "not within 2 s"
		}
		fmt.Fprintf(&b, "| %s | %.2f | %s | %d |\n", st.Name, aps[len(aps)/2], back, gave[len(gave)/2])
	}
	return b.String(), nil
}
