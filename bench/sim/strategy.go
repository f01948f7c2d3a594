package sim

import (
	"context"
	"math/rand/v2"
	"time"

	"golang.org/x/time/rate"

	"github.com/awsretry/awsretry"
)

// Schedule is the backoff every strategy shares, as in bench/storm.
type Schedule struct {
	Delay    time.Duration
	Backoff  float64
	MaxDelay time.Duration
	Tries    int
}

// DefaultSchedule is bench/storm's: 10ms, ×1.1, at most 250ms, 50 tries.
var DefaultSchedule = Schedule{Delay: 10 * time.Millisecond, Backoff: 1.1, MaxDelay: 250 * time.Millisecond, Tries: 50}

// Strategy is one row: how a client group is made. A group is what one
// process would be: its workers share the group's Limiter, if any.
type Strategy struct {
	Name string
	// limiter returns a group's Limiter, or nil.
	limiter func(s *Sim) *awsretry.Limiter
	// pace, when set, returns a function each attempt calls first: the
	// oracle's fixed-rate pacing at the true capacity.
	pace func(s *Sim, capacity float64) func()
}

// Strategies are the rows that can run in virtual time. The SDK's and
// failsafe-go's cannot: their clocks cannot be injected.
func Strategies() []Strategy {
	return []Strategy{
		{Name: "awsretry FullJitter"},
		{Name: "awsretry FullJitter + Limiter", limiter: newLimiter},
		{Name: "oracle: x/time/rate at C", pace: oracle},
	}
}

func newLimiter(s *Sim) *awsretry.Limiter {
	l, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) { o.Now = s.Now })
	if err != nil {
		panic(err)
	}
	return l
}

// oracle paces every attempt of the whole run at the capacity, which no
// real client knows in advance.
func oracle(s *Sim, capacity float64) func() {
	l := rate.NewLimiter(rate.Limit(capacity), 1)
	return func() {
		r := l.ReserveN(s.Now(), 1)
		s.Sleep(r.DelayFrom(s.Now()))
	}
}

// env is one run's shared state.
type env struct {
	s          *Sim
	srv        *Server
	rng        *rand.Rand
	sch        Schedule
	jitterNext bool   // set by OnRetry: the next Sleep is a backoff, to jitter
	pace       func() // the oracle's, one for the whole run; nil for other rows
}

// options returns the loop's options for a group: the schedule, FullJitter
// drawn from the run's seeded generator, every sleep in virtual time.
//
// The library's FullJitter draws from its own unseeded source, so the
// loop runs NoJitter and the Sleep hook applies full jitter itself: OnRetry
// runs just before each backoff sleep, on the same goroutine, and nothing
// else runs in between.
func (e *env) options(lim *awsretry.Limiter) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		o.Tries, o.Delay, o.Backoff, o.MaxDelay = e.sch.Tries, e.sch.Delay, e.sch.Backoff, e.sch.MaxDelay
		o.Jitter = awsretry.NoJitter
		o.OnRetry = func(awsretry.RetryEvent) { e.jitterNext = true }
		o.Sleep = e.sleep
		o.Limiter = lim
	}
}

func (e *env) sleep(ctx context.Context, d time.Duration) error {
	if e.jitterNext {
		e.jitterNext = false
		d = time.Duration(e.rng.Int64N(int64(d) + 1))
	}
	if dl, ok := ctx.Deadline(); ok && dl.Sub(e.s.Now()) < d {
		e.s.Sleep(dl.Sub(e.s.Now()))
		return context.DeadlineExceeded
	}
	e.s.Sleep(d)
	return ctx.Err()
}

// Input, Output and Options shape a client like an SDK one.
type (
	Input   struct{}
	Output  struct{}
	Options struct{}
)

var out = &Output{}

// client is a simulated SDK client; pace, when set, runs before every
// attempt.
type client struct {
	srv  *Server
	pace func()
}

func (c *client) call(op string) (*Output, error) {
	if c.pace != nil {
		c.pace()
	}
	if err := c.srv.Call(op); err != nil {
		return nil, err
	}
	return out, nil
}

// DescribeInstances is the throttled operation of every scenario.
func (c *client) DescribeInstances(ctx context.Context, in *Input, _ ...func(*Options)) (*Output, error) {
	return c.call("DescribeInstances")
}

// RunInstances is scenario 5's other operation.
func (c *client) RunInstances(ctx context.Context, in *Input, _ ...func(*Options)) (*Output, error) {
	return c.call("RunInstances")
}

type opFunc = func(context.Context, *Input, ...func(*Options)) (*Output, error)

// group is one process: its client's operations, through the loop with
// the group's options.
type group struct {
	describe, run opFunc
}

func (e *env) newGroup(st Strategy) group {
	c := &client{srv: e.srv, pace: e.pace}
	var lim *awsretry.Limiter
	if st.limiter != nil {
		lim = st.limiter(e.s)
	}
	opt := e.options(lim)
	d, err := awsretry.WrapOp(c.DescribeInstances, opt)
	if err != nil {
		panic(err)
	}
	r, err := awsretry.WrapOp(c.RunInstances, opt)
	if err != nil {
		panic(err)
	}
	return group{describe: d, run: r}
}

type contextT = context.Context

func background() contextT { return context.Background() }

// ScopeStrategies are scenario 5's rows: no Limiter, the Limiter with its
// default Scope (one state per method), and with one Scope for all.
func ScopeStrategies() []Strategy {
	return []Strategy{
		{Name: "none"},
		{Name: "default Scope (per method)", limiter: newLimiter},
		{Name: `Scope: one for all`, limiter: func(s *Sim) *awsretry.Limiter {
			l, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) {
				o.Now, o.Scope = s.Now, func(string) string { return "" }
			})
			if err != nil {
				panic(err)
			}
			return l
		}},
	}
}
