package awsretry

import (
	"context"
	"fmt"
	"time"
)

// waitPastDeadline is a RetryError's Cause when the loop stopped because its
// next wait, a backoff sleep or the Limiter's slot, would end after the
// context's deadline, so the wait was not started. The deadline has not
// passed yet, but the call cannot finish before it; errors.Is(cause,
// context.DeadlineExceeded) is true.
type waitPastDeadline struct {
	wait  time.Duration // the wait that was not started
	left  time.Duration // what was left until the deadline
	limit bool          // the wait was for the Limiter's slot, not a sleep
}

// Error says what the wait was for, how long it was, and how much time was
// left.
func (e *waitPastDeadline) Error() string {
	what := fmt.Sprintf("the next sleep (%v) would end", e.wait)
	if e.limit {
		what = fmt.Sprintf("the Limiter's next slot (in %v) would start", e.wait)
	}
	return fmt.Sprintf("%s after the context's deadline (%v left), so the loop stopped before it", what, e.left.Round(time.Millisecond))
}

// Is reports whether target is context.DeadlineExceeded.
func (e *waitPastDeadline) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout is true, as it is for context.DeadlineExceeded.
func (e *waitPastDeadline) Timeout() bool { return true }

// pastDeadline returns a waitPastDeadline if a wait of d would end after
// ctx's deadline, and nil otherwise.
func pastDeadline(ctx context.Context, d time.Duration) error {
	dl, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	if left := time.Until(dl); left < d {
		return &waitPastDeadline{wait: d, left: left}
	}
	return nil
}

// ctxDone returns ctx's error, or context.DeadlineExceeded when ctx's
// deadline has passed but its timer has not fired yet. On a loaded machine
// the runtime can fire that timer seconds late, and an attempt started then
// would run, and perhaps write, after the caller's deadline (make soak saw a
// request sent 0.6 s after it).
func ctxDone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}
