package awsretry_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestStatsCountEveryOutcome(t *testing.T) {
	s := newScripted(
		apiErr("RequestLimitExceeded"), apiErr("InvalidInstanceID.NotFound"), nil, // call 1: 3 attempts, succeeds
		apiErr("AuthFailure"),                                                                          // call 2: not retried
		apiErr("RequestLimitExceeded"), apiErr("RequestLimitExceeded"), apiErr("RequestLimitExceeded"), // call 3: gives up
	)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) {
		o.Tries, o.Delay, o.Backoff = 3, time.Second, 2
	})
	ctx := context.Background()
	_, err := p.Call("Op", ctx, &OpInput{})
	require.NoError(t, err)
	_, err = p.Call("Op", ctx, &OpInput{})
	require.Error(t, err)

	child, err := p.With(func(o *awsretry.Options) { o.Delay = time.Minute })
	require.NoError(t, err)
	_, err = child.Call("Op", ctx, &OpInput{})
	require.Error(t, err)

	done, cancel := context.WithCancel(ctx)
	cancel()
	_, err = p.Call("Op", done, &OpInput{}) // no attempt at all
	require.Error(t, err)

	want := awsretry.Stats{
		Calls:    4,
		Attempts: 7,
		Retries:  4,
		GaveUp:   2,
		Slept:    time.Second + 2*time.Second + time.Minute + 2*time.Minute,
		ByCode:   map[string]int64{"RequestLimitExceeded": 3, "InvalidInstanceID.NotFound": 1},
	}
	assert.Equal(t, want, p.Stats())
	assert.Equal(t, want, child.Stats(), "shared with proxies made by With")
	assert.Equal(t, 7, s.Calls())
}

func TestStatsOfANewProxy(t *testing.T) {
	st := awsretry.MustDecorate(newScripted()).Stats()
	assert.Equal(t, awsretry.Stats{ByCode: map[string]int64{}}, st)
}

func TestStatsCountErrorsWithoutACodeUnderNoCode(t *testing.T) {
	s := newScripted(errPlain, errPlain, apiErr("RequestLimitExceeded"), nil)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) {
		o.Retryable = func(err error) bool { return err == errPlain }
	})
	_, err := p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{awsretry.NoCode: 2, "RequestLimitExceeded": 1}, p.Stats().ByCode)
	assert.NotContains(t, p.Stats().ByCode, "", "no empty key")
}
