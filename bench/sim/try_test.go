package sim

import (
	"testing"
	"time"
)

func TestTry(t *testing.T) {
	for _, st := range Strategies() {
		t0 := time.Now()
		r := Closed(st, 1, 50, 40, 2000)
		t.Logf("closed %-32s %.3fx %.3f aps gave %d p99 %v  (%v)", st.Name, float64(r.Elapsed)/float64(r.Ideal), r.APS(), r.GaveUp, r.P99, time.Since(t0))
		r = Open(st, 1, 2000, 1.5, 2*time.Second)
		t.Logf("open   %-32s goodput %.0f %.3f aps gave %d late %d", st.Name, r.Goodput, r.APS(), r.GaveUp, r.Late)
		r = Step(st, 1, 50, 2000, 500)
		t.Logf("step   %-32s lowAPS %.3f recovery %v goodput %.0f", st.Name, r.LowAPS, r.Recovery, r.Goodput)
		r = Groups(st, 1, 20, 5, 20, 2000, 0)
		t.Logf("groups %-32s %.3fx %.3f aps jain %.3f gave %d", st.Name, float64(r.Elapsed)/float64(r.Ideal), r.APS(), r.Jain, r.GaveUp)
	}
}
