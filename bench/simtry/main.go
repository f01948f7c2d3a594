// Command simtry prints the Limiter's scenarios in virtual time for one
// seed (-try) or the Limiter row's medians over seeds 1 to 3 (-quick): a
// tool for exploring the model between runs of make bench-sim, which
// writes the tables.
//
//	go run ./simtry -try closed,step      # closed, open, step, groups, scale, noise, coupled, buckets, limitnoise, fleet, all
//	go run ./simtry -quick -scale
package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/awsretry/awsretry/bench/sim"
)

func main() {
	sel := flag.String("try", "", "scenarios to print for seed 1, apart by commas, or all")
	rows := flag.String("rows", "", "with -try: only the strategies whose name holds this")
	faults := flag.Bool("faults", false, "with -try coupled: the soak's other faults too")
	quick := flag.Bool("quick", false, "print the Limiter row's medians over seeds 1 to 3")
	scale := flag.Bool("scale", false, "with -quick: the 1,000 and 10,000 clients too")
	old := flag.Bool("old", false, "with -quick: v0.1.0's Limiter instead")
	jitter := flag.Float64("jitter", sim.Jitter, "the round trip's jitter")
	flag.Parse()
	sim.Jitter = *jitter
	if *sel != "" {
		try(*sel, *rows, *faults)
	}
	if *quick {
		medians(*scale, *old)
	}
	if *sel == "" && !*quick {
		flag.Usage()
	}
}

func try(sel, rows string, faults bool) {
	on := func(name string) bool { return sel == "all" || strings.Contains(","+sel+",", ","+name+",") }
	for _, st := range sim.Strategies() {
		if rows != "" && !strings.Contains(rows, st.Name) {
			continue
		}
		t0 := time.Now()
		if on("closed") {
			r := sim.Closed(st, 1, 50, 40, 2000)
			fmt.Printf("closed  %-26s %.3fx %.3f aps gave %d p99 %v\n", st.Name, float64(r.Elapsed)/float64(r.Ideal), r.APS(), r.GaveUp, r.P99)
		}
		if on("open") {
			r := sim.Open(st, 1, 2000, 1.5, 2*time.Second)
			fmt.Printf("open    %-26s goodput %.0f %.3f aps gave %d late %d\n", st.Name, r.Goodput, r.APS(), r.GaveUp, r.Late)
		}
		if on("step") {
			r := sim.Step(st, 1, 50, 2000, 500)
			fmt.Printf("step    %-26s lowAPS %.3f recovery %v goodput %.0f\n", st.Name, r.LowAPS, r.Recovery, r.Goodput)
		}
		if on("groups") {
			r := sim.Groups(st, 1, 20, 5, 20, 2000, 0)
			fmt.Printf("groups  %-26s %.3fx %.3f aps jain %.3f gave %d\n", st.Name, float64(r.Elapsed)/float64(r.Ideal), r.APS(), r.Jain, r.GaveUp)
		}
		if on("scale") {
			for _, n := range []int{1000, 10000} {
				r := sim.Groups(st, 1, n, 1, 0, 2000, 5*time.Second)
				fmt.Printf("scale%-5d %-24s goodput %.3f %.3f aps jain %.3f gave %d\n", n, st.Name, r.Goodput/2000, r.APS(), r.Jain, r.GaveUp)
			}
		}
		if on("noise") {
			r := sim.Noise(st, 1, 50, 0.1, 10*time.Second)
			fmt.Printf("noise   %-26s goodput %.0f %.3f aps gave %d\n", st.Name, r.Goodput, r.APS(), r.GaveUp)
		}
		if on("coupled") {
			r := sim.Coupled(st, 1, 200, 0.1, faults, 20*time.Second)
			fmt.Printf("coupled %-26s goodput %.0f %.3f aps gave %d of %d\n", st.Name, r.Goodput, r.APS(), r.GaveUp, r.Calls)
		}
		if on("buckets") {
			for _, b := range sim.EC2Buckets {
				r := sim.Buckets(st, 1, b, 50, 60*time.Second, 10*time.Second)
				fmt.Printf("bucket  %-26s %-30s goodput/refill %.3f steady aps %.3f all aps %.3f\n", st.Name, b.Name, r.Goodput/b.Refill, r.SteadyAPS, r.APS())
			}
		}
		if on("limitnoise") {
			r := sim.LimitNoise(st, 1, 50, 1000, 0.05, 10*time.Second)
			fmt.Printf("limnoi  %-26s goodput/C %.3f %.3f aps gave %d\n", st.Name, r.Goodput/1000, r.APS(), r.GaveUp)
		}
		if on("fleet") {
			for _, b := range []sim.Bucket{{Name: "account 20/s", Size: 100, Refill: 20}, {Name: "account 2000/s", Size: 100, Refill: 2000}} {
				r := sim.Fleet(st, 1, 200, b, 60*time.Second, 20*time.Second)
				fmt.Printf("fleet   %-26s %-16s goodput/C %.3f aps %.3f steady %.3f jain %.3f\n", st.Name, b.Name, r.Goodput/b.Refill, r.APS(), r.SteadyAPS, r.Jain)
			}
		}
		fmt.Printf("        %s: %v\n", st.Name, time.Since(t0).Round(time.Millisecond))
	}
}

func medians(scale, old bool) {
	idx := 1
	if old {
		idx = 2
	}
	st := sim.Strategies()[idx]
	med := func(f func(seed uint64) float64) float64 {
		v := []float64{f(1), f(2), f(3)}
		slices.Sort(v)
		return v[1]
	}
	var out []string
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	cl := func(s uint64) sim.Result { return sim.Closed(st, s, 50, 40, 2000) }
	add("closed aps %.3f", med(func(s uint64) float64 { return cl(s).APS() }))
	add("open aps %.3f", med(func(s uint64) float64 { return sim.Open(st, s, 2000, 1.5, 2*time.Second).APS() }))
	add("step low %.3f rec %v", med(func(s uint64) float64 { return sim.Step(st, s, 50, 2000, 500).LowAPS }),
		time.Duration(med(func(s uint64) float64 { return float64(sim.Step(st, s, 50, 2000, 500).Recovery) })))
	add("groups %.3fx aps %.3f jain %.3f", med(func(s uint64) float64 {
		r := sim.Groups(st, s, 20, 5, 20, 2000, 0)
		return float64(r.Elapsed) / float64(r.Ideal)
	}),
		med(func(s uint64) float64 { return sim.Groups(st, s, 20, 5, 20, 2000, 0).APS() }), med(func(s uint64) float64 { return sim.Groups(st, s, 20, 5, 20, 2000, 0).Jain }))
	add("limnoise %.3f aps %.3f", med(func(s uint64) float64 { return sim.LimitNoise(st, s, 50, 1000, 0.05, 10*time.Second).Goodput / 1000 }),
		med(func(s uint64) float64 { return sim.LimitNoise(st, s, 50, 1000, 0.05, 10*time.Second).APS() }))
	if scale {
		for _, n := range []int{1000, 10000} {
			r := sim.Groups(st, 1, n, 1, 0, 2000, 5*time.Second)
			add("scale%d aps %.2f jain %.3f", n, r.APS(), r.Jain)
		}
	}
	for _, l := range out {
		fmt.Println(l)
	}
}
