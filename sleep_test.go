package awsretry_test

import (
	"context"
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
