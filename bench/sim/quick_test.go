package sim

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestQuick prints the Limiter row's medians over seeds 1-3 of the
// scenarios in one line each; a tool for exploring the model, skipped
// unless SIM_QUICK is set (SIM_QUICK=scale adds the scale rows).
func TestQuick(t *testing.T) {
	if os.Getenv("SIM_QUICK") == "" {
		t.Skip("set SIM_QUICK to run")
	}
	idx := 1
	if os.Getenv("SIM_OLD") != "" {
		idx = 2
	}
	if j := os.Getenv("SIM_JITTER"); j != "" {
		Jitter, _ = strconv.ParseFloat(j, 64)
	}
	st := Strategies()[idx]
	med := func(f func(seed uint64) float64) float64 {
		v := []float64{f(1), f(2), f(3)}
		slices.Sort(v)
		return v[1]
	}
	var out []string
	add := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	cl := func(s uint64) Result { return Closed(st, s, 50, 40, 2000) }
	add("closed aps %.3f", med(func(s uint64) float64 { return cl(s).APS() }))
	add("open aps %.3f", med(func(s uint64) float64 { return Open(st, s, 2000, 1.5, 2*time.Second).APS() }))
	add("step low %.3f rec %v", med(func(s uint64) float64 { return Step(st, s, 50, 2000, 500).LowAPS }),
		time.Duration(med(func(s uint64) float64 { return float64(Step(st, s, 50, 2000, 500).Recovery) })))
	add("groups %.3fx aps %.3f jain %.3f", med(func(s uint64) float64 {
		r := Groups(st, s, 20, 5, 20, 2000, 0)
		return float64(r.Elapsed) / float64(r.Ideal)
	}),
		med(func(s uint64) float64 { return Groups(st, s, 20, 5, 20, 2000, 0).APS() }), med(func(s uint64) float64 { return Groups(st, s, 20, 5, 20, 2000, 0).Jain }))
	add("limnoise %.3f aps %.3f", med(func(s uint64) float64 { return LimitNoise(st, s, 50, 1000, 0.05, 10*time.Second).Goodput / 1000 }),
		med(func(s uint64) float64 { return LimitNoise(st, s, 50, 1000, 0.05, 10*time.Second).APS() }))
	if os.Getenv("SIM_QUICK") == "scale" {
		for _, n := range []int{1000, 10000} {
			r := Groups(st, 1, n, 1, 0, 2000, 5*time.Second)
			add("scale%d aps %.2f jain %.3f", n, r.APS(), r.Jain)
		}
	}
	for _, l := range out {
		t.Log(l)
	}
}
