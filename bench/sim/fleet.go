package sim

import "time"

// Fleet is scenario 9: n processes of one worker each (each its own
// Limiter), looping for span against one account-wide bucket. Jain's index
// is of the processes' successes in [from, span); SteadyAPS is over the
// same span.
func Fleet(st Strategy, seed uint64, n int, b Bucket, span, from time.Duration) Result {
	r := newRun(st, seed, b.Refill)
	r.srv.SetBucket("DescribeInstances", b.Refill, b.Size)
	for gi := range n {
		r.loop(1, gi, r.newGroup(st).describe, span)
	}
	r.s.Run()
	res := Result{Ideal: span}
	r.finish(&res)
	per := make([]float64, n)
	for _, c := range r.calls {
		if c.err == nil && c.end >= from && c.end < span {
			per[c.group]++
		}
	}
	res.Jain = jain(per)
	a, s := r.between(from, span)
	res.SteadyAPS = float64(a) / float64(max(s, 1))
	res.Goodput = float64(s) / (span - from).Seconds()
	return res
}
