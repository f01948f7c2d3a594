package awsretry

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLimiterGiveUpIsItsOwnCause: a give-up for the Limiter's slot and one
// for a backoff sleep are both context.DeadlineExceeded to errors.Is, and
// are told apart, so that tools can report them apart.
func TestLimiterGiveUpIsItsOwnCause(t *testing.T) {
	causes := map[string]error{
		"limiter":  &waitPastDeadline{wait: time.Second, left: time.Millisecond, limit: true},
		"deadline": &waitPastDeadline{wait: time.Second, left: time.Millisecond},
	}
	for name, cause := range causes {
		err := error(&RetryError{Method: "Op", Cause: cause})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: errors.Is(err, context.DeadlineExceeded) is false", name)
		}
		if got := limiterStopped(err); got != (name == "limiter") {
			t.Errorf("%s: limiterStopped(err) = %v", name, got)
		}
		if got := giveUpReason(cause); got != name {
			t.Errorf("%s: giveUpReason = %q", name, got)
		}
	}
}
