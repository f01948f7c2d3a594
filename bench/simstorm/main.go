// Command simstorm runs the Limiter's scenarios in virtual time (package
// sim): the library's real retry loop and real Limiter, v0.1.0's Limiter
// (bench/v010), no Limiter and an oracle, against a simulated server, three
// seeds each, and prints the medians as Markdown. With -out it also writes
// docs/sim.md and docs/step.png.
//
//	cd bench && go run ./simstorm -out ../docs
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/awsretry/awsretry/bench/sim"
)

func main() {
	seed := flag.Uint64("seed", 1, "first seed; the runs use seed, seed+1, seed+2")
	out := flag.String("out", "", "directory to write sim.md and step.png into (empty: print only)")
	scale := flag.Bool("scale", true, "also run scenario 10: 1,000 and 10,000 clients (minutes)")
	flag.Parse()
	t0 := time.Now()
	seeds := []uint64{*seed, *seed + 1, *seed + 2}
	tb := &tables{seeds: seeds, sts: sim.Strategies()}
	fmt.Fprintf(&tb.b, "Virtual time, seeds %d, %d, %d; medians. Round trip %v ±20%%; backoff %v × %g up to %v, %d tries, FullJitter drawn from the seed (scenario 6's coupled case: the soak's 20 ms × 2 up to 500 ms, 8 tries). "+
		"Rows: no Limiter, the Limiter, v0.1.0's Limiter (bench/v010), and an oracle that paces at the true capacity with x/time/rate.\n\n",
		seeds[0], seeds[1], seeds[2], sim.Latency, sim.DefaultSchedule.Delay, sim.DefaultSchedule.Backoff, sim.DefaultSchedule.MaxDelay, sim.DefaultSchedule.Tries)
	steps := tb.scenarios1to5()
	tb.scenarios6to9()
	if *scale {
		tb.scenario10()
	}
	fmt.Fprintf(&tb.b, "\n(%s to run, %d cores.)\n", time.Since(t0).Round(time.Second), runtime.NumCPU())
	fmt.Print(tb.b.String())
	if *out == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*out, "sim.md"), []byte(tb.b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := splice(filepath.Join(*out, "BENCHMARKS.md"), tb.b.String()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	names := make([]string, 0, len(tb.sts))
	for _, st := range tb.sts {
		names = append(names, st.Name)
	}
	if err := drawStep(filepath.Join(*out, "step.png"), names, steps, seeds[0]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Markers around the copy of sim.md in BENCHMARKS.md.
const (
	simBegin = "<!-- sim:begin: written by `make bench-sim`, do not edit by hand -->"
	simEnd   = "<!-- sim:end -->"
)

// splice puts tables between the markers of the file at path, which must
// be there.
func splice(path, tables string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(old)
	i, j := strings.Index(doc, simBegin), strings.Index(doc, simEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %q … %q markers to write between", path, simBegin, simEnd)
	}
	return os.WriteFile(path, []byte(doc[:i]+simBegin+"\n\n"+tables+"\n"+doc[j:]), 0o644)
}

// tables writes the scenarios' tables into b.
type tables struct {
	b     strings.Builder
	seeds []uint64
	sts   []sim.Strategy
}

// runs runs f for every seed, in parallel (each run is its own simulation),
// and returns the results in seed order.
func (tb *tables) runs(st sim.Strategy, f func(st sim.Strategy, seed uint64) sim.Result) []sim.Result {
	rs := make([]sim.Result, len(tb.seeds))
	var wg sync.WaitGroup
	for i, s := range tb.seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs[i] = f(st, s)
		}()
	}
	wg.Wait()
	return rs
}

// head writes a scenario's heading and its table's header.
func (tb *tables) head(title string, columns ...string) {
	fmt.Fprintf(&tb.b, "\n%s\n\n| %s |\n|%s\n", title, strings.Join(columns, " | "), strings.Repeat("---|", len(columns)))
}

func (tb *tables) scenarios1to5() map[string][]sim.Bin {
	tb.head("**1. Closed storm**, W=50 × M=40, C=2000/s. Goal: ≤ 1.05× ideal, ≤ 1.10 attempts per success, 0 give-ups; no worse than v0.1.0.",
		"strategy", "time / ideal", "attempts per success", "gave up", "p50", "p99")
	for _, st := range tb.sts {
		rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result { return sim.Closed(st, s, 50, 40, 2000) })
		tb.row(st.Name, "%.3f× | %.3f | %d | %v | %v", median(rs, timeRatio), median(rs, aps), int(median(rs, gaveUp)), ms(median(rs, p50)), ms(median(rs, p99)))
	}

	tb.head("**2. Open loop**, Poisson arrivals at 1.5 × C for 2 s, C=2000/s, each call with a 2 s deadline. Goal: goodput ≥ 0.95 C, ≤ 1.15 attempts per success, every call done by its deadline.",
		"strategy", "goodput / C", "attempts per success", "calls", "gave up", "late")
	for _, st := range tb.sts {
		rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result { return sim.Open(st, s, 2000, 1.5, 2*time.Second) })
		tb.row(st.Name, "%.3f | %.3f | %d | %d | %d", median(rs, goodputOf(2000)), median(rs, aps), int(median(rs, calls)), int(median(rs, gaveUp)), int(median(rs, late)))
	}

	tb.head("**3. Capacity step**, C 2000 → 500 at 1 s → 2000 at 3 s, W=50 closed-loop workers for 5 s. Goal: ≤ 1.2 attempts per success while low, goodput ≥ 90% of C within 0.5 s of the restore.",
		"strategy", "attempts per success, low phase", "back to 90% of C after", "goodput 3.5–4 s / C")
	steps := map[string][]sim.Bin{}
	for _, st := range tb.sts {
		rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result { return sim.Step(st, s, 50, 2000, 500) })
		tb.row(st.Name, "%.3f | %v | %.3f", median(rs, func(r sim.Result) float64 { return r.LowAPS }),
			ms(median(rs, func(r sim.Result) float64 { return float64(r.Recovery) })), median(rs, goodputOf(2000)))
		steps[st.Name] = rs[0].Bins
	}

	tb.head("**4. Independent clients**, 20 × 5: each client its own Limiter (as separate processes would have), 20 calls a worker, one server at C=2000/s. Goal: ≤ 1.2 attempts per success, Jain's index ≥ 0.95, ≤ 1.15× ideal; no worse than v0.1.0.",
		"strategy", "time / ideal", "attempts per success", "Jain's index", "gave up")
	for _, st := range tb.sts {
		rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result { return sim.Groups(st, s, 20, 5, 20, 2000, 0) })
		tb.row(st.Name, "%.3f× | %.3f | %.3f | %d", median(rs, timeRatio), median(rs, aps), median(rs, jain), int(median(rs, gaveUp)))
	}

	tb.head("**5. Scope**, 25 workers on DescribeInstances (its own bucket, 500/s) and 25 on RunInstances (never throttled), 2 s. Goal: RunInstances's p50 with the default Scope within 1.1× of its p50 without a Limiter.",
		"Limiter", "RunInstances p50", "p99")
	for _, st := range sim.ScopeStrategies() {
		rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result { return sim.Scope(st, s, 25, 500, 2*time.Second) })
		tb.row(st.Name, "%v | %v", ms(median(rs, p50)), ms(median(rs, p99)))
	}
	return steps
}

