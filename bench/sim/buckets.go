package sim

import "time"

// Bucket is one of EC2's documented API buckets: Size tokens, refilled at
// Refill a second.
type Bucket struct {
	Name         string
	Size, Refill float64
}

// EC2Buckets are the sizes EC2 documents for request-rate throttling.
var EC2Buckets = []Bucket{
	{"non-mutating", 100, 20},
	{"DescribeInstances, unfiltered", 50, 10},
	{"mutating", 50, 5},
	{"RunInstances", 5, 2},
}

// Buckets is scenario 7: w closed-loop workers for span against one
// bucket. Goodput and SteadyAPS are over [settle, span): after the burst
// and the first throttles.
func Buckets(st Strategy, seed uint64, b Bucket, w int, span, settle time.Duration) Result {
	r := newRun(st, seed, b.Refill)
	r.srv.SetBucket("DescribeInstances", b.Refill, b.Size)
	r.loop(w, 0, r.newGroup(st).describe, span)
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	a, s := r.between(settle, span)
	res.Goodput = float64(s) / (span - settle).Seconds()
	res.SteadyAPS = float64(a) / float64(max(s, 1))
	return res
}

// between counts the requests and successes the server saw in [from, to).
func (r *run) between(from, to time.Duration) (attempts, successes int) {
	for _, q := range r.srv.Log {
		if q.At >= from && q.At < to {
			attempts++
			if q.OK {
				successes++
			}
		}
	}
	return attempts, successes
}
