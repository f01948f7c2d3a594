package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/limitertest"
)

// agedMemory is a MemoryStore on a virtual clock, which Age moves.
type agedMemory struct {
	*awsretry.MemoryStore
	ttl time.Duration
	mu  sync.Mutex
	now time.Time
}

func newAgedMemory(t *testing.T) awsretry.LimiterStore {
	m := &agedMemory{ttl: time.Minute, now: time.Unix(1_700_000_000, 0)}
	s, err := awsretry.NewMemoryStore(func(o *awsretry.MemoryStoreOptions) { o.TTL, o.Now = m.ttl, m.clock })
	require.NoError(t, err)
	m.MemoryStore = s
	return m
}

func (m *agedMemory) clock() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = m.now.Add(time.Microsecond) // a store's clock moves on between operations
	return m.now
}

func (m *agedMemory) TTL() time.Duration { return m.ttl }

func (m *agedMemory) Age(t *testing.T, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = m.now.Add(d)
}

func (m *agedMemory) Scopes(t *testing.T) int { return m.Len() }

func TestMemoryStoreConformance(t *testing.T) {
	limitertest.TestStore(t, newAgedMemory)
}

func TestNewMemoryStoreOptions(t *testing.T) {
	for _, tt := range []struct {
		name string
		fns  []func(*awsretry.MemoryStoreOptions)
		want string // in the error; "" for none
	}{
		{"defaults", nil, ""},
		{"nil option function", []func(*awsretry.MemoryStoreOptions){nil}, "option function 0 is nil"},
		{"zero TTL", []func(*awsretry.MemoryStoreOptions){func(o *awsretry.MemoryStoreOptions) { o.TTL = 0 }}, "TTL is 0s"},
		{"negative TTL", []func(*awsretry.MemoryStoreOptions){func(o *awsretry.MemoryStoreOptions) { o.TTL = -time.Second }}, "TTL is -1s"},
		{"nil Now is time.Now", []func(*awsretry.MemoryStoreOptions){func(o *awsretry.MemoryStoreOptions) { o.Now = nil }}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := awsretry.NewMemoryStore(tt.fns...)
			if tt.want == "" {
				require.NoError(t, err)
				res, err := s.Attempt(context.Background(), "x", awsretry.StoreAttempt{})
				require.NoError(t, err)
				assert.WithinDuration(t, time.Now(), res.Now, time.Minute)
				return
			}
			assert.Nil(t, s)
			assert.True(t, errors.Is(err, awsretry.ErrInvalidOptions), "error %v does not wrap ErrInvalidOptions", err)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func ExampleNewMemoryStore() {
	// A store on a virtual clock, as a simulation of a fleet uses one.
	now := time.Unix(1_700_000_000, 0)
	store, err := awsretry.NewMemoryStore(func(o *awsretry.MemoryStoreOptions) {
		o.Now = func() time.Time { return now }
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	// A rate of 4 attempts a second, set where the store holds none.
	_, _ = store.CloseWindow(ctx, "DescribeInstances", awsretry.StoreClose{Interval: 250 * time.Millisecond})
	for range 3 {
		res, _ := store.Attempt(ctx, "DescribeInstances", awsretry.StoreAttempt{Reserve: true})
		fmt.Println("wait", res.Wait)
	}
	// Output:
	// wait 0s
	// wait 250ms
	// wait 500ms
}
