package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/redisstore"
)

// pacing is how the process paces its attempts: a Limiter (its own, or
// one whose state is in Redis), or the oracle's shared schedule.
type pacing struct {
	limiter *awsretry.Limiter
	rdb     *redis.Client
	store   *redisstore.Store
	oracle  bool
	wired   bool // the Limiter keeps its state in the Store
	cmds    atomic.Int64
	failed  atomic.Int64 // Redis commands that failed or timed out
	outages outages
}

// oracleScope is the oracle's schedule in Redis.
const oracleScope = "oracle"

func newPacing(ctx context.Context, c config) (_ *pacing, err error) {
	p := &pacing{}
	defer func() {
		if err != nil {
			p.close()
		}
	}()
	if c.Limiter == "redis" || c.Limiter == "oracle" {
		if c.Redis == "" {
			return nil, fmt.Errorf("-limiter %s needs -redis", c.Limiter)
		}
		// No retries of the client's own: a Redis that is down fails an
		// operation at once, and the Limiter's breaker waits.
		p.rdb = redis.NewClient(&redis.Options{Addr: c.Redis, ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
		p.rdb.AddHook(counter{&p.cmds, &p.failed})
		store, err := redisstore.New(p.rdb, func(o *redisstore.Options) {
			o.Prefix = c.Prefix
			if c.Limiter == "oracle" {
				// The oracle is the bound, not a Limiter that rides out a
				// slow Redis on local state: it waits for its slots.
				o.Timeout = time.Second
			}
		})
		if err != nil {
			return nil, err
		}
		p.store = store
	}
	switch c.Limiter {
	case "none":
	case "local", "redis":
		lim, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) {
			if c.Limiter == "redis" {
				o.Store, o.Logger = p.store, slog.New(&p.outages)
			}
		})
		if err != nil {
			return nil, err
		}
		p.limiter, p.wired = lim, c.Limiter == "redis"
	case "oracle":
		if c.Rate <= 0 {
			return nil, fmt.Errorf("-limiter oracle needs -rate > 0")
		}
		p.oracle = true
		// One process sets the schedule's rate; the others' CloseWindow
		// finds version 1 and changes nothing.
		iv := time.Duration(float64(time.Second) / c.Rate)
		for try := 1; ; try++ { // 100 processes starting at once on a small machine can be slow
			_, err := p.store.CloseWindow(ctx, oracleScope, awsretry.StoreClose{Interval: iv})
			if err == nil {
				break
			}
			if try == 5 {
				return nil, fmt.Errorf("the oracle's schedule: %w", err)
			}
		}
	default:
		return nil, fmt.Errorf("-limiter %q: want none, local, redis or oracle", c.Limiter)
	}
	return p, nil
}

// attempt waits for the oracle's slot, if any, then makes one attempt. A
// store error leaves the attempt unpaced, never failed.
func (p *pacing) attempt(ctx context.Context, op func() error) error {
	if p.oracle {
		res, err := p.store.Attempt(ctx, oracleScope, awsretry.StoreAttempt{Reserve: true})
		if err == nil && res.Wait > 0 {
			t := time.NewTimer(res.Wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
	}
	return op()
}

// fromStore reports whether err came from Redis or the store.
func (p *pacing) fromStore(err error) bool {
	s := err.Error()
	return strings.Contains(s, "redisstore") || strings.Contains(s, "redis:")
}

func (p *pacing) commands() int64 { return p.cmds.Load() }

func (p *pacing) close() {
	if p.rdb != nil {
		_ = p.rdb.Close()
	}
}

// counter is a go-redis hook that counts the commands that the Store's
// operations send (a script's first EVALSHA, which the server refuses
// with NOSCRIPT, among them), and those that failed (that EVALSHA not
// among them); a new connection's handshake is left out. With FLEET_DEBUG
// set, each failure is printed.
type counter struct{ n, failed *atomic.Int64 }

func (c counter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c counter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		switch cmd.Name() {
		case "hello", "client", "auth", "select": // a new connection's handshake, not an operation's
			return next(ctx, cmd)
		}
		c.n.Add(1)
		err := next(ctx, cmd)
		if err != nil && err != redis.Nil && !strings.HasPrefix(err.Error(), "NOSCRIPT") {
			c.failed.Add(1)
			if os.Getenv("FLEET_DEBUG") != "" {
				fmt.Fprintln(os.Stderr, "fleet: redis:", cmd.Name(), err)
			}
		}
		return err
	}
}

func (c counter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error { c.n.Add(int64(len(cmds))); return next(ctx, cmds) }
}

// outages is a slog.Handler that keeps when the Limiter's store stopped
// (Warn) and started (Info) answering.
type outages struct {
	mu           sync.Mutex
	warns, infos []time.Time
}

func (o *outages) Enabled(_ context.Context, l slog.Level) bool {
	return l >= slog.LevelInfo || os.Getenv("FLEET_DEBUG") != ""
}

func (o *outages) Handle(_ context.Context, r slog.Record) error {
	if os.Getenv("FLEET_DEBUG") != "" {
		if r.Level >= slog.LevelInfo {
			fmt.Fprintf(os.Stderr, "fleet: %s %s %s\n", r.Time.Format("05.000"), r.Level, r.Message)
		}
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "rate" {
				fmt.Fprintf(os.Stderr, "fleet: %s rate %.0f\n", r.Time.Format("05.000"), a.Value.Float64())
			}
			return true
		})
	}
	if r.Level < slog.LevelInfo {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if r.Level == slog.LevelWarn {
		o.warns = append(o.warns, r.Time)
	} else {
		o.infos = append(o.infos, r.Time)
	}
	return nil
}
func (o *outages) WithAttrs([]slog.Attr) slog.Handler { return o }
func (o *outages) WithGroup(string) slog.Handler      { return o }

// times returns the records' times in ms after start.
func (o *outages) times(start time.Time) (warns, infos []int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, t := range o.warns {
		warns = append(warns, t.Sub(start).Milliseconds())
	}
	for _, t := range o.infos {
		infos = append(infos, t.Sub(start).Milliseconds())
	}
	return warns, infos
}
