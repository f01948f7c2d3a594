package awsretry

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestJitterBounds(t *testing.T) {
	ms := time.Millisecond
	lowest := func(int64) int64 { return 0 }
	highest := func(n int64) int64 { return n - 1 }
	tests := []struct {
		jitter   Jitter
		max      time.Duration // MaxDelay
		k        int
		prev     time.Duration
		low, top time.Duration
	}{
		{FullJitter, 0, 0, 0, 0, 100 * ms},
		{FullJitter, 0, 2, 0, 0, 400 * ms},
		{FullJitter, 150 * ms, 2, 0, 0, 150 * ms},
		{EqualJitter, 0, 0, 0, 50 * ms, 100 * ms},
		{EqualJitter, 0, 3, 0, 400 * ms, 800 * ms},
		{DecorrelatedJitter, 0, 0, 0, 100 * ms, 300 * ms},
		{DecorrelatedJitter, 0, 5, 300 * ms, 100 * ms, 900 * ms},
		{DecorrelatedJitter, 500 * ms, 5, 300 * ms, 100 * ms, 500 * ms},
		{DecorrelatedJitter, 0, 5, math.MaxInt64 / 2, 100 * ms, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.jitter.String(), func(t *testing.T) {
			o := DefaultOptions()
			o.Delay, o.Backoff, o.MaxDelay, o.Jitter = 100*ms, 2, tt.max, tt.jitter
			assert.Equal(t, tt.low, o.sleepFor(tt.k, tt.prev, lowest), "lowest draw")
			assert.Equal(t, tt.top, o.sleepFor(tt.k, tt.prev, highest), "highest draw")
			for range 200 {
				d := o.sleepFor(tt.k, tt.prev, randN)
				assert.True(t, d >= tt.low && d <= tt.top, "%v outside [%v, %v]", d, tt.low, tt.top)
			}
		})
	}
}

func TestJitterSpreadsAndIsConcurrencySafe(t *testing.T) {
	o := DefaultOptions()
	o.Delay, o.Jitter = time.Second, FullJitter
	var wg sync.WaitGroup
	seen := make([]map[time.Duration]bool, 8)
	for g := range seen {
		seen[g] = map[time.Duration]bool{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				seen[g][o.sleepFor(0, 0, randN)] = true
			}
		}()
	}
	wg.Wait()
	for g := range seen {
		assert.Greater(t, len(seen[g]), 90, "FullJitter draws should almost never repeat")
	}
}

func TestJitterString(t *testing.T) {
	assert.Equal(t, "DecorrelatedJitter", DecorrelatedJitter.String())
	assert.Equal(t, "Jitter(7)", Jitter(7).String())
	assert.Equal(t, "Jitter(-1)", Jitter(-1).String())
}

// TestUniform: both ends of [lo, hi] can be drawn, an empty or inverted
// range gives lo without asking for randomness, and the widest range does
// not overflow.
func TestUniform(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi time.Duration
		draw   func(n int64) int64 // nil: must not be called
		want   time.Duration
		wantN  int64 // the n drawn from; 0 when none
	}{
		{"lowest draw", 10, 20, func(int64) int64 { return 0 }, 10, 11},
		{"highest draw", 10, 20, func(n int64) int64 { return n - 1 }, 20, 11},
		{"a single point", 5, 5, nil, 5, 0},
		{"hi below lo", 9, 5, nil, 9, 0},
		{"the widest range", 0, math.MaxInt64, func(n int64) int64 { return n - 1 }, math.MaxInt64 - 1, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotN int64
			rnd := func(n int64) int64 {
				if tt.draw == nil {
					t.Fatalf("randomness asked for, from %d", n)
				}
				gotN = n
				return tt.draw(n)
			}
			assert.Equal(t, tt.want, uniform(rnd, tt.lo, tt.hi))
			assert.Equal(t, tt.wantN, gotN)
		})
	}
}
