package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// openResult is what one run of the open-loop scenario measured.
type openResult struct {
	Goodput, APS float64 // successes a second in the arrival span, over C
	Calls        int
	GaveUp, Late int // late: ended more than 50 ms after its deadline
}

// runOpen is scenario 2 on loopback: Poisson arrivals at load × rate for
// span, each call with a deadline of span, on clients clients in turn.
func runOpen(st strategy, s schedule, clients int, rate, load float64, span time.Duration) (res openResult, err error) {
	srv, err := startServer(rate, max(1, rate/20))
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, srv.stop()) }()
	calls, closeIdle, err := newCalls(st, s, srv.URL, clients)
	defer closeIdle()
	if err != nil {
		return res, err
	}
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	srv.bins = &bins{start: time.Now()}
	end := srv.bins.start.Add(span)
	next := srv.bins.start // arrival times are absolute, so a late wake-up catches up
	for i := 0; ; i++ {
		next = next.Add(time.Duration(rand.ExpFloat64() / (load * rate) * float64(time.Second)))
		if !next.Before(end) {
			break
		}
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), span)
			defer cancel()
			t0 := time.Now()
			err := calls[i%clients](ctx)
			late := time.Since(t0) > span+50*time.Millisecond
			mu.Lock()
			defer mu.Unlock()
			res.Calls++
			if err != nil {
				res.GaveUp++
			}
			if late {
				res.Late++
			}
		}()
	}
	wg.Wait()
	b := srv.bins
	b.mu.Lock()
	defer b.mu.Unlock()
	ok := 0
	for i := 0; i < min(len(b.succ), int(span/(100*time.Millisecond))); i++ {
		ok += b.succ[i]
	}
	res.Goodput = float64(ok) / span.Seconds() / rate
	res.APS = float64(srv.requests.Load()) / float64(max(srv.successes.Load(), 1))
	return res, nil
}

// openTable runs scenario 2 (arrivals at 1.5 × 2000/s for 2 s, 2 s
// deadlines, 50 clients) for sts, reps interleaved repeats, and returns a
// Markdown table of medians.
func openTable(sts []strategy, s schedule, reps int) (string, error) {
	runs, err := repeatRuns(sts, reps, "open", func(st strategy) (openResult, error) {
		return runOpen(st, s, 50, 2000, 1.5, 2*time.Second)
	}, func(r openResult) string {
		return fmt.Sprintf("goodput %.3f C  %5.2f att/ok  calls %d  gave up %d  late %d", r.Goodput, r.APS, r.Calls, r.GaveUp, r.Late)
	})
	if err != nil {
		return "", err
	}
	med := medianOf[openResult]
	var b strings.Builder
	b.WriteString("| strategy | goodput / C | attempts per success | calls | gave up | late |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for i, st := range sts {
		rs := runs[i]
		fmt.Fprintf(&b, "| %s | %.3f | %.2f | %d | %d | %d |\n", st.Name,
			med(rs, func(r openResult) float64 { return r.Goodput }), med(rs, func(r openResult) float64 { return r.APS }),
			int(med(rs, func(r openResult) float64 { return float64(r.Calls) })), int(med(rs, func(r openResult) float64 { return float64(r.GaveUp) })),
			int(med(rs, func(r openResult) float64 { return float64(r.Late) })))
	}
	return b.String(), nil
}
