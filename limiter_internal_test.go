package awsretry

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLimiterGiveUpIsItsOwnCause: a give-up for the Limiter's slot and one
// for a backoff sleep are both context.DeadlineExceeded to errors.Is, and
// differ by type, so that tools can report them apart.
func TestLimiterGiveUpIsItsOwnCause(t *testing.T) {
	causes := map[string]error{
		"limiter":  &limiterDeadline{wait: time.Second, left: time.Millisecond},
		"deadline": &waitPastDeadline{wait: time.Second, left: time.Millisecond},
	}
	for name, cause := range causes {
		err := error(&RetryError{Method: "Op", Cause: cause})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: errors.Is(err, context.DeadlineExceeded) is false", name)
		}
		var ld *limiterDeadline
		if got := errors.As(err, &ld); got != (name == "limiter") {
			t.Errorf("%s: errors.As(err, *limiterDeadline) = %v", name, got)
		}
	}
}
