package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// flakyStore is a MemoryStore that counts its operations and, while down,
// fails each one at once, as a killed Redis refuses connections. Restart
// empties it.
type flakyStore struct {
	clk   *vclock
	mu    sync.Mutex
	inner *awsretry.MemoryStore
	down  atomic.Bool
	ops   atomic.Int64 // every operation asked for, failed ones included
	fails atomic.Int64
}

var errStoreDown = errors.New("store: connection refused")

func newFlakyStore(t *testing.T, clk *vclock) *flakyStore {
	s := &flakyStore{clk: clk}
	s.Restart(t)
	return s
}

func (s *flakyStore) Restart(t *testing.T) {
	inner, err := awsretry.NewMemoryStore(func(o *awsretry.MemoryStoreOptions) { o.Now = s.clk.Now })
	require.NoError(t, err)
	s.mu.Lock()
	s.inner = inner
	s.mu.Unlock()
}

func (s *flakyStore) store() (*awsretry.MemoryStore, error) {
	s.ops.Add(1)
	if s.down.Load() {
		s.fails.Add(1)
		return nil, errStoreDown
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inner, nil
}

func (s *flakyStore) Load(ctx context.Context, scope string) (awsretry.StoreRate, error) {
	m, err := s.store()
	if err != nil {
		return awsretry.StoreRate{}, err
	}
	return m.Load(ctx, scope)
}

func (s *flakyStore) Attempt(ctx context.Context, scope string, a awsretry.StoreAttempt) (awsretry.StoreResult, error) {
	m, err := s.store()
	if err != nil {
		return awsretry.StoreResult{}, err
	}
	return m.Attempt(ctx, scope, a)
}

func (s *flakyStore) CloseWindow(ctx context.Context, scope string, c awsretry.StoreClose) (bool, error) {
	m, err := s.store()
	if err != nil {
		return false, err
	}
	return m.CloseWindow(ctx, scope, c)
}

// fixedClock is a virtual clock at a fixed start, so that a fleet's run
// (the breaker's probes are on a grid of the clock) is the same each time.
func fixedClock() *vclock { return &vclock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

// fleet is n Limiters sharing store, each with its own proxy of srv, and
// the clock of Limiter i skewed by skews[i] (the store's clock is clk's).
type fleet struct {
	lims    []*awsretry.Limiter
	proxies []*awsretry.Proxy
	logs    []*strings.Builder
}

func newFleet(t *testing.T, clk *vclock, srv *bucketServer, store awsretry.LimiterStore, skews ...time.Duration) *fleet {
	f := &fleet{}
	for _, skew := range skews {
		var buf strings.Builder
		logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf}, &slog.HandlerOptions{Level: slog.LevelInfo}))
		l := mustLimiter(t, func(o *awsretry.LimiterOptions) {
			o.Now = func() time.Time { return clk.Now().Add(skew) }
			o.Store, o.Logger = store, logger
		})
		f.lims = append(f.lims, l)
		f.proxies = append(f.proxies, awsretry.MustDecorate(srv, limiterOn(clk, l)))
		f.logs = append(f.logs, &buf)
	}
	return f
}

// run calls Describe from each proxy in turn until clk reaches end, and
// returns the calls that failed with something else than a throttle.
func (f *fleet) run(clk *vclock, end time.Time) (other []error) {
	for clk.Now().Before(end) {
		for _, p := range f.proxies {
			if _, err := p.Call("Describe", context.Background(), &OpInput{Secret: "hunter2"}); err != nil && awsretry.ErrorCode(err) != "RequestLimitExceeded" {
				other = append(other, err)
			}
		}
	}
	return other
}

func (f *fleet) stats() (st awsretry.Stats) {
	for _, p := range f.proxies {
		s := p.Stats()
		st.Attempts += s.Attempts
		st.LimiterStoreErrors += s.LimiterStoreErrors
	}
	return st
}

type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (w *lockedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}

// TestSharedLimiterIsOneLimiter: four Limiters sharing a store, two of
// them with clocks 2 s off, against one bucket, settle near its capacity
// as one Limiter does, with one rate; the store is asked nothing before
// the first throttle, and once an attempt after it, and once a window.
func TestSharedLimiterIsOneLimiter(t *testing.T) {
	const capacity = 500.0
	clk := fixedClock()
	srv := newBucketServer(clk, capacity, 200*time.Microsecond)
	store := newFlakyStore(t, clk)
	f := newFleet(t, clk, srv, store, 0, 2*time.Second, -2*time.Second, 0)
	srv.SetRate(1e9) // nothing throttles: nothing asks the store
	require.Empty(t, f.run(clk, clk.Now().Add(100*time.Millisecond)))
	assert.Zero(t, store.ops.Load(), "store operations while nothing was throttled")
	open := f.stats().Attempts

	srv.SetRate(capacity)
	t0 := clk.Now()
	require.Empty(t, f.run(clk, t0.Add(time.Second)))
	settled, end := clk.Now(), clk.Now().Add(3*time.Second)
	require.Empty(t, f.run(clk, end))
	attempts, successes := srv.between(settled, end)
	goodput := float64(successes) / end.Sub(settled).Seconds()
	t.Logf("goodput %.1f/s of %.0f, %.3f attempts per success; %d store operations for %d attempts",
		goodput, capacity, float64(attempts)/float64(successes), store.ops.Load(), f.stats().Attempts-open)
	assert.GreaterOrEqual(t, goodput, 0.9*capacity)
	assert.LessOrEqual(t, float64(attempts)/float64(successes), 1.15)
	// One Attempt an attempt, and a CloseWindow a window (of 20 successes)
	// for a process whose next Attempt would carry its close late.
	assert.LessOrEqual(t, float64(store.ops.Load()), 1.1*float64(f.stats().Attempts-open), "store operations: one an attempt, and one a window")
	want, limited := f.lims[0].Rate("Describe")
	require.True(t, limited)
	for i, l := range f.lims {
		rate, _ := l.Rate("Describe")
		assert.InDelta(t, want, rate, 0.1*want, "Limiter %d's rate: one rate for the fleet (the last close's, or the one before)", i)
	}
}

