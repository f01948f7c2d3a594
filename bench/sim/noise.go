package sim

import (
	"math/rand/v2"
	"time"
)

// Noise is scenario 6 with one scope: w closed-loop workers on
// DescribeInstances for span, a share p of requests throttled at random
// and no rate limit. Goodput is successes a second over the span.
func Noise(st Strategy, seed uint64, w int, p float64, span time.Duration) Result {
	r := newRun(st, seed, 0)
	r.srv.SetNoise("DescribeInstances", p)
	r.loop(w, 0, r.newGroup(st).describe, span)
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	res.Goodput = float64(r.admitted("DescribeInstances", 0, span)) / span.Seconds()
	return res
}

// soakOp is one operation of the soak's mix: its weight among its
// service's calls and its round trip (moto's EC2 is far slower than
// dynalite's DynamoDB).
type soakOp struct {
	name    string
	ec2     bool
	weight  int
	latency time.Duration
}

var soakMix = []soakOp{
	{"PutItem", false, 55, 3 * time.Millisecond},
	{"UpdateItem", false, 35, 3 * time.Millisecond},
	{"GetItem", false, 20, 2 * time.Millisecond},
	{"RunInstances", true, 10, 120 * time.Millisecond},
	{"CreateTags", true, 50, 40 * time.Millisecond},
	{"DescribeInstances", true, 40, 90 * time.Millisecond},
}

// Coupled is scenario 6 with the soak's shape: w workers over the six
// operations of soakMix (round trips of moto's EC2 and dynalite's
// DynamoDB), one worker in ten on the EC2 ones, a share p of every
// operation's requests throttled at random and no rate limit, with the
// soak's other faults when faults (3.5% 5xx, 0.5% hangs of 2 s); the
// soak's schedule (8 tries, 20ms ×2 up to 500ms) and a 5 s deadline a
// call; one group, so one Limiter for every operation (a scope each).
// Goodput is successful calls a second over the span.
func Coupled(st Strategy, seed uint64, w int, p float64, faults bool, span time.Duration) Result {
	r := newRun(st, seed, 0)
	r.sch = SoakSchedule
	for _, o := range soakMix {
		r.srv.SetNoise(o.name, p)
		r.srv.SetLatency(o.name, o.latency)
		if faults {
			r.srv.SetFaults(o.name, 0.035, 0.005)
		}
	}
	g := r.newGroup(st)
	for i := range w {
		ec2 := i%10 == 0
		pick := rand.New(rand.NewPCG(seed, uint64(i)))
		r.s.Go(func() {
			for r.s.Since() < span {
				op := pickOp(pick, ec2)
				r.do(0, g.op(op), func() contextT { return r.s.Context(5 * time.Second) })
			}
		})
	}
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	ok := 0
	for _, c := range r.calls {
		if c.err == nil && c.end < span {
			ok++
		}
	}
	res.Goodput = float64(ok) / span.Seconds()
	return res
}

// pickOp draws an operation of one service by weight.
func pickOp(rnd *rand.Rand, ec2 bool) string {
	total := 0
	for _, o := range soakMix {
		if o.ec2 == ec2 {
			total += o.weight
		}
	}
	n := rnd.IntN(total)
	for _, o := range soakMix {
		if o.ec2 != ec2 {
			continue
		}
		if n < o.weight {
			return o.name
		}
		n -= o.weight
	}
	panic("unreachable")
}

// LimitNoise is scenario 8: w closed-loop workers for span against a rate
// limit of capacity (a bucket of capacity/20) with a share p of requests
// throttled at random on top. Goodput is over [1 s, span).
func LimitNoise(st Strategy, seed uint64, w int, capacity, p float64, span time.Duration) Result {
	r := newRun(st, seed, capacity)
	r.srv.SetRate("DescribeInstances", capacity)
	r.srv.SetNoise("DescribeInstances", p)
	r.loop(w, 0, r.newGroup(st).describe, span)
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	res.Goodput = float64(r.admitted("DescribeInstances", time.Second, span)) / (span - time.Second).Seconds()
	return res
}
