package awsretry_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// lateTimerCtx is a context whose deadline can pass while its Done channel
// stays open, as happens when the runtime fires the context's timer late on
// a loaded machine (the soak measured timers 2 s late). Err is nil until
// then.
type lateTimerCtx struct {
	context.Context
	mu       sync.Mutex
	deadline time.Time
}

func (c *lateTimerCtx) Deadline() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.deadline, true
}

func (c *lateTimerCtx) setDeadline(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deadline = t
}

// An attempt never starts after the context's deadline, even when the
// context does not say it is done yet: once before the first attempt, and
// after a sleep that ended past the deadline.
func TestNoAttemptStartsAfterTheDeadline(t *testing.T) {
	cases := []struct {
		name         string
		deadlineIn   time.Duration // from now, when the call starts
		sleepPasses  bool          // the sleep ends after the deadline
		wantAttempts int
	}{
		{"deadline passed before the call", -time.Second, false, 0},
		{"deadline passed in the sleep", time.Hour, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newScripted(apiErr("RequestLimitExceeded"), apiErr("RequestLimitExceeded"))
			ctx := &lateTimerCtx{Context: context.Background(), deadline: time.Now().Add(tc.deadlineIn)}
			p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
				o.Tries = 5
				o.Delay = time.Millisecond
				o.Sleep = func(context.Context, time.Duration) error {
					if tc.sleepPasses {
						ctx.setDeadline(time.Now().Add(-time.Millisecond))
					}
					return nil
				}
			})

			_, err := p.Call("Op", ctx, &OpInput{})

			var re *awsretry.RetryError
			require.ErrorAs(t, err, &re)
			require.Equal(t, tc.wantAttempts, re.Attempts)
			require.Equal(t, tc.wantAttempts, s.Calls())
			require.True(t, errors.Is(re.Cause, context.DeadlineExceeded), "cause %v", re.Cause)
			require.Equal(t, int64(tc.wantAttempts), p.Stats().Attempts)
		})
	}
}
