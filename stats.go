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

	// LimiterStoreErrors counts the Limiter's operations on its Store
	// (LimiterOptions.Store) that failed for an attempt: its slot, its
	// outcome's report, or a window's close. The attempt was paced by the
	// process's own state, and went on. While the Limiter's breaker is
	// open, attempts do not ask the store, and are not counted.
	LimiterStoreErrors int64
}

// NoCode is the key of Stats.ByCode for retries of errors that have no AWS
// error code, such as a connection reset retried through Retryable. Its
// parentheses and space never occur in an AWS code, so it cannot collide
// with one.
const NoCode = "(no code)"

// counters is the live, atomic form of Stats, and the observer that keeps
// it. The success path touches one counter: Attempts is Calls plus extra,
// the attempts after each call's first, less the calls that made none.
type counters struct {
	calls, extra, retries, gaveUps, sleeps atomic.Int64
	limitWaits, limitWaited, storeErrors   atomic.Int64
	byCode                                 sync.Map // code → *atomic.Int64
}

// codeKey is how an error code is counted and reported: NoCode for "".
func codeKey(code string) string {
	if code == "" {
		return NoCode
	}
	return code
}

func (s *counters) callStarted(*call) { s.calls.Add(1) }

func (s *counters) attemptStarted(c *call) {
	if c.attempts > 1 {
		s.extra.Add(1)
	}
}

func (s *counters) attemptEnded(*call, error) {}

func (s *counters) retryScheduled(_ *call, ev *RetryEvent) {
	code := codeKey(ev.Code)
	s.retries.Add(1)
	n, ok := s.byCode.Load(code)
	if !ok {
		n, _ = s.byCode.LoadOrStore(code, new(atomic.Int64))
	}
	n.(*atomic.Int64).Add(1)
}

func (s *counters) slept(_ *call, d time.Duration) { s.sleeps.Add(int64(d)) }

func (s *counters) limiterWaited(_ *call, d time.Duration) {
	s.limitWaits.Add(1)
	s.limitWaited.Add(int64(d))
}

func (s *counters) limiterStoreFailed(*call) { s.storeErrors.Add(1) }

// gaveUp counts the give-up, and a call that gave up before its first
// attempt as one that made none.
func (s *counters) gaveUp(c *call) {
	s.gaveUps.Add(1)
	if c.attempts == 0 {
		s.extra.Add(-1)
	}
}

func (s *counters) callEnded(*call, error) {}

func (s *counters) snapshot() Stats {
	st := Stats{
		Calls:   s.calls.Load(),
		Retries: s.retries.Load(),
		GaveUp:  s.gaveUps.Load(),
		Slept:   time.Duration(s.sleeps.Load()),
		ByCode:  map[string]int64{},

		LimiterWaits:  s.limitWaits.Load(),
		LimiterWaited: time.Duration(s.limitWaited.Load()),

		LimiterStoreErrors: s.storeErrors.Load(),
	}
	st.Attempts = st.Calls + s.extra.Load()
	s.byCode.Range(func(k, v any) bool {
		st.ByCode[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return st
}

// Stats returns a snapshot of the counts. Counting is atomic and cheap; the
// counts are shared by every Proxy derived from this one with With.
func (p *Proxy) Stats() Stats { return p.r.obs.stats.snapshot() }