func (tb *tables) scenarios6to9() {
	tb.head("**6. Random throttles, no rate limit**: 10% of requests throttled whatever the rate. One scope: 50 closed-loop workers on one operation for 10 s. Coupled scopes, the soak's shape: 200 workers over six operations (round trips of moto's EC2, 40–120 ms, and dynalite's DynamoDB, 2–3 ms; one worker in ten on EC2), each call with a 5 s deadline, 20 s, with the soak's other faults (3.5% 5xx, 0.5% hangs of 2 s) and without. Goal: goodput ≥ 0.95 × the goodput without a Limiter.",
		"case", "strategy", "goodput (successful calls a second)", "/ no Limiter", "attempts per success", "gave up")
	cases := []struct {
		name string
		f    func(st sim.Strategy, s uint64) sim.Result
	}{
		{"one scope", func(st sim.Strategy, s uint64) sim.Result { return sim.Noise(st, s, 50, 0.1, 10*time.Second) }},
		{"coupled, with faults", func(st sim.Strategy, s uint64) sim.Result { return sim.Coupled(st, s, 200, 0.1, true, 20*time.Second) }},
		{"coupled, throttles only", func(st sim.Strategy, s uint64) sim.Result {
			return sim.Coupled(st, s, 200, 0.1, false, 20*time.Second)
		}},
	}
	for _, c := range cases {
		var base float64
		for _, st := range tb.sts {
			if st.Name == sim.Oracle {
				continue // no capacity to pace at
			}
			rs := tb.runs(st, c.f)
			g := median(rs, func(r sim.Result) float64 { return r.Goodput })
			if st.Name == sim.NoLimiter {
				base = g
			}
			fmt.Fprintf(&tb.b, "| %s | %s | %.0f | %.3f | %.3f | %d |\n", c.name, st.Name, g, g/base, median(rs, aps), int(median(rs, gaveUp)))
		}
	}

	tb.head("**7. EC2's buckets**: each of the four documented (size, refill) pairs, 50 closed-loop workers for 60 s. Goodput and steady attempts per success from 10 s to 60 s (after the burst and the first descent); the whole run beside. Goal: goodput ≥ 0.95 × refill after the burst, ≤ 1.20 attempts per success.",
		"bucket", "strategy", "goodput / refill", "attempts per success, 10–60 s", "whole run")
	for _, bk := range sim.EC2Buckets {
		for _, st := range tb.sts {
			rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result {
				return sim.Buckets(st, s, bk, 50, 60*time.Second, 10*time.Second)
			})
			fmt.Fprintf(&tb.b, "| %s (%g at %g/s) | %s | %.3f | %.3f | %.3f |\n", bk.Name, bk.Size, bk.Refill, st.Name,
				median(rs, goodputOf(bk.Refill)), median(rs, steady), median(rs, aps))
		}
	}

	tb.head("**8. A rate limit plus noise**: C=1,000/s (bucket 50) and 5% of requests throttled at random on top, 50 closed-loop workers for 10 s; goodput from 1 s. Goal: goodput ≥ 0.90 × C, ≤ 1.25 attempts per success.",
		"strategy", "goodput / C", "attempts per success")
	for _, st := range tb.sts {
		rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result {
			return sim.LimitNoise(st, s, 50, 1000, 0.05, 10*time.Second)
		})
		tb.row(st.Name, "%.3f | %.3f", median(rs, goodputOf(1000)), median(rs, aps))
	}

	tb.head("**9. A fleet**: 200 processes of one worker each, each its own Limiter, one account-wide bucket, 60 s. Jain's index and attempts per success of the 20th second on. Goal: ≤ 1.5 attempts per success, Jain's index ≥ 0.90 from the 20th second on.",
		"bucket", "strategy", "goodput / C, 20–60 s", "attempts per success, 20–60 s", "whole run", "Jain's index, 20–60 s")
	for _, bk := range []sim.Bucket{{Name: "200/s", Size: 100, Refill: 200}, {Name: "2,000/s", Size: 100, Refill: 2000}} {
		for _, st := range tb.sts {
			rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result {
				return sim.Fleet(st, s, 200, bk, 60*time.Second, 20*time.Second)
			})
			fmt.Fprintf(&tb.b, "| %s (bucket %g) | %s | %.3f | %.3f | %.3f | %.3f |\n", bk.Name, bk.Size, st.Name,
				median(rs, goodputOf(bk.Refill)), median(rs, steady), median(rs, aps), median(rs, jain))
		}
	}
}

