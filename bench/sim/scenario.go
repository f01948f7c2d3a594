package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Latency is a simulated round trip, about a loopback one.
const Latency = time.Millisecond

// Result is what one run measured. Figures that a scenario does not
// measure are zero.
type Result struct {
	Elapsed   time.Duration // to the last call's end
	Ideal     time.Duration // the least time the capacity allows for the work
	Attempts  int           // requests the server saw
	Successes int           // requests it admitted
	Calls     int
	GaveUp    int // calls that returned an error
	P50, P99  time.Duration
	Goodput   float64 // successes a second, over the scenario's span
	LowAPS    float64 // scenario 3: attempts per success while C is low
	Recovery  time.Duration
	Jain      float64 // scenarios 4 and 9: fairness of the groups' successes
	SteadyAPS float64 // scenarios 7 and 9: attempts per success once settled
	Late      int     // scenario 2: calls that ended after their deadline
	Bins      []Bin   // scenario 3: 100 ms bins
}

// Bin is one 100 ms bin of scenario 3.
type Bin struct{ Attempts, Successes int }

// APS is attempts per success.
func (r Result) APS() float64 { return float64(r.Attempts) / float64(max(r.Successes, 1)) }

// call is one call as its worker saw it.
type call struct {
	group      int
	start, end time.Duration
	err        error
}

// run is one run's recorder.
type run struct {
	env
	calls []call
}

func newRun(st Strategy, seed uint64, capacity float64) *run {
	s := New()
	r := &run{env: env{s: s, srv: NewServer(s, Latency, rand.New(rand.NewPCG(seed, 0x7015e))), rng: rand.New(rand.NewPCG(seed, 0x5eed)), sch: DefaultSchedule}}
	if st.pace != nil {
		r.pace = st.pace(s, capacity)
	}
	return r
}

// do makes one call with op and records it.
func (r *run) do(g int, op opFunc, ctx contextMaker) {
	start := r.s.Since()
	_, err := op(ctx(), &Input{})
	r.calls = append(r.calls, call{group: g, start: start, end: r.s.Since(), err: err})
}

type contextMaker func() contextT

// loop starts w closed-loop workers of group g, each calling op until
// span.
func (r *run) loop(w, g int, op opFunc, span time.Duration) {
	for range w {
		r.s.Go(func() {
			for r.s.Since() < span {
				r.do(g, op, background)
			}
		})
	}
}

func (r *run) finish(res *Result) {
	lat := make([]time.Duration, 0, len(r.calls))
	for _, c := range r.calls {
		lat = append(lat, c.end-c.start)
		res.Elapsed = max(res.Elapsed, c.end)
		if c.err != nil {
			res.GaveUp++
		}
	}
	res.Calls = len(r.calls)
	res.P50, res.P99 = quantile(lat, 0.5), quantile(lat, 0.99)
	for _, q := range r.srv.Log {
		res.Attempts++
		if q.OK {
			res.Successes++
		}
	}
}

// Closed is scenario 1: W workers × M calls, all at once, C a second.
func Closed(st Strategy, seed uint64, w, m int, capacity float64) Result {
	r := newRun(st, seed, capacity)
	r.srv.SetRate("DescribeInstances", capacity)
	g := r.newGroup(st)
	for range w {
		r.s.Go(func() {
			for range m {
				r.do(0, g.describe, background)
			}
		})
	}
	r.s.Run()
	res := Result{Ideal: seconds(float64(w*m) / capacity)}
	r.finish(&res)
	return res
}

// Open is scenario 2: Poisson arrivals at load × C for span, each call with
// a deadline of span.
func Open(st Strategy, seed uint64, capacity, load float64, span time.Duration) Result {
	r := newRun(st, seed, capacity)
	r.srv.SetRate("DescribeInstances", capacity)
	g := r.newGroup(st)
	arrivals := rand.New(rand.NewPCG(seed, 0xa771))
	r.s.Go(func() {
		for {
			r.s.Sleep(seconds(arrivals.ExpFloat64() / (load * capacity)))
			if r.s.Since() >= span {
				return
			}
			r.s.Go(func() { r.do(0, g.describe, func() contextT { return r.s.Context(span) }) })
		}
	})
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	res.Goodput = float64(r.admitted("DescribeInstances", 0, span)) / span.Seconds()
	for _, c := range r.calls {
		if c.end-c.start > span+Latency {
			res.Late++
		}
	}
	return res
}

