package awsretry_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestRetriesUntilSuccessWithTheSchedule(t *testing.T) {
	var sl sleeps
	s := newScripted(apiErr("RequestLimitExceeded"), apiErr("InvalidInstanceID.NotFound"), apiErr("InternalError"))
	p, err := awsretry.Decorate(s, sl.fast)
	require.NoError(t, err)

	out, err := p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, &OpOutput{N: 4}, out)
	assert.Equal(t, []time.Duration{3 * time.Second, 3300 * time.Millisecond, 3630 * time.Millisecond}, sl.got())
}

func TestTriesRunOut(t *testing.T) {
	for _, tries := range []int{1, 2, 10} {
		var sl sleeps
		s := newScripted(repeat(apiErr("ServiceUnavailable"), 20)...)
		p, err := awsretry.Decorate(s, sl.fast, func(o *awsretry.Options) { o.Tries = tries })
		require.NoError(t, err)

		out, err := p.Call("Op", context.Background(), &OpInput{})
		assert.Nil(t, out)
		var re *awsretry.RetryError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, tries, re.Attempts)
		assert.Equal(t, "Op", re.Method)
		assert.Nil(t, re.Cause)
		var ae smithy.APIError
		require.ErrorAs(t, err, &ae, "the API error is still found through the RetryError")
		assert.Equal(t, "ServiceUnavailable", ae.ErrorCode())
		assert.Equal(t, tries, s.Calls())
		assert.Len(t, sl.got(), tries-1)
		assert.Contains(t, err.Error(), "gave up after")
	}
}

func TestNonRetryableAfterRetriesComesBackUnchanged(t *testing.T) {
	final := apiErr("AuthFailure")
	s := newScripted(apiErr("InternalError"), final)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast)
	_, err := p.Call("Op", context.Background(), &OpInput{})
	assert.Same(t, final, err)
	assert.Equal(t, 2, s.Calls())
}

func TestCancelDuringSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := newScripted(repeat(apiErr("InternalError"), 5)...)
	slept := 0
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			slept++
			if slept == 2 {
				cancel()
			}
			return ctx.Err()
		}
	})
	_, err := p.Call("Op", ctx, &OpInput{})
	require.ErrorIs(t, err, context.Canceled)
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "InternalError", ae.ErrorCode())
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Attempts)
	assert.Equal(t, 2, s.Calls(), "no attempt after the cancellation")
}

func TestContextDoneBeforeFirstAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := newScripted()
	p := awsretry.MustDecorate(s)
	out, err := p.Call("Op", ctx, &OpInput{})
	assert.Nil(t, out)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, s.Calls(), "no attempt with a done context")
}

func TestSleepPastDeadlineIsNotStarted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	var sl sleeps
	s := newScripted(repeat(apiErr("InternalError"), 5)...)
	p := awsretry.MustDecorate(s, sl.fast, func(o *awsretry.Options) { o.Delay, o.Backoff = 40*time.Minute, 2 })
	_, err := p.Call("Op", ctx, &OpInput{})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, []time.Duration{40 * time.Minute}, sl.got(), "the 80-minute sleep is not started")
	assert.Equal(t, 2, s.Calls())
	assert.Contains(t, err.Error(), "stopped after 2 attempts: the next sleep (1h20m0s) would end after the context's deadline (",
		"says the deadline has not passed, and which wait would pass it")
	assert.NotContains(t, err.Error(), "context deadline exceeded", "the deadline had not passed")
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	require.ErrorIs(t, re.Cause, context.DeadlineExceeded)
}
