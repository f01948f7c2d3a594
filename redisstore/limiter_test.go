package redisstore_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/redis/go-redis/v9"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
	"github.com/awsretry/awsretry/redisstore"
)

// The Limiter with a Store in Redis, against a real redis-server: the
// Limiters' clocks are virtual (their Sleep records the wait and does not
// wait), the store's is Redis's TIME.

// clock is a Limiter's virtual clock, skewed from the real one by skew;
// Sleep records each wait with the real time it was asked at.
type clock struct {
	mu    sync.Mutex
	skew  time.Duration
	ahead time.Duration // advanced by Advance
	slots []time.Time   // real time of each Sleep plus its wait
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skew + c.ahead)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ahead += d
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slots = append(c.slots, time.Now().Add(d))
	return ctx.Err()
}

type (
	opIn  struct{ Secret string }
	opOut struct{}
)

// server is an operation that throttles while throttle is set.
type server struct{ throttle atomic.Bool }

func (s *server) Op(context.Context, *opIn, ...func(*struct{})) (*opOut, error) {
	if s.throttle.Load() {
		return nil, &smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded"}
	}
	return &opOut{}, nil
}

// counted counts the commands a client sends for the Store's operations,
// failed ones included; a new connection's handshake is left out.
type counted struct{ n atomic.Int64 }

func (c *counted) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *counted) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if n := cmd.Name(); n != "hello" && n != "client" {
			c.n.Add(1)
		}
		return next(ctx, cmd)
	}
}
func (c *counted) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(int64(len(cmds))); return next(ctx, cmds) }
}

// process is one process of a fleet: its own Redis client (commands
// counted), Store, Limiter, clock and logger, and the operation through
// them. Its scope is "Op".
type process struct {
	clk   *clock
	cmds  *counted
	store *aged
	lim   *awsretry.Limiter
	proxy *awsretry.Proxy
	log   *records
}

func newProcess(t *testing.T, srv *awstest.Redis, prefix string, skew time.Duration, s *server, limFns ...func(*awsretry.LimiterOptions)) *process {
	p := &process{clk: &clock{skew: skew}, cmds: &counted{}, log: &records{}}
	p.store = newStore(t, srv, func(o *redisstore.Options) { o.Prefix, o.Timeout = prefix, 200*time.Millisecond })
	p.store.prefix = prefix
	p.store.client.AddHook(p.cmds)
	fns := append([]func(*awsretry.LimiterOptions){func(o *awsretry.LimiterOptions) {
		o.Now, o.Store, o.Logger = p.clk.Now, p.store.Store, slog.New(p.log)
		o.Scope = func(string) string { return "Op" }
	}}, limFns...)
	lim, err := awsretry.NewLimiter(fns...)
	if err != nil {
		t.Fatal(err)
	}
	p.lim = lim
	proxy, err := awsretry.Decorate(s, func(o *awsretry.Options) { o.Tries, o.Sleep, o.Limiter = 1, p.clk.Sleep, lim })
	if err != nil {
		t.Fatal(err)
	}
	p.proxy = proxy
	return p
}

// do makes n calls and fails t if one returns an error other than a
// throttle: a store's error never reaches a call.
func (p *process) do(t *testing.T, n int) {
	t.Helper()
	for range n {
		if _, err := p.proxy.Call("Op", context.Background(), &opIn{Secret: "hunter2"}); err != nil && awsretry.ErrorCode(err) != "Throttling" {
			t.Fatalf("a call failed: %v", err)
		}
	}
}

// throttleOnce makes one throttled call: the process's first throttle of
// the scope, from which its attempts go through the store.
func (p *process) throttleOnce(t *testing.T, s *server) {
	t.Helper()
	s.throttle.Store(true)
	p.do(t, 1)
	s.throttle.Store(false)
}

// seedRate sets the shared rate of "Op" to one slot every iv.
func seedRate(t *testing.T, st *aged, iv time.Duration) {
	t.Helper()
	if ok, err := st.CloseWindow(context.Background(), "Op", awsretry.StoreClose{Interval: iv}); err != nil || !ok {
		t.Fatalf("seeding the rate: %v, %v", ok, err)
	}
}

// steady keeps the shared rate from changing during a test: windows that
// close only after many successes.
func steady(o *awsretry.LimiterOptions) { o.WindowSuccesses, o.MaxWindow = 1000, time.Hour }

// TestLimiterOneScheduleWhateverTheClocks: three processes, two with clocks
// 2 s off, take their slots from one schedule on Redis's clock: every slot
// a process waits for is a whole number of intervals after the fleet's
// first, and no two are the same. (A process takes the slot of its next
// attempt when it reports the last one, so the order of the slots is not
// the order of the calls.) The interval is 300 ms, so that a slot on a
// clock 2 s off would be 200 ms off the grid.
func TestLimiterOneScheduleWhateverTheClocks(t *testing.T) {
	srv := awstest.StartRedis(t)
	s := &server{}
	var fleet []*process
	for _, skew := range []time.Duration{0, 2 * time.Second, -2 * time.Second} {
		fleet = append(fleet, newProcess(t, srv, "schedule", skew, s, steady))
	}
	const iv = 300 * time.Millisecond
	seedRate(t, fleet[0].store, iv)
	for _, p := range fleet {
		p.throttleOnce(t, s)
	}
	const rounds = 3
	var slots []time.Time
	for range rounds {
		for _, p := range fleet {
			at, n := time.Now(), len(p.clk.slots)
			p.do(t, 1)
			if len(p.clk.slots) > n { // it waited; else its slot was now
				at = p.clk.slots[len(p.clk.slots)-1]
			}
			slots = append(slots, at)
		}
	}
	first := slots[0]
	for _, at := range slots {
		if at.Before(first) {
			first = at
		}
	}
	// The slots are measured as the real time of the wait's start plus the
	// wait: a round trip off at most, far from a clock's 2 s.
	const tolerance = 50 * time.Millisecond
	seen := map[int64]int{}
	var offsets []time.Duration
	for k, at := range slots {
		d := at.Sub(first)
		offsets = append(offsets, d.Round(time.Millisecond))
		n := (d + iv/2) / iv
		if off := d - n*iv; off < -tolerance || off > tolerance {
			t.Errorf("slot %d (process %d) is %v after the first, %v off the schedule's grid of %v", k, k%len(fleet), d, off, iv)
		}
		if j, dup := seen[int64(n)]; dup {
			t.Errorf("slots %d and %d are the same slot (%v after the first)", j, k, n*iv)
		}
		seen[int64(n)] = k
	}
	t.Logf("slots after the first, in the order of the calls: %v", offsets)
	for i, p := range fleet {
		if rate, limited := p.lim.Rate("Op"); !limited || rate < 3.3 || rate > 3.4 {
			t.Errorf("process %d: Rate = %v, %v; want the shared 3.33/s", i, rate, limited)
		}
	}
}

