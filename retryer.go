package awsretry

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
)

// NewRetryer returns an aws.RetryerV2 with the proxy's classifier and
// schedule, so typed code, paginators and waiters get awsretry's policy
// inside the SDK, without a proxy:
//
//	r, err := awsretry.NewRetryer(func(o *awsretry.Options) { o.Tries = 5 })
//	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.Retryer = r })
//
// The SDK then makes at most Tries attempts, retries what the classifier
// retries, and sleeps Delay × Backoff^k between attempts, jittered. When the
// tries run out, the call's error holds a *RetryError, as through the
// proxy: errors.As(err, &retryErr) gives the attempts and the last error. A
// Budget, when set, is taken from for each retry and refunded on success;
// an empty one stops the SDK's retries with ErrBudgetExhausted in the
// error. OnRetry and Logger see each retry, with the SDK's operation name
// as RetryEvent.Method.
//
// A Limiter, when set, is waited for before every attempt (with Sleep), in
// the scope of the SDK's operation name, and told every outcome.
//
// Differences from the proxy, since the SDK runs the loop: the SDK sleeps
// between attempts itself (Sleep is not used there, and a sleep past the
// context's deadline is started); DecorrelatedJitter, which needs the
// previous sleep, is given the previous un-jittered one instead; and the
// SDK asks the Budget before the retryer can tell that the tries have run
// out, so an empty Budget at the last attempt gives ErrBudgetExhausted.
//
// Tracing and metrics: the SDK's operation span is the call's span, and its
// client.call.* metrics count calls and attempts. The MeterProvider in
// Options gets awsretry.retries (with rpc.method and awsretry.code),
// awsretry.gave_up for a call the Budget or the Limiter stopped, the
// Limiter's waits and rates, and awsretry.sleep.duration for each sleep the
// SDK is told to make. The TracerProvider is not used.
//
// Errors: Decorate's option errors, and ErrInvalidOptions for
// DisableSDKRetries, which would turn off the retryer being made.
func NewRetryer(optFns ...func(*Options)) (aws.RetryerV2, error) {
	r, err := newRetrier(DefaultOptions(), optFns, nil, func(o *Options) error {
		if o.DisableSDKRetries {
			return fmt.Errorf("%w: DisableSDKRetries is true, but NewRetryer makes the SDK's retryer itself; set Tries = 1 for a single attempt", ErrInvalidOptions)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &sdkRetryer{r: r}, nil
}

// sdkRetryer adapts a retrier to the SDK's retry middleware, which runs the
// loop and calls these methods at its steps. It tells the retrier's
// observers what each step shows: GetAttemptToken the Limiter's wait and a
// give-up at its slot, GetRetryToken a give-up at the Budget, RetryDelay
// the retry and its sleep. The SDK makes its own span and counts calls and
// attempts itself, so callStarted, attemptStarted and callEnded are not
// told.
//
// The SDK asks GetRetryToken(ctx, err), which knows the operation, and then,
// at once and with the same err, RetryDelay(attempt, err), which knows the
// delay. pending carries the context from the one to the other, so that the
// retry is reported once, with both.
type sdkRetryer struct {
	r       *retrier
	mu      sync.Mutex
	pending map[error]context.Context // GetRetryToken's err → its ctx, until RetryDelay
}

// maxPending bounds pending, for a middleware that would ask GetRetryToken
// without RetryDelay: past it, a retry is reported without its operation.
const maxPending = 1024

// IsErrorRetryable applies the classifier.
func (s *sdkRetryer) IsErrorRetryable(err error) bool {
	_, retry := s.r.class.classify(err)
	return retry
}

// MaxAttempts returns 0, which tells the SDK not to count attempts itself:
// RetryDelay stops after Tries attempts, with a *RetryError, as the proxy
// does. (The SDK would end with its own *retry.MaxAttemptsError.)
func (s *sdkRetryer) MaxAttempts() int { return 0 }

// RetryDelay returns the sleep after the failed attempt and reports the
// retry and its sleep; after the last of Tries attempts it returns a
// *RetryError instead, which the SDK returns as the call's error, and
// refunds the Budget what GetRetryToken took. The SDK numbers that attempt
// from 1, or from 0 when AWS_NEW_RETRIES_2026=true, as its retry middleware
// does.
func (s *sdkRetryer) RetryDelay(attempt int, err error) (time.Duration, error) {
	k := attempt - 1
	if os.Getenv("AWS_NEW_RETRIES_2026") == "true" {
		k = attempt
	}
	k = max(k, 0)
	c := s.call(s.take(err))
	if k+1 >= s.r.opts.Tries {
		if b := s.r.opts.Budget; b != nil {
			b.refund(BudgetRetryCost)
		}
		c.attempts, c.reason = k+1, reasonTries
		s.r.obs.gaveUp(&c)
		return 0, &RetryError{Method: c.method, Attempts: k + 1, Err: err}
	}
	var prev time.Duration
	if k > 0 {
		prev = s.r.opts.backoff(k - 1)
	}
	d := s.r.opts.sleepFor(k, prev, s.r.rnd)
	s.r.obs.retryScheduled(&c, &RetryEvent{Method: c.method, Attempt: k + 1, Code: ErrorCode(err), Err: err, Delay: d})
	s.r.obs.slept(&c, d)
	return d, nil
}

// GetRetryToken takes a retry's cost from the Budget, when there is one.
func (s *sdkRetryer) GetRetryToken(ctx context.Context, err error) (func(error) error, error) {
	if b := s.r.opts.Budget; b != nil && !b.take(BudgetRetryCost) {
		s.gaveUp(ctx, ErrBudgetExhausted)
		return nil, ErrBudgetExhausted
	}
	s.put(err, ctx)
	return noRelease, nil
}

// GetInitialToken returns the function that refunds the Budget on success.
func (s *sdkRetryer) GetInitialToken() func(error) error { return s.release }

// GetAttemptToken waits for the Limiter, when there is one, in the scope
// of the SDK's operation name, and returns the function that reports the
// attempt's outcome to it and refunds the Budget on success.
func (s *sdkRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	l := s.r.opts.Limiter
	if l == nil {
		return s.release, nil
	}
	c := s.call(ctx)
	sc, err := s.r.limit(&c)
	if err != nil {
		s.gaveUp(ctx, err)
		return nil, err
	}
	return func(err error) error {
		if l.report(c.ctx, sc, c.method, err) {
			s.r.obs.limiterStoreFailed(&c)
		}
		return s.release(err)
	}, nil
}

func (s *sdkRetryer) release(err error) error {
	if b := s.r.opts.Budget; b != nil && err == nil {
		b.refund(BudgetSuccessRefund)
	}
	return nil
}

func noRelease(error) error { return nil }

// call is the call record of the SDK's operation that ctx belongs to (nil:
// unknown). It names the operation; the SDK keeps the rest.
func (s *sdkRetryer) call(ctx context.Context) call {
	if ctx == nil {
		return call{}
	}
	return call{ctx: ctx, method: awsmiddleware.GetOperationName(ctx)}
}

// gaveUp reports that the retryer stopped ctx's operation, for cause.
func (s *sdkRetryer) gaveUp(ctx context.Context, cause error) {
	c := s.call(ctx)
	c.reason = giveUpReason(cause)
	s.r.obs.gaveUp(&c)
}

// put keeps ctx for RetryDelay's report of err's retry. Only an err that is
// a pointer, as the SDK's are, is kept: it names one attempt's error.
func (s *sdkRetryer) put(err error, ctx context.Context) {
	if !isPointer(err) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		s.pending = map[error]context.Context{}
	}
	if len(s.pending) < maxPending {
		s.pending[err] = ctx
	}
}

// take returns and forgets the context that put kept for err, or nil.
func (s *sdkRetryer) take(err error) context.Context {
	if !isPointer(err) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx := s.pending[err]
	delete(s.pending, err)
	return ctx
}

func isPointer(err error) bool { return err != nil && reflect.TypeOf(err).Kind() == reflect.Pointer }