// Step is scenario 3: W closed-loop workers for 5 s; C is high, low from
// 1 s, high again from 3 s.
func Step(st Strategy, seed uint64, w int, high, low float64) Result {
	const end = 5 * time.Second
	r := newRun(st, seed, high) // the oracle knows only the high capacity
	r.srv.SetRate("DescribeInstances", high)
	g := r.newGroup(st)
	r.s.Go(func() {
		r.s.Sleep(time.Second)
		r.srv.SetRate("DescribeInstances", low)
		r.s.Sleep(2 * time.Second)
		r.srv.SetRate("DescribeInstances", high)
	})
	r.loop(w, 0, g.describe, end)
	r.s.Run()
	res := Result{Ideal: end}
	r.finish(&res)
	res.Bins = make([]Bin, end/(100*time.Millisecond))
	for _, q := range r.srv.Log {
		if i := int(q.At / (100 * time.Millisecond)); i < len(res.Bins) {
			res.Bins[i].Attempts++
			if q.OK {
				res.Bins[i].Successes++
			}
		}
	}
	la, ls := 0, 0
	for _, b := range res.Bins[10:30] {
		la, ls = la+b.Attempts, ls+b.Successes
	}
	res.LowAPS = float64(la) / float64(max(ls, 1))
	res.Recovery = -1
	for i, b := range res.Bins[30:] {
		if float64(b.Successes) >= 0.9*high/10 {
			res.Recovery = time.Duration(i+1) * 100 * time.Millisecond // the bin's end
			break
		}
	}
	res.Goodput = float64(r.admitted("DescribeInstances", 3*time.Second+500*time.Millisecond, 4*time.Second)) / 0.5
	return res
}

// Groups is scenario 4: n independent clients (each its own Limiter, as
// separate processes) of w workers each. With m > 0 each worker makes m
// calls, and fairness is of the groups' successes until the first group is
// done; with m == 0 the workers loop for span, and fairness is of the
// successes from 1 s to span.
func Groups(st Strategy, seed uint64, n, w, m int, capacity float64, span time.Duration) Result {
	r := newRun(st, seed, capacity)
	r.srv.SetRate("DescribeInstances", capacity)
	firstDone := time.Duration(math.MaxInt64)
	for gi := range n {
		g := r.newGroup(st)
		left := w
		for range w {
			r.s.Go(func() {
				for i := 0; m == 0 && r.s.Since() < span || m > 0 && i < m; i++ {
					r.do(gi, g.describe, background)
				}
				if left--; left == 0 {
					firstDone = min(firstDone, r.s.Since())
				}
			})
		}
	}
	r.s.Run()
	res := Result{Ideal: seconds(float64(n*w*m) / capacity)}
	r.finish(&res)
	from, to := time.Duration(0), firstDone
	if m == 0 {
		res.Ideal, from, to = span, time.Second, span
		res.Goodput = float64(r.admitted("DescribeInstances", 0, span)) / span.Seconds()
	}
	per := make([]float64, n)
	for _, c := range r.calls {
		if c.err == nil && c.end >= from && c.end < to {
			per[c.group]++
		}
	}
	res.Jain = jain(per)
	return res
}

// Scope is scenario 5: w workers on DescribeInstances, throttled at
// capacity, and w on RunInstances, never throttled, for span. P50 is
// RunInstances's.
func Scope(st Strategy, seed uint64, w int, capacity float64, span time.Duration) Result {
	r := newRun(st, seed, capacity)
	r.srv.SetRate("DescribeInstances", capacity)
	g := r.newGroup(st)
	r.loop(w, 0, g.describe, span)
	r.loop(w, 1, g.run, span)
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	var lat []time.Duration
	for _, c := range r.calls {
		if c.group == 1 {
			lat = append(lat, c.end-c.start)
		}
	}
	res.P50, res.P99 = quantile(lat, 0.5), quantile(lat, 0.99)
	return res
}

// admitted counts op's admitted requests in [from, to).
func (r *run) admitted(op string, from, to time.Duration) int {
	n := 0
	for _, q := range r.srv.Log {
		if q.OK && q.Op == op && q.At >= from && q.At < to {
			n++
		}
	}
	return n
}

// jain is Jain's fairness index: (Σx)² / (n Σx²), 1 when all are equal.
func jain(xs []float64) float64 {
	var sum, sq float64
	for _, x := range xs {
		sum += x
		sq += x * x
	}
	if sq == 0 {
		return 0
	}
	return sum * sum / (float64(len(xs)) * sq)
}

func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	i := int(q*float64(len(ds))+0.5) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
