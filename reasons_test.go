package awsretry

import (
	"context"
	"errors"
	"fmt"
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

// TestGiveUpReason: each Cause a *RetryError can hold gets the reason the
// docs/telemetry.md lists for awsretry.give_up_reason.
func TestGiveUpReason(t *testing.T) {
	tests := []struct {
		name  string
		cause error
		want  string
	}{
		{"the tries ran out", nil, "tries"},
		{"the Budget", ErrBudgetExhausted, "budget"},
		{"the Budget, wrapped", fmt.Errorf("stopped: %w", ErrBudgetExhausted), "budget"},
		{"the Limiter's slot past the deadline", &waitPastDeadline{wait: time.Second, left: time.Millisecond, limit: true}, "limiter"},
		{"a sleep past the deadline", &waitPastDeadline{wait: time.Second, left: time.Millisecond}, "deadline"},
		{"the deadline passed", context.DeadlineExceeded, "deadline"},
		{"the context was cancelled", context.Canceled, "canceled"},
		{"the Sleep hook failed", errors.New("sleep hook"), "canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := giveUpReason(tt.cause); got != tt.want {
				t.Errorf("giveUpReason = %q, want %q", got, tt.want)
			}
		})
	}
}
