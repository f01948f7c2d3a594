package awsretry

import (
	"context"
	"errors"
)

// Give-up reasons: why the loop gave up on a call, as spans and metrics
// report it in awsretry.give_up_reason.
const (
	reasonTries    = "tries"    // the tries ran out
	reasonDeadline = "deadline" // ctx's deadline passed, or a sleep would pass it
	reasonCanceled = "canceled" // ctx was cancelled, or the Sleep hook failed
	reasonBudget   = "budget"   // the Budget had too few tokens
	reasonLimiter  = "limiter"  // the Limiter's slot would start after ctx's deadline
)

// giveUpReason names why the loop gave up, from a *RetryError's Cause.
func giveUpReason(cause error) string {
	switch {
	case cause == nil:
		return reasonTries
	case errors.Is(cause, ErrBudgetExhausted):
		return reasonBudget
	case limiterStopped(cause):
		return reasonLimiter
	case errors.Is(cause, context.DeadlineExceeded):
		return reasonDeadline
	default: // the context was cancelled, or the Sleep hook failed
		return reasonCanceled
	}
}

// limiterStopped reports whether cause is the Limiter's slot past the
// deadline.
func limiterStopped(cause error) bool {
	var w *waitPastDeadline
	return errors.As(cause, &w) && w.limit
}
