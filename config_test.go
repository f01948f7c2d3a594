package awsretry_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

func TestDecorateRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*awsretry.Options)
		want string
	}{
		{"zero tries", func(o *awsretry.Options) { o.Tries = 0 }, "Tries is 0"},
		{"negative delay", func(o *awsretry.Options) { o.Delay = -time.Second }, "Delay is -1s"},
		{"zero backoff", func(o *awsretry.Options) { o.Backoff = 0 }, "Backoff is 0"},
		{"negative backoff", func(o *awsretry.Options) { o.Backoff = -2 }, "Backoff is -2"},
		{"NaN backoff", func(o *awsretry.Options) { o.Backoff = math.NaN() }, "Backoff is NaN"},
		{"infinite backoff", func(o *awsretry.Options) { o.Backoff = math.Inf(1) }, "Backoff is +Inf"},
		{"negative cap", func(o *awsretry.Options) { o.MaxDelay = -1 }, "MaxDelay is -1ns"},
		{"delay in Python's seconds", func(o *awsretry.Options) { o.Delay = 2 }, "Delay is 2ns; awsretry's delay is in seconds: did you mean 2 * time.Second?"},
		{"cap in Python's seconds", func(o *awsretry.Options) { o.MaxDelay = 30 }, "MaxDelay is 30ns; awsretry's delay is in seconds: did you mean 30 * time.Second?"},
		{"delay below a millisecond", func(o *awsretry.Options) { o.Delay = 500 * time.Microsecond }, "Delay is 500µs, want 0 or at least 1ms"},
		{"unknown jitter", func(o *awsretry.Options) { o.Jitter = 9 }, "Jitter is Jitter(9)"},
		{"nil option", nil, "option function 0 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			s := newScripted()
			_, err := awsretry.Decorate(s, tt.fn)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.True(strings.Contains(err.Error(), tt.want))

			p := awsretry.MustDecorate(s)
			q, err := p.With(tt.fn)
			is.True(q == nil)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.Equal(s.Calls(), 0) // nothing called
		})
	}
}

// TestDefaultOptions: awsretry 1.0.2's defaults, valid as they are.
func TestDefaultOptions(t *testing.T) {
	is := is.New(t)
	want := awsretry.Options{Tries: 10, Delay: 3 * time.Second, Backoff: 1.1, Jitter: awsretry.NoJitter}
	is.Equal(awsretry.DefaultOptions(), want)
	p, err := awsretry.Decorate(newScripted())
	is.NoErr(err)
	is.Equal(p.Options(), want) // what Decorate uses without option functions
}

// TestOptionsAcceptTheEdges: each range's edge is inside it.
func TestOptionsAcceptTheEdges(t *testing.T) {
	lim, err := awsretry.NewLimiter()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		fn   func(*awsretry.Options)
	}{
		{"one try", func(o *awsretry.Options) { o.Tries = 1 }},
		{"no delay", func(o *awsretry.Options) { o.Delay = 0 }},
		{"a millisecond's delay", func(o *awsretry.Options) { o.Delay = time.Millisecond }},
		{"a millisecond's cap", func(o *awsretry.Options) { o.MaxDelay = time.Millisecond }},
		{"a tiny backoff", func(o *awsretry.Options) { o.Backoff = math.SmallestNonzeroFloat64 }},
		{"the largest finite backoff", func(o *awsretry.Options) { o.Backoff = math.MaxFloat64 }},
		{"the last jitter", func(o *awsretry.Options) { o.Jitter = awsretry.DecorrelatedJitter }},
		{"a budget of one", func(o *awsretry.Options) { o.Budget = awsretry.NewBudget(1) }},
		{"a Limiter", func(o *awsretry.Options) { o.Limiter = lim }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			_, err := awsretry.Decorate(newScripted(), tt.fn)
			is.NoErr(err)
			_, err = awsretry.Wrap(newScripted().Op, tt.fn)
			is.NoErr(err)
		})
	}
}

// TestShortDelaysSayWhatWasMeant: below a microsecond a delay is taken for
// Python's seconds; from a microsecond to a millisecond it is only too short.
func TestShortDelaysSayWhatWasMeant(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*awsretry.Options)
		want string
	}{
		{"999ns", func(o *awsretry.Options) { o.Delay = 999 }, "Delay is 999ns; awsretry's delay is in seconds: did you mean 999 * time.Second?"},
		{"1µs", func(o *awsretry.Options) { o.Delay = time.Microsecond }, "Delay is 1µs, want 0 or at least 1ms"},
		{"999µs", func(o *awsretry.Options) { o.Delay = time.Millisecond - time.Microsecond }, "Delay is 999µs, want 0 or at least 1ms"},
		{"a cap of 1ns", func(o *awsretry.Options) { o.MaxDelay = 1 }, "MaxDelay is 1ns; awsretry's delay is in seconds: did you mean 1 * time.Second?"},
		{"a cap of 1µs", func(o *awsretry.Options) { o.MaxDelay = time.Microsecond }, "MaxDelay is 1µs, want 0 or at least 1ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			_, err := awsretry.Decorate(newScripted(), tt.fn)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.Equal(err.Error(), "awsretry: invalid options: "+tt.want)
		})
	}
}
