package awsretry

import (
	"context"
	"fmt"
	"os"
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
// retries, and sleeps Delay × Backoff^k between attempts, jittered. A
// Budget, when set, is taken from for each retry and refunded on success;
// an empty one stops the SDK's retries with ErrBudgetExhausted in the
// error. OnRetry and Logger see each retry; the SDK does not tell the
// retryer which operation it runs, so RetryEvent.Method is "".
//
// A Limiter, when set, is waited for before every attempt (with Sleep), in
// the scope of the SDK's operation name, and told every outcome.
//
// Differences from the proxy, since the SDK runs the loop: the SDK sleeps
// between attempts itself (Sleep is not used there, and a sleep past the
// context's deadline is started), and DecorrelatedJitter, which needs the
// previous sleep, is given the previous un-jittered one instead.
//
// Tracing and metrics: the SDK's operation span is the call's span, and its
// client.call.* metrics count calls and attempts. The MeterProvider in
// Options gets awsretry.retries (with rpc.method and awsretry.code),
// awsretry.gave_up for a call the Budget or the Limiter stopped, the
// Limiter's waits and rates, and
// awsretry.sleep.duration for each sleep the SDK is told to make. The
// TracerProvider is not used.
//
// Errors: Decorate's option errors, and ErrInvalidOptions for
// DisableSDKRetries, which would turn off the retryer being made.
func NewRetryer(optFns ...func(*Options)) (aws.RetryerV2, error) {
	opts, err := buildOptions(DefaultOptions(), optFns)
	if err != nil {
		return nil, err
	}
	if opts.DisableSDKRetries {
		return nil, fmt.Errorf("%w: DisableSDKRetries is true, but NewRetryer makes the SDK's retryer itself; set Tries = 1 for a single attempt", ErrInvalidOptions)
	}
	r, err := newRetrier(opts, nil)
	if err != nil {
		return nil, err
	}
	return &sdkRetryer{r: r}, nil
}

// sdkRetryer adapts a retrier to the SDK's retry middleware.
type sdkRetryer struct{ r *retrier }

// IsErrorRetryable applies the classifier.
func (s *sdkRetryer) IsErrorRetryable(err error) bool {
	_, retry := s.r.class.classify(err)
	return retry
}

// MaxAttempts returns Tries.
func (s *sdkRetryer) MaxAttempts() int { return s.r.opts.Tries }

// RetryDelay returns the sleep after the failed attempt and reports the
// retry to OnRetry and the Logger. The SDK numbers that attempt from 1, or
// from 0 when AWS_NEW_RETRIES_2026=true, as its retry middleware does.
func (s *sdkRetryer) RetryDelay(attempt int, err error) (time.Duration, error) {
	k := attempt - 1
	if os.Getenv("AWS_NEW_RETRIES_2026") == "true" {
		k = attempt
	}
	k = max(k, 0)
	var prev time.Duration
	if k > 0 {
		prev = s.r.opts.backoff(k - 1)
	}
	d := s.r.opts.sleepFor(k, prev, s.r.rnd)
	code := ErrorCode(err)
	s.r.notify(context.Background(), RetryEvent{Attempt: k + 1, Code: code, Err: err, Delay: d})
	s.r.stats.retry(code)
	s.r.tel.sdkSleep(d)
	return d, nil
}

// GetRetryToken takes a retry's cost from the Budget, when there is one.
func (s *sdkRetryer) GetRetryToken(ctx context.Context, err error) (func(error) error, error) {
	if b := s.r.opts.Budget; b != nil && !b.take(BudgetRetryCost) {
		s.r.tel.sdkGaveUp(ctx, reasonBudget)
		return nil, ErrBudgetExhausted
	}
	s.r.tel.sdkRetried(ctx, ErrorCode(err))
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
	method := awsmiddleware.GetOperationName(ctx)
	sc, err := s.r.limit(ctx, method)
	if err != nil {
		s.r.tel.sdkGaveUp(ctx, giveUpReason(err))
		return nil, err
	}
	return func(err error) error {
		l.report(sc, method, err)
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
