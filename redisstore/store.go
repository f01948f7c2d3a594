// Package redisstore is an awsretry.LimiterStore in Redis: Limiters in
// many processes that use one Store with the same Prefix share one rate
// state per scope, so that a fleet sharing one AWS quota paces itself as
// one client.
//
// Each scope is one hash, <Prefix>:<scope>, with a TTL that every write
// refreshes, so the keys of idle scopes expire. Each operation is one
// round trip: a Lua script (EVALSHA, with EVAL when the server does not
// have it yet) or HMGET, at the server's TIME. The scripts only count,
// schedule and compare versions; the rate model stays in the Limiter.
// Only scope names and numbers are written, never a call's input.
//
// The connection is the caller's go-redis client: its address, TLS
// (redis.Options.TLSConfig, or a rediss:// URL in redis.ParseURL), ACL
// user and password (Username and Password), and a cluster, sentinel or
// ring setup all come with it. A Redis Cluster works as is: every
// operation touches one key. An ACL user needs these commands on the
// prefix's keys, the scripts' own included:
//
//	ACL SETUSER awsretry on >PASSWORD ~awsretry:* +evalsha +eval +hmget +hget +hset +pexpire +time
//
// Set ContextTimeoutEnabled on the client, so that a command that
// outlasts Options.Timeout is canceled rather than abandoned until the
// client's ReadTimeout; and, for a client of its own, MaxRetries -1 and
// DialerRetries 1, so that a server that is down fails an operation at
// once rather than after the client's own retries (the Limiter's breaker
// does the retrying):
//
//	client := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
//	store, err := redisstore.New(client, func(o *redisstore.Options) { o.Prefix = "awsretry:123456789012:eu-west-1" })
//	limiter, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) { o.Store = store })
//
// go-redis has a breaker of its own: once a client's failed dials reach
// its PoolSize, over its life, it dials again only once a second, so a
// Limiter may rejoin up to a second after Redis is back.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/awsretry/awsretry"
)

// Options configures a Store. New starts from the defaults documented on
// each field and applies its option functions in order.
type Options struct {
	// Prefix starts every key: <Prefix>:<scope>. Default "awsretry". AWS
	// throttles per account and region, so put them in it, such as
	// "awsretry:123456789012:eu-west-1": Limiters with the same prefix
	// share their scopes' state. Must not be empty.
	Prefix string

	// Timeout is how long an operation waits for Redis; after it, the
	// Limiter paces the attempt with its local state. Default 200ms. A
	// healthy round trip within a region is well under a millisecond, but
	// a loaded host (a node running many pods, a machine with more
	// processes than cores) stalls a process for tens of milliseconds, and
	// a Timeout in that range reads each stall as an outage: the process
	// leaves the shared state for a while and writes a Warn. A long Timeout
	// costs little, since the Limiter's circuit breaker pays it only for
	// the attempts in flight when an outage begins and for one probe at a
	// time, never once an attempt. Must be > 0.
	Timeout time.Duration

	// TTL is how long a scope's key lives after its last write. Default
	// 10 minutes: longer than any window, short enough that a quota's
	// rate is learnt again after a pause. Must be at least 1s.
	TTL time.Duration

	// Logger, when set, gets one Warn record when Redis stops answering
	// (with Redis's error, never an input) and one Info record when it
	// answers again: one pair per outage, not one per attempt. Default
	// nil: silent.
	Logger *slog.Logger
}

// Store is a LimiterStore in Redis. Make one with New; it is safe for
// concurrent use.
type Store struct {
	client redis.UniversalClient
	opts   Options
	ttlMs  int64
	down   atomic.Bool // the last operation failed: logged once
}

var _ awsretry.LimiterStore = (*Store)(nil)

// New returns a Store that keeps its state through client. It does not
// dial: an unreachable server is a runtime condition, which the Limiter
// rides out on its local state.
//
// Errors: awsretry.ErrInvalidOptions for a nil client, a nil option
// function, or a field out of range; the message names it.
func New(client redis.UniversalClient, optFns ...func(*Options)) (*Store, error) {
	if client == nil || isNilPointer(client) {
		return nil, fmt.Errorf("%w: redisstore: the Redis client is nil", awsretry.ErrInvalidOptions)
	}
	o := Options{Prefix: "awsretry", Timeout: 200 * time.Millisecond, TTL: 10 * time.Minute}
	for i, fn := range optFns {
		if fn == nil {
			return nil, fmt.Errorf("%w: redisstore: option function %d is nil", awsretry.ErrInvalidOptions, i)
		}
		fn(&o)
	}
	switch {
	case o.Prefix == "":
		return nil, fmt.Errorf("%w: redisstore: Options.Prefix is empty", awsretry.ErrInvalidOptions)
	case o.Timeout <= 0:
		return nil, fmt.Errorf("%w: redisstore: Options.Timeout is %v, want > 0", awsretry.ErrInvalidOptions, o.Timeout)
	case o.TTL < time.Second:
		return nil, fmt.Errorf("%w: redisstore: Options.TTL is %v, want at least 1s", awsretry.ErrInvalidOptions, o.TTL)
	}
	return &Store{client: client, opts: o, ttlMs: o.TTL.Milliseconds()}, nil
}

// isNilPointer reports whether v holds a nil pointer, as a typed nil
// *redis.Client does.
func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// key returns scope's key.
func (s *Store) key(scope string) string { return s.opts.Prefix + ":" + scope }

// run runs op with s's Timeout and returns its result, or the context's
// error when ctx is done or the Timeout passes first: a command that the
// client does not cancel (without ContextTimeoutEnabled) is left to finish
// alone, and its result is dropped. It logs the first failure after a
// success, and the first success after a failure.
func run[T any](ctx context.Context, s *Store, name string, op func(ctx context.Context) (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	var r result
	if err := ctx.Err(); err != nil {
		return r.v, fmt.Errorf("redisstore: %s: %w", name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		v, err := op(ctx)
		done <- result{v, err}
	}()
	select {
	case r = <-done:
	case <-ctx.Done():
		r.err = ctx.Err()
	}
	var timeout interface{ Timeout() bool }
	switch {
	case r.err == nil:
	case errors.Is(r.err, context.DeadlineExceeded) || errors.Is(r.err, context.Canceled):
		r.err = fmt.Errorf("redisstore: %s: %w", name, r.err)
	case ctx.Err() != nil || errors.As(r.err, &timeout) && timeout.Timeout():
		// The client's read deadline is the context's: its i/o timeout is
		// the Timeout passing, or ctx ending.
		cause := ctx.Err()
		if cause == nil {
			cause = context.DeadlineExceeded
		}
		r.err = fmt.Errorf("redisstore: %s: %w (%v)", name, cause, r.err)
	default:
		r.err = fmt.Errorf("redisstore: %s: %w", name, r.err)
	}
	s.observe(r.err)
	return r.v, r.err
}

// observe logs when Redis stops or starts answering.
func (s *Store) observe(err error) {
	failing := err != nil && !errors.Is(err, context.Canceled)
	if s.down.Load() == failing || !s.down.CompareAndSwap(!failing, failing) || s.opts.Logger == nil {
		return
	}
	if failing {
		s.opts.Logger.LogAttrs(context.Background(), slog.LevelWarn, "redisstore: Redis is not answering; Limiters pace with their local state",
			slog.String("prefix", s.opts.Prefix), slog.String("error", err.Error()))
		return
	}
	s.opts.Logger.LogAttrs(context.Background(), slog.LevelInfo, "redisstore: Redis answers again", slog.String("prefix", s.opts.Prefix))
}