func (tb *tables) scenario10() {
	tb.head("**10. Independent clients at scale**, scenario 4's 1,000 and 10,000 clients of one worker, 5 s, C=2000/s. Jain's index is of each client's successes from 1 s to 5 s: 8 a client at 1,000 clients, 0.8 at 10,000, so even the oracle's even pacing cannot be fair in whole successes there (0.80). Goal: attempts per success and Jain's index at least halfway from v0.1.0's to the oracle's.",
		"clients", "strategy", "goodput / C", "attempts per success", "Jain's index", "gave up")
	for _, n := range []int{1000, 10000} {
		for _, st := range tb.sts {
			rs := tb.runs(st, func(st sim.Strategy, s uint64) sim.Result { return sim.Groups(st, s, n, 1, 0, 2000, 5*time.Second) })
			fmt.Fprintf(&tb.b, "| %d | %s | %.3f | %.3f | %.3f | %d |\n", n, st.Name, median(rs, goodputOf(2000)), median(rs, aps), median(rs, jain), int(median(rs, gaveUp)))
		}
	}
}

// row writes one row: the strategy's name, then the figures.
func (tb *tables) row(name, format string, a ...any) {
	fmt.Fprintf(&tb.b, "| %s | "+format+" |\n", append([]any{name}, a...)...)
}

func timeRatio(r sim.Result) float64 { return float64(r.Elapsed) / float64(r.Ideal) }
func aps(r sim.Result) float64       { return r.APS() }
func steady(r sim.Result) float64    { return r.SteadyAPS }
func gaveUp(r sim.Result) float64    { return float64(r.GaveUp) }
func jain(r sim.Result) float64      { return r.Jain }
func calls(r sim.Result) float64     { return float64(r.Calls) }
func late(r sim.Result) float64      { return float64(r.Late) }
func p50(r sim.Result) float64       { return float64(r.P50) }
func p99(r sim.Result) float64       { return float64(r.P99) }

func goodputOf(c float64) func(sim.Result) float64 {
	return func(r sim.Result) float64 { return r.Goodput / c }
}

// median of f over rs.
func median(rs []sim.Result, f func(sim.Result) float64) float64 {
	vs := make([]float64, len(rs))
	for i, r := range rs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

func ms(ns float64) time.Duration { return time.Duration(ns).Round(100 * time.Microsecond) }
