package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// loopServer is the server of a closed-loop scenario: rate requests a
// second through a bucket of burst (rate 0: no limit), and a share noise
// throttled at random whatever the rate.
type loopServer struct {
	Rate, Burst, Noise float64
}

// loopResult is what one run of a closed-loop scenario measured.
type loopResult struct {
	Goodput float64 // the server's successes a second in [settle, span)
	APS     float64 // its requests over its successes in [settle, span)
	AllAPS  float64 // the same over the whole run
	Jain    float64 // of the groups' successful calls that ended in [settle, span)
	GaveUp  int
}

// runLoop runs groups × workers closed-loop workers for span against a
// fresh server; each group starts st on its own (its own Limiter or
// retryer, as separate processes would have), and the oracle paces each
// group at its share of the rate. Each call has a 10 s deadline.
func runLoop(st strategy, s schedule, groups, workers int, sv loopServer, span, settle time.Duration) (res loopResult, err error) {
	burst := sv.Burst
	if burst == 0 {
		burst = max(1, sv.Rate/20)
	}
	srv, err := startServer(sv.Rate, burst)
	if err != nil {
		return res, err
	}
	defer func() { err = errors.Join(err, srv.stop()) }()
	srv.bucket.noise = sv.Noise
	s.Capacity = sv.Rate / float64(groups)
	calls := make([][]callFunc, groups)
	for g := range groups {
		var closeIdle func()
		calls[g], closeIdle, err = newCalls(st, s, srv.URL, workers)
		defer closeIdle()
		if err != nil {
			return res, err
		}
	}
	var (
		mu     sync.Mutex
		ok     = make([]float64, groups) // successful calls that ended in [settle, span)
		gaveUp int
		wg     sync.WaitGroup
	)
	srv.bins = &bins{start: time.Now()}
	end := srv.bins.start.Add(span)
	for g := range groups {
		for i := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					err := calls[g][i](ctx)
					cancel()
					at := time.Since(srv.bins.start)
					mu.Lock()
					switch {
					case err != nil:
						gaveUp++
					case at >= settle && at < span:
						ok[g]++
					}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	b := srv.bins
	b.mu.Lock()
	defer b.mu.Unlock()
	var att, succ, allAtt, allSucc int
	for i := range b.att {
		allAtt, allSucc = allAtt+b.att[i], allSucc+b.succ[i]
		if t := time.Duration(i) * 100 * time.Millisecond; t >= settle && t < span {
			att, succ = att+b.att[i], succ+b.succ[i]
		}
	}
	res.Goodput = float64(succ) / (span - settle).Seconds()
	res.APS = float64(att) / float64(max(succ, 1))
	res.AllAPS = float64(allAtt) / float64(max(allSucc, 1))
	res.GaveUp = gaveUp
	var sum, sq float64
	for _, x := range ok {
		sum, sq = sum+x, sq+x*x
	}
	if sq > 0 {
		res.Jain = sum * sum / (float64(groups) * sq)
	}
	return res, nil
}

// loopCase is one scenario of loopTables: its name, size and server.
type loopCase struct {
	name            string
	groups, workers int
	server          loopServer
	span, settle    time.Duration
}

// loopTables runs scenarios 6 to 10 on loopback for sts, reps interleaved
// repeats each, and returns their Markdown tables of medians.
func loopTables(sts []strategy, s schedule, reps int) (string, error) {
	var b strings.Builder
	med := medianOf[loopResult]
	table := func(title string, cases []loopCase, header string, row func(c loopCase, st strategy, rs []loopResult, base float64) string) error {
		fmt.Fprintf(&b, "\n%s\n\n%s", title, header)
		for _, c := range cases {
			runs, err := repeatRuns(sts, reps, c.name, func(st strategy) (loopResult, error) {
				if c.server.Rate == 0 && st.Name == oracleName {
					return loopResult{}, nil // no capacity to pace at
				}
				return runLoop(st, s, c.groups, c.workers, c.server, c.span, c.settle)
			}, func(r loopResult) string {
				return fmt.Sprintf("goodput %.1f/s  %5.2f att/ok (all %5.2f)  Jain %.3f  gave up %d", r.Goodput, r.APS, r.AllAPS, r.Jain, r.GaveUp)
			})
			if err != nil {
				return err
			}
			base := med(runs[0], func(r loopResult) float64 { return r.Goodput })
			for i, st := range sts {
				if c.server.Rate == 0 && st.Name == oracleName {
					continue
				}
				b.WriteString(row(c, st, runs[i], base))
			}
		}
		return nil
	}
	goodput := func(rs []loopResult) float64 { return med(rs, func(r loopResult) float64 { return r.Goodput }) }
	aps := func(rs []loopResult) float64 { return med(rs, func(r loopResult) float64 { return r.APS }) }
	allAPS := func(rs []loopResult) float64 { return med(rs, func(r loopResult) float64 { return r.AllAPS }) }
	jain := func(rs []loopResult) float64 { return med(rs, func(r loopResult) float64 { return r.Jain }) }
	gave := func(rs []loopResult) int {
		return int(med(rs, func(r loopResult) float64 { return float64(r.GaveUp) }))
	}

	err := table("**6. Random throttles, no rate limit**, one scope: 50 workers for 5 s, 10% of requests throttled at random. (The coupled case is the soak: docs/RELIABILITY.md.) Goal: goodput ≥ 0.95 × without a Limiter.",
		[]loopCase{{"noise", 1, 50, loopServer{Noise: 0.1}, 5 * time.Second, 0}},
		"| strategy | goodput (successes a second) | / the first row | attempts per success | gave up |\n| --- | ---: | ---: | ---: | ---: |\n",
		func(c loopCase, st strategy, rs []loopResult, base float64) string {
			return fmt.Sprintf("| %s | %.0f | %.3f | %.2f | %d |\n", st.Name, goodput(rs), goodput(rs)/base, aps(rs), gave(rs))
		})
	if err != nil {
		return "", err
	}
	var buckets []loopCase
	for _, bk := range []struct {
		name         string
		size, refill float64
	}{{"non-mutating", 100, 20}, {"DescribeInstances, unfiltered", 50, 10}, {"mutating", 50, 5}, {"RunInstances", 5, 2}} {
		buckets = append(buckets, loopCase{fmt.Sprintf("%s (%g at %g/s)", bk.name, bk.size, bk.refill), 1, 50, loopServer{Rate: bk.refill, Burst: bk.size}, 20 * time.Second, 5 * time.Second})
	}
	err = table("**7. EC2's buckets**, 50 workers for 20 s (in virtual time: 60 s); goodput and attempts per success from 5 s on, the whole run beside. Goal: goodput ≥ 0.95 × refill after the burst, ≤ 1.20 attempts per success.",
		buckets, "| bucket | strategy | goodput / refill | attempts per success, 5–20 s | whole run | gave up |\n| --- | --- | ---: | ---: | ---: | ---: |\n",
		func(c loopCase, st strategy, rs []loopResult, _ float64) string {
			return fmt.Sprintf("| %s | %s | %.3f | %.2f | %.2f | %d |\n", c.name, st.Name, goodput(rs)/c.server.Rate, aps(rs), allAPS(rs), gave(rs))
		})
	if err != nil {
		return "", err
	}
	err = table("**8. A rate limit plus noise**, C=1,000/s (bucket 50) and 5% throttled at random on top, 50 workers for 5 s; from 1 s on. Goal: goodput ≥ 0.90 × C, ≤ 1.25 attempts per success.",
		[]loopCase{{"limit+noise", 1, 50, loopServer{Rate: 1000, Noise: 0.05}, 5 * time.Second, time.Second}},
		"| strategy | goodput / C | attempts per success | gave up |\n| --- | ---: | ---: | ---: |\n",
		func(c loopCase, st strategy, rs []loopResult, _ float64) string {
			return fmt.Sprintf("| %s | %.3f | %.2f | %d |\n", st.Name, goodput(rs)/c.server.Rate, aps(rs), gave(rs))
		})
	if err != nil {
		return "", err
	}
	err = table("**9. A fleet and 10. many clients**: each client its own strategy state (as separate processes would have), one worker each, one bucket of 100 at C; Jain's index of the clients' successful calls and attempts per success after settling. Fleet: 200 clients, C=2,000/s, 20 s, from 5 s on (in virtual time: 60 s, from 20 s). Scale: 1,000 clients, C=2,000/s, 5 s, from 1 s on (10,000 real clients do not fit 2 cores). Goals: fleet ≤ 1.5 attempts per success and Jain ≥ 0.90; scale halfway from v0.1.0 to the oracle.",
		[]loopCase{
			{"fleet 200 × 1", 200, 1, loopServer{Rate: 2000, Burst: 100}, 20 * time.Second, 5 * time.Second},
			{"scale 1000 × 1", 1000, 1, loopServer{Rate: 2000, Burst: 100}, 5 * time.Second, time.Second},
		},
		"| clients | strategy | goodput / C | attempts per success | whole run | Jain's index | gave up |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n",
		func(c loopCase, st strategy, rs []loopResult, _ float64) string {
			return fmt.Sprintf("| %s | %s | %.3f | %.2f | %.2f | %.3f | %d |\n", c.name, st.Name, goodput(rs)/c.server.Rate, aps(rs), allAPS(rs), jain(rs), gave(rs))
		})
	if err != nil {
		return "", err
	}
	return b.String(), nil
}
