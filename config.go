package awsretry

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// Options configures the retry loop. Start from DefaultOptions and change
// fields in option functions, SDK-style:
//
//	p, err := awsretry.Decorate(client, func(o *awsretry.Options) {
//		o.Tries = 20
//		o.AddedExceptions = []string{"ConcurrentTagAccess"}
//	})
//
// The zero value is not valid: Tries must be at least 1 and Backoff positive.
type Options struct {
	// Tries is the number of attempts in all, the first included. Default 10.
	// 1 means one call and no retry. Must be at least 1.
	Tries int

	// Delay is the sleep before the first retry. Default 3s. Must be 0 or
	// at least 1ms. It is a time.Duration, not Python's seconds: write
	// 2 * time.Second, since a bare 2 means 2ns and is rejected.
	Delay time.Duration

	// Backoff multiplies each sleep to get the next. Default 1.1. Must be
	// positive and finite; below 1 the sleeps shrink.
	Backoff float64

	// AddedExceptions are error codes retried besides DefaultExceptions.
	// Exact and case-sensitive. Default none.
	AddedExceptions []string

	// ExcludedExceptions are error codes never retried. They are checked
	// before anything else, Retryable included. Default none.
	ExcludedExceptions []string

	// MaxDelay caps one sleep, before jitter. Default 0: no cap. Must be 0
	// or at least 1ms, like Delay.
	MaxDelay time.Duration

	// Jitter randomizes each sleep. Default NoJitter, awsretry's schedule.
	Jitter Jitter

	// Retryable, when set, is asked about an error that no code rule
	// decided; an error it accepts is retried. Default nil.
	Retryable func(error) bool

	// OnRetry, when set, is called before each sleep, on the calling
	// goroutine. Default nil.
	OnRetry func(RetryEvent)

	// Logger, when set, gets one Info record per retry. Default nil: silent.
	Logger *slog.Logger

	// Budget, when set, limits retries with a token bucket that many proxies
	// can share. Default nil: no limit beyond Tries. See Budget.
	Budget *Budget

	// DisableSDKRetries, when true, makes each attempt exactly one HTTP
	// request: for an SDK operation (its last parameter is ...func(*X), and
	// X has a Retryer field of type aws.Retryer) the proxy appends an option
	// function that sets the operation's Retryer to aws.NopRetryer{}. The
	// SDK's own retry token bucket is then never touched. Other methods are
	// called as they are. Default false: the client's retryer runs inside
	// each attempt, so attempts multiply (3 × Tries requests at the most with
	// the SDK's defaults). It applies to every entry point; NewRetryer,
	// which makes the SDK's retryer itself, rejects it.
	DisableSDKRetries bool

	// TracerProvider, when set, gets one span per call through the loop,
	// named awsretry.<Method>, whose context the method is called with. See
	// "Tracing and metrics" in the README. Default: Decorate takes the
	// client's own, from its Options() method, before optFns run, so that an
	// option can replace it or set it to nil; nil elsewhere. nil and
	// smithy-go's NopTracerProvider record nothing and cost nothing.
	TracerProvider tracing.TracerProvider

	// MeterProvider, when set, gets the awsretry.* counters and the sleep
	// histogram. Defaults as for TracerProvider. Errors: ErrInvalidOptions
	// when it refuses to make an instrument.
	MeterProvider metrics.MeterProvider

	// Sleep waits between attempts. Default nil: a timer that returns
	// ctx.Err() as soon as ctx is done. Tests set it to avoid real sleeps.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultOptions returns awsretry 1.0.2's defaults: 10 tries, a 3s first
// delay, a backoff of 1.1, no jitter and no cap.
func DefaultOptions() Options {
	return Options{Tries: 10, Delay: 3 * time.Second, Backoff: 1.1, Jitter: NoJitter}
}

// buildOptions applies optFns, in order, to a copy of base and validates the
// result. The slices are cloned first, so an option function that appends
// never writes into base's arrays.
func buildOptions(base Options, optFns []func(*Options)) (Options, error) {
	o := base
	o.AddedExceptions = slices.Clone(base.AddedExceptions)
	o.ExcludedExceptions = slices.Clone(base.ExcludedExceptions)
	for i, fn := range optFns {
		if fn == nil {
			return Options{}, fmt.Errorf("%w: option function %d is nil", ErrInvalidOptions, i)
		}
		fn(&o)
	}
	return o, o.validate()
}

// validate reports the first field that is out of range.
func (o *Options) validate() error {
	switch {
	case o.Tries < 1:
		return fmt.Errorf("%w: Tries is %d, want at least 1", ErrInvalidOptions, o.Tries)
	case o.Delay < 0:
		return fmt.Errorf("%w: Delay is %v, want >= 0", ErrInvalidOptions, o.Delay)
	case o.Delay > 0 && o.Delay < minDelay:
		return tooShort("Delay", o.Delay)
	case !(o.Backoff > 0) || math.IsInf(o.Backoff, 0):
		return fmt.Errorf("%w: Backoff is %v, want a finite number > 0", ErrInvalidOptions, o.Backoff)
	case o.MaxDelay < 0:
		return fmt.Errorf("%w: MaxDelay is %v, want >= 0 (0 means no cap)", ErrInvalidOptions, o.MaxDelay)
	case o.MaxDelay > 0 && o.MaxDelay < minDelay:
		return tooShort("MaxDelay", o.MaxDelay)
	case o.Budget != nil && o.Budget.capacity < 1:
		return fmt.Errorf("%w: Budget has capacity %d, want at least 1 (make it with NewBudget)", ErrInvalidOptions, o.Budget.capacity)
	case !o.Jitter.valid():
		return fmt.Errorf("%w: Jitter is %v, want NoJitter, FullJitter, EqualJitter or DecorrelatedJitter", ErrInvalidOptions, o.Jitter)
	}
	return nil
}

// minDelay is the shortest Delay or MaxDelay above zero that is accepted:
// anything shorter is almost surely seconds written as a bare number.
const minDelay = time.Millisecond

// tooShort rejects a Delay or MaxDelay in (0, minDelay), and says what was
// probably meant: Python's awsretry takes its delay in seconds.
func tooShort(field string, d time.Duration) error {
	if d < time.Microsecond { // a bare integer: o.Delay = 2
		return fmt.Errorf("%w: %s is %v; awsretry's delay is in seconds: did you mean %d * time.Second?", ErrInvalidOptions, field, d, int64(d))
	}
	return fmt.Errorf("%w: %s is %v, want 0 or at least %v", ErrInvalidOptions, field, d, minDelay)
}
