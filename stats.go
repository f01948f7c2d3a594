package awsretry

import (
	"sync"
	"sync/atomic"
	"time"
)

// Stats counts what a Proxy, and every Proxy derived from it with With, has
// done since it was decorated.
type Stats struct {
	Calls    int64            // calls that reached the retry loop
	Attempts int64            // attempts made, the first ones included
	Retries  int64            // sleeps started before another attempt
	GaveUp   int64            // calls that ended in a *RetryError
	Slept    time.Duration    // the sleeps' planned lengths; an interrupted one counts what it lasted
	ByCode   map[string]int64 // retries by error code; NoCode for errors without one

	LimiterWaits  int64         // attempts that waited for the Limiter
	LimiterWaited time.Duration // the time they waited; an interrupted wait counts what it lasted
}

// NoCode is the key of Stats.ByCode for retries of errors that have no AWS
// error code, such as a connection reset retried through Retryable. Its
// parentheses and space never occur in an AWS code, so it cannot collide
// with one.
const NoCode = "(no code)"

// counters is the live, atomic form of Stats. The success path touches one
// counter: Attempts is derived.
type counters struct {
	calls, extra, unstarted, retries, gaveUp, slept atomic.Int64
	limitWaits, limitWaited                         atomic.Int64
	byCode                                          sync.Map // code → *atomic.Int64
}

// codeKey is how an error code is counted and reported: NoCode for "".
func codeKey(code string) string {
	if code == "" {
		return NoCode
	}
	return code
}

// retry counts a retry of an error with code, "" for none.
func (c *counters) retry(code string) {
	code = codeKey(code)
	c.retries.Add(1)
	n, ok := c.byCode.Load(code)
	if !ok {
		n, _ = c.byCode.LoadOrStore(code, new(atomic.Int64))
	}
	n.(*atomic.Int64).Add(1)
}

func (c *counters) snapshot() Stats {
	s := Stats{
		Calls:   c.calls.Load(),
		Retries: c.retries.Load(),
		GaveUp:  c.gaveUp.Load(),
		Slept:   time.Duration(c.slept.Load()),
		ByCode:  map[string]int64{},

		LimiterWaits:  c.limitWaits.Load(),
		LimiterWaited: time.Duration(c.limitWaited.Load()),
	}
	s.Attempts = s.Calls - c.unstarted.Load() + c.extra.Load()
	c.byCode.Range(func(k, v any) bool {
		s.ByCode[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return s
}

// Stats returns a snapshot of the counts. Counting is atomic and cheap; the
// counts are shared by every Proxy derived from this one with With.
func (p *Proxy) Stats() Stats { return p.r.stats.snapshot() }
