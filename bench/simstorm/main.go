// Command simstorm runs the Limiter's scenarios in virtual time (package
// sim): the library's real retry loop and real Limiter against a simulated
// token-bucket server, three seeds each, and prints the medians as Markdown.
// With -out it also writes docs/sim.md and docs/step.png.
//
//	cd bench && go run ./simstorm -out ../docs
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/awsretry/awsretry/bench/sim"
)

func main() {
	seed := flag.Uint64("seed", 1, "first seed; the runs use seed, seed+1, seed+2")
	out := flag.String("out", "", "directory to write sim.md and step.png into (empty: print only)")
	scale := flag.Bool("scale", true, "also run scenario 4 with 1,000 and 10,000 clients (about a minute)")
	flag.Parse()
	seeds := []uint64{*seed, *seed + 1, *seed + 2}
	var b strings.Builder
	fmt.Fprintf(&b, "Virtual time, seeds %d, %d, %d; medians. Round trip %v; backoff %v × %g up to %v, %d tries, FullJitter drawn from the seed.\n\n",
		seeds[0], seeds[1], seeds[2], sim.Latency, sim.DefaultSchedule.Delay, sim.DefaultSchedule.Backoff, sim.DefaultSchedule.MaxDelay, sim.DefaultSchedule.Tries)
	sts := sim.Strategies()
	med := func(f func(st sim.Strategy, seed uint64) sim.Result, st sim.Strategy) []sim.Result {
		rs := make([]sim.Result, len(seeds))
		for i, s := range seeds {
			rs[i] = f(st, s)
		}
		return rs
	}

	b.WriteString("**1. Closed storm**, W=50 × M=40, C=2000/s. Goal: ≤ 1.05× ideal, ≤ 1.10 attempts per success, 0 give-ups.\n\n")
	b.WriteString("| strategy | time / ideal | attempts per success | gave up | p50 | p99 |\n|---|---|---|---|---|---|\n")
	for _, st := range sts {
		rs := med(func(st sim.Strategy, s uint64) sim.Result { return sim.Closed(st, s, 50, 40, 2000) }, st)
		fmt.Fprintf(&b, "| %s | %.3f× | %.3f | %d | %v | %v |\n", st.Name, median(rs, timeRatio), median(rs, aps), int(median(rs, gaveUp)),
			ms(median(rs, func(r sim.Result) float64 { return float64(r.P50) })), ms(median(rs, func(r sim.Result) float64 { return float64(r.P99) })))
	}

	b.WriteString("\n**2. Open loop**, Poisson arrivals at 1.5 × C for 2 s, C=2000/s, each call with a 2 s deadline. Goal: goodput ≥ 0.95 C, ≤ 1.15 attempts per success, every call done by its deadline.\n\n")
	b.WriteString("| strategy | goodput / C | attempts per success | calls | gave up | late |\n|---|---|---|---|---|---|\n")
	for _, st := range sts {
		rs := med(func(st sim.Strategy, s uint64) sim.Result { return sim.Open(st, s, 2000, 1.5, 2*time.Second) }, st)
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %d | %d | %d |\n", st.Name, median(rs, func(r sim.Result) float64 { return r.Goodput / 2000 }), median(rs, aps),
			int(median(rs, func(r sim.Result) float64 { return float64(r.Calls) })), int(median(rs, gaveUp)), int(median(rs, func(r sim.Result) float64 { return float64(r.Late) })))
	}

	b.WriteString("\n**3. Capacity step**, C 2000 → 500 at 1 s → 2000 at 3 s, W=50 closed-loop workers for 5 s. Goal: ≤ 1.2 attempts per success while low, goodput ≥ 90% of C within 0.5 s of the restore.\n\n")
	b.WriteString("| strategy | attempts per success, low phase | back to 90% of C after | goodput 3.5–4 s / C |\n|---|---|---|---|\n")
	steps := map[string][]sim.Bin{}
	for _, st := range sts {
		rs := med(func(st sim.Strategy, s uint64) sim.Result { return sim.Step(st, s, 50, 2000, 500) }, st)
		fmt.Fprintf(&b, "| %s | %.3f | %v | %.3f |\n", st.Name, median(rs, func(r sim.Result) float64 { return r.LowAPS }),
			ms(median(rs, func(r sim.Result) float64 { return float64(r.Recovery) })), median(rs, func(r sim.Result) float64 { return r.Goodput / 2000 }))
		steps[st.Name] = rs[0].Bins
	}

	b.WriteString("\n**4. Independent clients**, each its own Limiter (as separate processes would have), one server at C=2000/s. Goal (20 × 5): ≤ 1.2 attempts per success, Jain's index ≥ 0.95, ≤ 1.15× ideal.\n\n")
	b.WriteString("| clients × workers | strategy | time / ideal or goodput / C | attempts per success | Jain's index | gave up |\n|---|---|---|---|---|---|\n")
	for _, st := range sts {
		rs := med(func(st sim.Strategy, s uint64) sim.Result { return sim.Groups(st, s, 20, 5, 20, 2000, 0) }, st)
		fmt.Fprintf(&b, "| 20 × 5, 20 calls each | %s | %.3f× ideal | %.3f | %.3f | %d |\n", st.Name, median(rs, timeRatio), median(rs, aps), median(rs, jain), int(median(rs, gaveUp)))
	}
	if *scale {
		for _, n := range []int{1000, 10000} {
			for _, st := range sts {
				rs := med(func(st sim.Strategy, s uint64) sim.Result { return sim.Groups(st, s, n, 1, 0, 2000, 5*time.Second) }, st)
				fmt.Fprintf(&b, "| %d × 1, 5 s | %s | %.3f of C | %.3f | %.3f | %d |\n", n, st.Name,
					median(rs, func(r sim.Result) float64 { return r.Goodput / 2000 }), median(rs, aps), median(rs, jain), int(median(rs, gaveUp)))
			}
		}
		b.WriteString("\nAt scale, Jain's index is of each client's successes from 1 s to 5 s: 8 a client at 1,000 clients, 0.8 at 10,000, so even the oracle's even pacing cannot be fair in whole successes there (0.80).\n")
	}

	b.WriteString("\n**5. Scope**, 25 workers on DescribeInstances (its own bucket, 500/s) and 25 on RunInstances (never throttled), 2 s. Goal: RunInstances's p50 with the default Scope within 1.1× of its p50 without a Limiter.\n\n")
	b.WriteString("| Limiter | RunInstances p50 | p99 |\n|---|---|---|\n")
	for _, st := range sim.ScopeStrategies() {
		rs := med(func(st sim.Strategy, s uint64) sim.Result { return sim.Scope(st, s, 25, 500, 2*time.Second) }, st)
		fmt.Fprintf(&b, "| %s | %v | %v |\n", st.Name, ms(median(rs, func(r sim.Result) float64 { return float64(r.P50) })), ms(median(rs, func(r sim.Result) float64 { return float64(r.P99) })))
	}

	fmt.Print(b.String())
	if *out == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*out, "sim.md"), []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	names := make([]string, 0, len(sts))
	for _, st := range sts {
		names = append(names, st.Name)
	}
	if err := drawStep(filepath.Join(*out, "step.png"), names, steps, seeds[0]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func timeRatio(r sim.Result) float64 { return float64(r.Elapsed) / float64(r.Ideal) }
func aps(r sim.Result) float64       { return r.APS() }
func gaveUp(r sim.Result) float64    { return float64(r.GaveUp) }
func jain(r sim.Result) float64      { return r.Jain }

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