// TestLimiterCostsNoCommandWhileOpen: no command before the first throttle,
// and one an attempt after it (the scripts' first use on a server adds an
// EVAL after the refused EVALSHA, once each): a process that makes
// hundreds of attempts a second closes its windows with its next Attempt.
func TestLimiterCostsNoCommandWhileOpen(t *testing.T) {
	srv := awstest.StartRedis(t)
	s := &server{}
	p := newProcess(t, srv, "cost", 0, s)
	p.do(t, 200)
	if n := p.cmds.n.Load(); n != 0 {
		t.Errorf("%d commands for 200 attempts while nothing was throttled, want 0", n)
	}
	seedRate(t, p.store, time.Millisecond)
	before := p.cmds.n.Load()
	p.throttleOnce(t, s)
	const limited = 300
	p.do(t, limited)
	n := p.cmds.n.Load() - before
	t.Logf("%d commands for %d attempts after the first throttle", n, limited+1)
	if n > limited+1+1 {
		t.Errorf("%d commands for %d attempts while limited, want at most one an attempt (+1: the script's first EVAL)", n, limited+1)
	}
	if keys := p.store.keys(t); len(keys) != 1 {
		t.Errorf("keys %q after %d attempts, want one: the scope's", keys, limited)
	}
}

// outage runs the fleet of one process through an outage that begin
// starts and end ends: no call fails, the breaker asks Redis a few times
// only, one Warn, and when Redis answers again, one Info and the shared
// state in Redis again.
func outage(t *testing.T, begin, end func(srv *awstest.Redis)) {
	srv := awstest.StartRedis(t)
	s := &server{}
	p := newProcess(t, srv, "outage", 0, s, steady)
	seedRate(t, p.store, 10*time.Millisecond)
	p.throttleOnce(t, s)
	p.do(t, 20)
	if rate, limited := p.lim.Rate("Op"); !limited || rate < 99 || rate > 101 {
		t.Fatalf("before the outage: Rate %v, %v; want the shared 100/s", rate, limited)
	}
	begin(srv)
	before, errs := p.cmds.n.Load(), p.proxy.Stats().LimiterStoreErrors
	const calls = 400 // 10 ms apart on the Limiter's clock: 4 s of outage
	for range calls {
		p.do(t, 1)
		p.clk.Advance(10 * time.Millisecond)
	}
	asked := p.cmds.n.Load() - before
	failed := p.proxy.Stats().LimiterStoreErrors - errs
	t.Logf("outage: %d commands for %d attempts, %d store errors", asked, calls, failed)
	if asked > calls/10 || failed < 1 || failed > asked {
		t.Errorf("during the outage: %d commands and %d store errors for %d attempts; want a few probes (the breaker), at least one error", asked, failed, calls)
	}
	if rate, limited := p.lim.Rate("Op"); !limited || rate < 50 || rate > 200 {
		t.Errorf("during the outage: Rate %v, %v; want paced locally near the shared 100/s", rate, limited)
	}
	end(srv)
	// The client dials again on its schedule: call on, 100 ms apart on the
	// Limiter's clock, until an attempt goes through Redis again.
	rejoined := false
	for deadline := time.Now().Add(30 * time.Second); !rejoined && time.Now().Before(deadline); {
		p.do(t, 1)
		p.clk.Advance(100 * time.Millisecond)
		rejoined = len(p.log.levels()) == 2
		if !rejoined {
			time.Sleep(10 * time.Millisecond) // the server's restart is real time
		}
	}
	if got := p.log.levels(); len(got) != 2 || got[0] != "WARN" || got[1] != "INFO" {
		t.Fatalf("records: %v, want one WARN for the outage and one INFO at its end", p.log.logs)
	}
	p.do(t, 5)
	r, err := p.store.Load(context.Background(), "Op")
	if err != nil || r.Version == 0 || r.Interval <= 0 {
		t.Errorf("after the outage, Redis holds %+v, %v; want the scope's rate", r, err)
	}
	if keys := p.store.keys(t); len(keys) != 1 {
		t.Errorf("keys after the outage: %q, want the scope's one", keys)
	}
	for _, l := range p.log.logs {
		if strings.Contains(l, "hunter2") {
			t.Errorf("record %q carries the call's input", l)
		}
	}
}

func TestLimiterRidesOutAKilledRedis(t *testing.T) {
	outage(t, (*awstest.Redis).Kill, (*awstest.Redis).Restart)
}

func TestLimiterRidesOutAPausedRedis(t *testing.T) {
	outage(t, (*awstest.Redis).Pause, (*awstest.Redis).Resume)
}
