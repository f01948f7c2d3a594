package sim

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestTry prints the scenarios' figures for one seed; SIM_TRY selects them
// (comma-separated: closed, open, step, groups, scale, noise, coupled,
// buckets, limitnoise, fleet; "all"). It is a tool for exploring the model,
// skipped unless SIM_TRY is set.
func TestTry(t *testing.T) {
	sel := os.Getenv("SIM_TRY")
	if sel == "" {
		t.Skip("set SIM_TRY to run")
	}
	on := func(name string) bool { return sel == "all" || strings.Contains(","+sel+",", ","+name+",") }
	rows := os.Getenv("SIM_ROWS")
	for _, st := range Strategies() {
		if rows != "" && !strings.Contains(rows, st.Name) {
			continue
		}
		t0 := time.Now()
		if on("closed") {
			r := Closed(st, 1, 50, 40, 2000)
			t.Logf("closed  %-26s %.3fx %.3f aps gave %d p99 %v", st.Name, float64(r.Elapsed)/float64(r.Ideal), r.APS(), r.GaveUp, r.P99)
		}
		if on("open") {
			r := Open(st, 1, 2000, 1.5, 2*time.Second)
			t.Logf("open    %-26s goodput %.0f %.3f aps gave %d late %d", st.Name, r.Goodput, r.APS(), r.GaveUp, r.Late)
		}
		if on("step") {
			r := Step(st, 1, 50, 2000, 500)
			t.Logf("step    %-26s lowAPS %.3f recovery %v goodput %.0f", st.Name, r.LowAPS, r.Recovery, r.Goodput)
		}
		if on("groups") {
			r := Groups(st, 1, 20, 5, 20, 2000, 0)
			t.Logf("groups  %-26s %.3fx %.3f aps jain %.3f gave %d", st.Name, float64(r.Elapsed)/float64(r.Ideal), r.APS(), r.Jain, r.GaveUp)
		}
		if on("scale") {
			for _, n := range []int{1000, 10000} {
				r := Groups(st, 1, n, 1, 0, 2000, 5*time.Second)
				t.Logf("scale%-5d %-24s goodput %.3f %.3f aps jain %.3f gave %d", n, st.Name, r.Goodput/2000, r.APS(), r.Jain, r.GaveUp)
			}
		}
		if on("noise") {
			r := Noise(st, 1, 50, 0.1, 10*time.Second)
			t.Logf("noise   %-26s goodput %.0f %.3f aps gave %d", st.Name, r.Goodput, r.APS(), r.GaveUp)
		}
		if on("coupled") {
			r := Coupled(st, 1, 200, 0.1, os.Getenv("SIM_FAULTS") != "", 20*time.Second)
			t.Logf("coupled %-26s goodput %.0f %.3f aps gave %d of %d", st.Name, r.Goodput, r.APS(), r.GaveUp, r.Calls)
		}
		if on("buckets") {
			for _, b := range EC2Buckets {
				r := Buckets(st, 1, b, 50, 60*time.Second, 10*time.Second)
				t.Logf("bucket  %-26s %-30s goodput/refill %.3f steady aps %.3f all aps %.3f", st.Name, b.Name, r.Goodput/b.Refill, r.SteadyAPS, r.APS())
			}
		}
		if on("limitnoise") {
			r := LimitNoise(st, 1, 50, 1000, 0.05, 10*time.Second)
			t.Logf("limnoi  %-26s goodput/C %.3f %.3f aps gave %d", st.Name, r.Goodput/1000, r.APS(), r.GaveUp)
		}
		if on("fleet") {
			for _, b := range []Bucket{{"account 20/s", 100, 20}, {"account 2000/s", 100, 2000}} {
				r := Fleet(st, 1, 200, b, 60*time.Second, 20*time.Second)
				t.Logf("fleet   %-26s %-16s goodput/C %.3f aps %.3f steady %.3f jain %.3f", st.Name, b.Name, r.Goodput/b.Refill, r.APS(), r.SteadyAPS, r.Jain)
			}
		}
		t.Logf("        %s: %v", st.Name, time.Since(t0).Round(time.Millisecond))
	}
}
