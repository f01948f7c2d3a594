package awsretry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestRealSleepReturnsAtOnceOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := newScripted(repeat(apiErr("InternalError"), 5)...)
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Delay = time.Hour
		o.OnRetry = func(awsretry.RetryEvent) { cancel() } // just before the hour-long sleep
	})
	done := make(chan error, 1)
	go func() { _, err := p.Call("Op", ctx, &OpInput{}); done <- err }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second): // a bound on a hang, not a timing assertion
		t.Fatal("Call did not return after its context was cancelled")
	}
}

func TestWithoutContextSleepsRunToTheEnd(t *testing.T) {
	var got []context.Context
	s := newScripted(apiErr("InternalError"))
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error { got = append(got, ctx); return nil }
	})
	out, err := p.Call("Pair", 1, "x")
	require.NoError(t, err)
	assert.Equal(t, []any{2, "xx"}, out)
	require.Len(t, got, 1)
	assert.Nil(t, got[0].Done(), "the sleep gets a context that is never done")
}

// TestZeroDelayRetriesAtOnce: with Delay 0 and no Sleep hook the retries
// follow each other without a timer, and no time is counted as slept.
func TestZeroDelayRetriesAtOnce(t *testing.T) {
	s := newScripted(apiErr("InternalError"), apiErr("InternalError"))
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Delay = 0 })
	out, err := p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, &OpOutput{N: 3}, out)
	st := p.Stats()
	assert.EqualValues(t, 2, st.Retries)
	assert.Zero(t, st.Slept)
}

// TestAnInterruptedSleepCountsWhatItLasted: a Sleep hook that fails at once
// stops the loop with its error as the Cause, and Stats counts the time the
// sleep lasted, not the hour it was to last; one that returns nil counts the
// hour.
func TestAnInterruptedSleepCountsWhatItLasted(t *testing.T) {
	errStop := errors.New("sleep stopped")
	tests := []struct {
		name  string
		hook  error
		slept func(time.Duration) bool
	}{
		{"interrupted", errStop, func(d time.Duration) bool { return d < time.Hour }},
		{"to the end", nil, func(d time.Duration) bool { return d == time.Hour }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScripted(apiErr("InternalError"))
			p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
				o.Delay = time.Hour
				o.Sleep = func(context.Context, time.Duration) error { return tt.hook }
			})
			_, err := p.Call("Op", context.Background(), &OpInput{})
			if tt.hook != nil {
				var re *awsretry.RetryError
				require.ErrorAs(t, err, &re)
				assert.ErrorIs(t, re.Cause, errStop)
				assert.Equal(t, 1, s.Calls(), "no attempt after the failed sleep")
			} else {
				require.NoError(t, err)
			}
			assert.True(t, tt.slept(p.Stats().Slept), "Slept %v", p.Stats().Slept)
		})
	}
}
