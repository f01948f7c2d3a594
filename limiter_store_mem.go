package awsretry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// MemoryStore is a LimiterStore in the process's memory. Limiters that
// share one act as one Limiter, which is what a simulation of a fleet in
// virtual time needs (set Now), and it is the reference implementation of
// the LimiterStore doc that a store for another engine can be compared
// with (package limitertest runs the same suite on both). A Limiter
// without a Store keeps its state in the process anyway: a MemoryStore is
// not needed for that.
//
// Make one with NewMemoryStore. It is safe for concurrent use.
type MemoryStore struct {
	ttl time.Duration
	now func() time.Time

	mu     sync.Mutex
	scopes map[string]*storeScope
	swept  time.Time // the last sweep of forgotten scopes
	closed bool
}

// MemoryStoreOptions configures a MemoryStore.
type MemoryStoreOptions struct {
	// TTL is how long a scope is kept after its last write. Default 10
	// minutes, as the redisstore's. Must be > 0.
	TTL time.Duration

	// Now is the store's clock. Default nil: time.Now. A simulation sets
	// its virtual clock.
	Now func() time.Time
}

// errStoreClosed is what a closed MemoryStore returns.
var errStoreClosed = errors.New("awsretry: the memory store is closed")

// NewMemoryStore returns an empty MemoryStore with the defaults of
// MemoryStoreOptions changed by optFns, in order.
//
// Errors: ErrInvalidOptions for a nil option function or a TTL that is not
// > 0.
func NewMemoryStore(optFns ...func(*MemoryStoreOptions)) (*MemoryStore, error) {
	o := MemoryStoreOptions{TTL: 10 * time.Minute, Now: time.Now}
	for i, fn := range optFns {
		if fn == nil {
			return nil, fmt.Errorf("%w: memory store option function %d is nil", ErrInvalidOptions, i)
		}
		fn(&o)
	}
	if o.TTL <= 0 {
		return nil, fmt.Errorf("%w: MemoryStoreOptions.TTL is %v, want > 0", ErrInvalidOptions, o.TTL)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &MemoryStore{ttl: o.TTL, now: o.Now, scopes: map[string]*storeScope{}}, nil
}

// Load implements LimiterStore.
func (s *MemoryStore) Load(ctx context.Context, scope string) (StoreRate, error) {
	var r StoreRate
	err := s.do(ctx, func(now time.Time) {
		if sc := s.lookup(scope, now); sc != nil {
			r = sc.rate
			r.Data = bytes.Clone(r.Data)
		}
	})
	return r, err
}

// Attempt implements LimiterStore.
func (s *MemoryStore) Attempt(ctx context.Context, scope string, a StoreAttempt) (StoreResult, error) {
	var res StoreResult
	err := s.do(ctx, func(now time.Time) { res = s.scope(scope, now).attempt(a, now) })
	return res, err
}

// CloseWindow implements LimiterStore.
func (s *MemoryStore) CloseWindow(ctx context.Context, scope string, c StoreClose) (bool, error) {
	var closed bool
	err := s.do(ctx, func(now time.Time) {
		sc := s.lookup(scope, now)
		if sc == nil && c.Version == 0 && c.Window.Start.IsZero() {
			sc = s.scope(scope, now)
		}
		closed = sc != nil && sc.closeWindow(c, now)
	})
	return closed, err
}

// Close empties the store; every method returns an error after it. It
// returns nil.
func (s *MemoryStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed, s.scopes = true, nil
	return nil
}

// Len returns how many scopes the store holds, the forgotten ones left out.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(s.now(), true)
	return len(s.scopes)
}

// do runs op under the lock at the store's now, or returns why it cannot.
func (s *MemoryStore) do(ctx context.Context, op func(now time.Time)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("awsretry: memory store: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errStoreClosed
	}
	now := s.now()
	s.sweep(now, false)
	op(now)
	return nil
}

// lookup returns name's state, or nil when there is none or its TTL has
// passed. s.mu is held.
func (s *MemoryStore) lookup(name string, now time.Time) *storeScope {
	sc := s.scopes[name]
	if sc != nil && now.Sub(sc.touched) >= s.ttl {
		delete(s.scopes, name)
		return nil
	}
	return sc
}

// scope returns name's state, making it when there is none. s.mu is held.
func (s *MemoryStore) scope(name string, now time.Time) *storeScope {
	sc := s.lookup(name, now)
	if sc == nil {
		sc = &storeScope{}
		s.scopes[name] = sc
	}
	return sc
}

// sweep forgets every scope untouched for the TTL, at most four times a
// TTL unless all is set, so that the map never grows with time (lookup
// forgets one scope when it is asked for). s.mu is held.
func (s *MemoryStore) sweep(now time.Time, all bool) {
	if !all && now.Sub(s.swept) < s.ttl/4 {
		return
	}
	s.swept = now
	for name, sc := range s.scopes {
		if now.Sub(sc.touched) >= s.ttl {
			delete(s.scopes, name)
		}
	}
}
