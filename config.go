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
//
// # Which errors are retried
//
// The first rule that decides wins:
//
//  1. never context.Canceled;
//  2. never a code in ExcludedExceptions;
//  3. a code in DefaultExceptions or AddedExceptions;
//  4. a code in which NotFoundPattern is found ("not visible yet");
//  5. an error that Retryable accepts;
//  6. nothing else.
//
// Codes are exact and case-sensitive, read with ErrorCode. Once the call's
// own context is done, nothing is retried, whatever the rules say. A
// context.DeadlineExceeded while that context is live is a timeout of a
// layer below, such as http.Client's: it has no code, so only Retryable
// (IsTransient, for one) can retry it.
//
// # The schedule
//
// The sleep before retry k (k = 1, 2, ...) is Delay × Backoff^(k-1),
// capped by MaxDelay when it is set, then jittered. With DefaultOptions it
// is awsretry 1.0.2's:
//
//	retry  sleep        slept in all
//	1      3s           3s
//	2      3.3s         6.3s
//	3      3.63s        9.93s
//	4      3.993s       13.923s
//	5      4.3923s      18.3153s
//	6      4.83153s     23.14683s
//	7      5.314683s    28.461513s
//	8      5.8461513s   34.3076643s
//	9      6.43076643s  40.73843073s
//
// and the tenth attempt is the last. A sleep that would end after the
// context's deadline is not started: the call gives up at once.
type Options struct {
	// Tries is the number of attempts in all, the first included. Default
	// DefaultTries (10). 1 means one call and no retry. Must be at least 1.
	Tries int

	// Delay is the sleep before the first retry. Default DefaultDelay (3s).
	// Must be 0 or at least 1ms. It is a time.Duration, not Python's
	// seconds: write 2 * time.Second, since a bare 2 means 2ns and is
	// rejected.
	Delay time.Duration

	// Backoff multiplies each sleep to get the next: the sleep before retry
	// k is Delay × Backoff^(k-1) (the table is under "The schedule"). Default
	// DefaultBackoff (1.1). Must be positive and finite; below 1 the sleeps
	// shrink.
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

	// Logger, when set, gets one Info record per retry, "awsretry:
	// retrying", with the method, the attempt, the error code, the HTTP
	// status and the request ID (when the error has them) and the delay.
	// Default nil: silent.
	Logger *slog.Logger

	// LogErrorText, when true, adds the error's text to the Logger's
	// records, as the attribute "error". Default false, because the text
	// is the server's message and the SDK's, and these can quote the
	// input: EC2's "The instance ID 'i-…' does not exist", or a request
	// URL with a bucket and a key. Turn it on where logs may hold inputs.
	// RetryEvent.Err and the error returned always keep the whole error.
	LogErrorText bool

	// Budget, when set, limits retries with a token bucket that many proxies
	// can share. Default nil: no limit beyond Tries. See Budget.
	Budget *Budget

	// Limiter, when set, paces attempts once the server throttles: every
	// attempt, the first included, waits for its slot (through Sleep), and
	// every outcome is reported to it. One Limiter can be shared by every
	// entry point. Default nil: no pacing, awsretry 1.0.2's behaviour. See
	// Limiter.
	Limiter *Limiter

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
	// named awsretry.<Method>, whose context the method is called with (see
	// docs/telemetry.md). Default: Decorate takes the client's own, from its
	// Options() method, before optFns run, so that an option can replace it
	// or set it to nil; nil elsewhere. nil and smithy-go's
	// NopTracerProvider record nothing and cost nothing.
	TracerProvider tracing.TracerProvider

	// MeterProvider, when set, gets the awsretry.* counters and the sleep
	// histogram. Defaults as for TracerProvider. Errors: ErrInvalidOptions
	// when it refuses to make an instrument.
	MeterProvider metrics.MeterProvider

	// Sleep waits between attempts. Default nil: a timer that returns
	// ctx.Err() as soon as ctx is done. Tests set it to avoid real sleeps.
	Sleep func(ctx context.Context, d time.Duration) error
}

// awsretry 1.0.2's defaults: @AWSRetry.backoff(tries=10, delay=3,
// backoff=1.1).
const (
	DefaultTries   = 10              // attempts in all, the first included
	DefaultDelay   = 3 * time.Second // the sleep before the first retry
	DefaultBackoff = 1.1             // the factor from one sleep to the next
)

// DefaultOptions returns awsretry 1.0.2's defaults: DefaultTries (10)
// tries, a DefaultDelay (3s) first sleep, a DefaultBackoff (1.1) factor, no
// jitter, no cap, and the retried codes of DefaultExceptions; every other
// field is unset. Its schedule is the table on Options: the tenth attempt
// starts 40.7s after the first fails.
func DefaultOptions() Options {
	return Options{Tries: DefaultTries, Delay: DefaultDelay, Backoff: DefaultBackoff, Jitter: NoJitter}
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
	case o.Limiter != nil && o.Limiter.scopes == nil:
		return fmt.Errorf("%w: Limiter is a zero Limiter, want one made with NewLimiter", ErrInvalidOptions)
	case !o.Jitter.valid():
		return fmt.Errorf("%w: Jitter is %v, want %s", ErrInvalidOptions, o.Jitter, jitterChoices)
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