// TestSharedLimiterRidesOutAnOutage: the store goes down for 3 s and comes
// back empty. No call fails for it; the Limiters pace with their own
// state, at about the fleet's rate together; the breaker asks the store a
// few times a second, not once an attempt; each Limiter writes one Warn
// and one Info, counts the errors, and sets the state again when the store
// answers.
func TestSharedLimiterRidesOutAnOutage(t *testing.T) {
	const capacity = 500.0
	clk := fixedClock()
	srv := newBucketServer(clk, capacity, 200*time.Microsecond)
	store := newFlakyStore(t, clk)
	f := newFleet(t, clk, srv, store, 0, time.Second, 0)
	require.Empty(t, f.run(clk, clk.Now().Add(2*time.Second)))
	before := f.stats().Attempts

	store.down.Store(true)
	down := clk.Now()
	require.Empty(t, f.run(clk, down.Add(3*time.Second)), "calls that failed during the outage")
	attempts, successes := srv.between(down.Add(500*time.Millisecond), clk.Now())
	goodput := float64(successes) / clk.Now().Sub(down.Add(500*time.Millisecond)).Seconds()
	during := f.stats().Attempts - before
	t.Logf("outage: goodput %.1f/s of %.0f, %.3f attempts per success; %d store operations (%d failed) for %d attempts",
		goodput, capacity, float64(attempts)/float64(successes), store.ops.Load(), store.fails.Load(), during)
	assert.GreaterOrEqual(t, goodput, 0.8*capacity, "goodput while the store is down")
	assert.LessOrEqual(t, store.fails.Load(), int64(3*len(f.lims)*1000/50), "failed operations: at most a probe every 50 ms a Limiter")
	assert.Less(t, store.fails.Load(), during/20, "the breaker skips the store")
	assert.Equal(t, store.fails.Load(), f.stats().LimiterStoreErrors, "Stats.LimiterStoreErrors")

	store.Restart(t)
	store.down.Store(false)
	up := clk.Now()
	require.Empty(t, f.run(clk, up.Add(2*time.Second)))
	r, err := store.inner.Load(context.Background(), "Describe")
	require.NoError(t, err)
	assert.NotZero(t, r.Interval, "the restarted store holds the rate again")
	want, _ := f.lims[0].Rate("Describe")
	for i, l := range f.lims {
		rate, limited := l.Rate("Describe")
		assert.True(t, limited)
		assert.InDelta(t, want, rate, 0.1*want, "Limiter %d rejoined the shared rate, not a third of it", i)
		log := f.logs[i].String()
		assert.Equal(t, 1, strings.Count(log, "level=WARN"), "Limiter %d: one Warn for the outage:\n%s", i, log)
		assert.Equal(t, 1, strings.Count(log, "level=INFO"), "Limiter %d: one Info when the store answers again", i)
		assert.NotContains(t, log, "hunter2")
	}
	// From 1 s after: the Limiter whose clock is 1 s off probes off the
	// others' grid and rejoins up to a backoff later, and this serial
	// simulation makes everyone wait for its local slots meanwhile.
	attempts, successes = srv.between(up.Add(time.Second), clk.Now())
	t.Logf("after the rejoin: goodput %.1f/s, %.3f attempts per success", float64(successes), float64(attempts)/float64(successes))
	assert.GreaterOrEqual(t, float64(successes), 0.9*capacity, "goodput from 1 s after the rejoin (%d attempts)", attempts)
}

// newStoreLimitedLimiter returns a Limiter whose one scope ("") is limited
// at one attempt a second in a MemoryStore on clk, attached (it saw a
// throttle), with the slot now taken: its next attempt waits 1s.
func newStoreLimitedLimiter(clk *vclock) (*awsretry.Limiter, error) {
	store, err := awsretry.NewMemoryStore(func(o *awsretry.MemoryStoreOptions) { o.Now = clk.Now })
	if err != nil {
		return nil, err
	}
	if _, err := store.CloseWindow(context.Background(), "", awsretry.StoreClose{Interval: time.Second}); err != nil {
		return nil, err
	}
	l, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) {
		o.Now, o.Store, o.Scope = clk.Now, store, func(string) string { return "" }
		o.WindowSuccesses, o.MaxWindow = 1000, time.Hour // no window closes
	})
	if err != nil {
		return nil, err
	}
	p := awsretry.MustDecorate(newScripted(apiErr("RequestLimitExceeded")), func(o *awsretry.Options) { o.Tries, o.Limiter, o.Sleep = 1, l, clk.Sleep })
	if _, err := p.Call("Op", context.Background(), &OpInput{}); awsretry.ErrorCode(err) != "RequestLimitExceeded" {
		return nil, fmt.Errorf("the throttle: %v", err)
	}
	if _, err := p.Call("Op", context.Background(), &OpInput{}); err != nil { // takes the slot at now
		return nil, err
	}
	return l, nil
}
