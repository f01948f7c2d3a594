package sim

import (
	"context"
	"math/rand/v2"
	"time"

	"golang.org/x/time/rate"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/bench/v010"
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

// SoakSchedule is make soak's: 20ms, ×2, at most 500ms, 8 tries.
var SoakSchedule = Schedule{Delay: 20 * time.Millisecond, Backoff: 2, MaxDelay: 500 * time.Millisecond, Tries: 8}

// Strategy is one row: how a client group is made. A group is what one
// process would be: its workers share the group's Limiter, if any.
type Strategy struct {
	Name string
	// limiter returns a group's Limiter, or nil.
	limiter func(s *Sim) *awsretry.Limiter
	// old, when set, makes a group's v0.1.0 Limiter, waited for around
	// each attempt (bench/v010).
	old bool
	// pace, when set, returns a function each attempt calls first: the
	// oracle's fixed-rate pacing at the true capacity.
	pace func(s *Sim, capacity float64) func()
}

// Rows are the names of Strategies, for the tables.
const (
	NoLimiter  = "no Limiter"
	NewLimiter = "Limiter"
	OldLimiter = "v0.1.0 Limiter"
	Oracle     = "oracle: x/time/rate at C"
)

// Strategies are the rows that can run in virtual time, all with the
// awsretry FullJitter loop: no Limiter, the Limiter, v0.1.0's Limiter, and
// the oracle. The SDK's and failsafe-go's cannot: their clocks cannot be
// injected.
func Strategies() []Strategy {
	return []Strategy{
		{Name: NoLimiter},
		{Name: NewLimiter, limiter: newLimiter},
		{Name: OldLimiter, old: true},
		{Name: Oracle, pace: oracle},
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
// attempt, and old, when set, is waited for around it.
type client struct {
	e    *env
	pace func()
	old  *v010.Limiter
}

func (c *client) call(ctx context.Context, op string) (*Output, error) {
	if c.pace != nil {
		c.pace()
	}
	if c.old != nil {
		dl, has := ctx.Deadline()
		wait, ok := c.old.Reserve(op, dl, has)
		if !ok {
			return nil, context.DeadlineExceeded // not retried: the call gives up, as at the library's slot
		}
		if wait > 0 {
			c.e.s.Sleep(wait)
		}
	}
	err := c.e.srv.Call(op)
	if c.old != nil {
		c.old.Report(op, err == nil, err != nil)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// The client's operations. WrapOp names a method value by its method, so
// each operation is a method of its own, and its own Limiter scope.
func (c *client) DescribeInstances(ctx context.Context, _ *Input, _ ...func(*Options)) (*Output, error) {
	return c.call(ctx, "DescribeInstances")
}

func (c *client) RunInstances(ctx context.Context, _ *Input, _ ...func(*Options)) (*Output, error) {
	return c.call(ctx, "RunInstances")
}

func (c *client) CreateTags(ctx context.Context, _ *Input, _ ...func(*Options)) (*Output, error) {
	return c.call(ctx, "CreateTags")
}

func (c *client) PutItem(ctx context.Context, _ *Input, _ ...func(*Options)) (*Output, error) {
	return c.call(ctx, "PutItem")
}

func (c *client) UpdateItem(ctx context.Context, _ *Input, _ ...func(*Options)) (*Output, error) {
	return c.call(ctx, "UpdateItem")
}

func (c *client) GetItem(ctx context.Context, _ *Input, _ ...func(*Options)) (*Output, error) {
	return c.call(ctx, "GetItem")
}

// method returns the client's operation name.
func (c *client) method(name string) opFunc {
	switch name {
	case "DescribeInstances":
		return c.DescribeInstances
	case "RunInstances":
		return c.RunInstances
	case "CreateTags":
		return c.CreateTags
	case "PutItem":
		return c.PutItem
	case "UpdateItem":
		return c.UpdateItem
	case "GetItem":
		return c.GetItem
	}
	panic("sim: no operation " + name)
}

type opFunc = func(context.Context, *Input, ...func(*Options)) (*Output, error)

// group is one process: its client's operations, through the loop with
// the group's options.
type group struct {
	describe, run opFunc
	ops           map[string]opFunc // every operation the group called by name
	opt           func(*awsretry.Options)
	c             *client
}

func (e *env) newGroup(st Strategy) *group {
	c := &client{e: e, pace: e.pace}
	if st.old {
		c.old = v010.New(e.s.Now)
	}
	var lim *awsretry.Limiter
	if st.limiter != nil {
		lim = st.limiter(e.s)
	}
	g := &group{opt: e.options(lim), c: c, ops: map[string]opFunc{}}
	g.describe, g.run = g.op("DescribeInstances"), g.op("RunInstances")
	return g
}

// op returns the group's operation name, through the retry loop.
func (g *group) op(name string) opFunc {
	if f := g.ops[name]; f != nil {
		return f
	}
	f, err := awsretry.WrapOp(g.c.method(name), g.opt)
	if err != nil {
		panic(err)
	}
	g.ops[name] = f
	return f
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
