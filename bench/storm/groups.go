package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// groupsResult is what one run of the independent-clients scenario measured.
type groupsResult struct {
	TimeRatio, APS, Jain float64
	GaveUp               int
}

// runGroups is scenario 4 on loopback: n groups of w workers, each group
// started on its own (a fresh Limiter or retryer each, as separate
// processes would have), m calls a worker, one server at rate. Jain's index
// is of the groups' successes until the first group is done.
func runGroups(st strategy, s schedule, n, w, m int, rate float64) (res groupsResult, err error) {
	srv, err := startServer(rate, max(1, rate/20))
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, srv.stop()) }()
	s.Capacity = rate / float64(n) // the oracle knows its group's fair share
	calls := make([][]callFunc, n)
	for g := range n {
		var closeIdle func()
		calls[g], closeIdle, err = newCalls(st, s, srv.URL, w)
		defer closeIdle()
		if err != nil {
			return res, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var (
		mu        sync.Mutex
		ends      = make([][]time.Duration, n) // each group's successful calls' ends
		left      = make([]int, n)
		firstDone = time.Duration(1 << 62)
		gaveUp    int
		wg        sync.WaitGroup
	)
	t0 := time.Now()
	for g := range n {
		left[g] = w
		for i := range w {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range m {
					err := calls[g][i](ctx)
					mu.Lock()
					if err != nil {
						gaveUp++
					} else {
						ends[g] = append(ends[g], time.Since(t0))
					}
					mu.Unlock()
				}
				mu.Lock()
				if left[g]--; left[g] == 0 {
					firstDone = min(firstDone, time.Since(t0))
				}
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(t0)
	if ctx.Err() != nil {
		return res, fmt.Errorf("%s: groups run stopped after 60 s", st.Name)
	}
	var sum, sq float64
	for _, es := range ends {
		k := 0.0
		for _, e := range es {
			if e < firstDone {
				k++
			}
		}
		sum, sq = sum+k, sq+k*k
	}
	res.Jain = sum * sum / (float64(n) * sq)
	res.TimeRatio = elapsed.Seconds() / (float64(n*w*m) / rate)
	res.APS = float64(srv.requests.Load()) / float64(max(srv.successes.Load(), 1))
	res.GaveUp = gaveUp
	return res, nil
}

// groupsTable runs scenario 4 (20 groups × 5 workers × 20 calls, C 2000/s)
// for sts, reps interleaved repeats, and returns a Markdown table of medians.
func groupsTable(sts []strategy, s schedule, reps int) (string, error) {
	runs, err := repeatRuns(sts, reps, "groups", func(st strategy) (groupsResult, error) {
		return runGroups(st, s, 20, 5, 20, 2000)
	}, func(r groupsResult) string {
		return fmt.Sprintf("%5.2fx  %5.2f att/ok  Jain %.3f  gave up %d", r.TimeRatio, r.APS, r.Jain, r.GaveUp)
	})
	if err != nil {
		return "", err
	}
	med := medianOf[groupsResult]
	var b strings.Builder
	b.WriteString("| strategy, one per group | time / ideal | attempts per success | Jain's index | gave up |\n| --- | ---: | ---: | ---: | ---: |\n")
	for i, st := range sts {
		rs := runs[i]
		fmt.Fprintf(&b, "| %s | %.2f× | %.2f | %.3f | %d |\n", st.Name,
			med(rs, func(r groupsResult) float64 { return r.TimeRatio }), med(rs, func(r groupsResult) float64 { return r.APS }),
			med(rs, func(r groupsResult) float64 { return r.Jain }), int(med(rs, func(r groupsResult) float64 { return float64(r.GaveUp) })))
	}
	return b.String(), nil
}
