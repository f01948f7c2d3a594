package main

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/failsafe-go/failsafe-go/adaptivethrottler"
	"golang.org/x/time/rate"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/bench/v010"
)

// schedule is what every strategy shares: the first delay, its growth, its
// cap and the attempts a call may make.
type schedule struct {
	Delay    time.Duration // base delay of every strategy
	Backoff  float64       // awsretry's multiplier (the SDK's is 2)
	MaxDelay time.Duration // cap on one sleep, before jitter
	Tries    int           // attempts per call, the first included
	Budget   int           // capacity of the shared awsretry.Budget
	Capacity float64       // the server's true rate, known to the oracle row only
}

// callFunc makes one DescribeInstances call, retries included.
type callFunc func(ctx context.Context) error

// run is one strategy's state for one run. It is made fresh for every run,
// so a shared Budget or limiter never carries over.
type run struct {
	// clientOpt configures each worker's client; nil leaves it as made.
	clientOpt func(*ec2.Options)
	// call returns the worker's call function for its client.
	call func(c *ec2.Client) (callFunc, error)
}

// strategy is one row of the table.
type strategy struct {
	Name  string
	Extra bool // an experiment outside the library, labelled as such
	start func(s schedule) run
}

// strategies lists the rows in table order.
func strategies() []strategy {
	return []strategy{
		proxy("awsretry NoJitter", awsretry.NoJitter, false, 0),
		proxy("awsretry FullJitter", awsretry.FullJitter, false, 0),
		proxy("awsretry EqualJitter", awsretry.EqualJitter, false, 0),
		proxy("awsretry DecorrelatedJitter", awsretry.DecorrelatedJitter, false, 0),
		proxy("awsretry NoJitter, Backoff 2", awsretry.NoJitter, false, 2),
		proxy("awsretry FullJitter, Backoff 2", awsretry.FullJitter, false, 2),
		proxy("awsretry EqualJitter, Backoff 2", awsretry.EqualJitter, false, 2),
		proxy("awsretry NoJitter + Budget", awsretry.NoJitter, true, 0),
		proxy("awsretry FullJitter + Budget", awsretry.FullJitter, true, 0),
		proxy("awsretry EqualJitter + Budget", awsretry.EqualJitter, true, 0),
		proxy("awsretry DecorrelatedJitter + Budget", awsretry.DecorrelatedJitter, true, 0),
		{Name: "SDK standard", start: sdkStandard},
		{Name: "SDK adaptive", start: sdkAdaptive},
		{Name: "SDK adaptive, one retryer for all clients", Extra: true, start: sdkAdaptiveShared},
		{Name: "awsretry FullJitter + Limiter", start: limitedProxy},
		{Name: "awsretry FullJitter + v0.1.0 Limiter", start: oldLimitedProxy},
		{Name: "failsafe-go adaptivethrottler (shared), then FullJitter", Extra: true, start: failsafeThrottled},
		{Name: oracleName, Extra: true, start: oracle},
	}
}

// oracleName names the oracle's row, which some scenarios leave out.
const oracleName = "oracle: x/time/rate at C, then FullJitter"

// proxyOptions is the one proxy configuration every worker shares: the
// schedule, SDK retries off (one attempt is one HTTP request), and budget
// when it is not nil.
func proxyOptions(s schedule, j awsretry.Jitter, budget *awsretry.Budget) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		o.Tries = s.Tries
		o.Delay = s.Delay
		o.Backoff = s.Backoff
		o.MaxDelay = s.MaxDelay
		o.Jitter = j
		o.Budget = budget
		o.DisableSDKRetries = true
	}
}

// proxy is awsretry with jitter j, with or without one Budget shared by
// every worker. A backoff other than 0 replaces the schedule's.
func proxy(name string, j awsretry.Jitter, withBudget bool, backoff float64) strategy {
	return strategy{Name: name, start: func(s schedule) run {
		if backoff != 0 {
			s.Backoff = backoff
		}
		var b *awsretry.Budget
		if withBudget {
			b = awsretry.NewBudget(s.Budget)
		}
		opts := proxyOptions(s, j, b)
		return run{call: func(c *ec2.Client) (callFunc, error) {
			return describeCall(c.DescribeInstances, opts)
		}}
	}}
}

// describeCall wraps op with awsretry and returns it as a callFunc.
func describeCall(op func(context.Context, *ec2.DescribeInstancesInput, ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error), opts func(*awsretry.Options)) (callFunc, error) {
	describe, err := awsretry.WrapOp(op, opts)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		_, err := describe(ctx, &ec2.DescribeInstancesInput{})
		return err
	}, nil
}

// sdkCall calls DescribeInstances on the client as it is, its retryer
// doing the retries.
func sdkCall(c *ec2.Client) (callFunc, error) {
	return func(ctx context.Context) error {
		_, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
		return err
	}, nil
}

// standardOptions gives the SDK's retryer the bench's schedule: Tries
// attempts, MaxDelay as its cap and sdkBackoff as its delays. The retry
// quota (500 tokens per retryer, 5 a retry) is left as the SDK makes it.
func standardOptions(s schedule) func(*retry.StandardOptions) {
	return func(o *retry.StandardOptions) {
		o.MaxAttempts = s.Tries
		o.MaxBackoff = s.MaxDelay
		o.Backoff = sdkBackoff{base: s.Delay, max: s.MaxDelay}
	}
}

// sdkStandard is the SDK's standard retryer, one per client as
// ec2.NewFromConfig makes it.
func sdkStandard(s schedule) run {
	return run{
		clientOpt: func(o *ec2.Options) { o.Retryer = retry.NewStandard(standardOptions(s)) },
		call:      sdkCall,
	}
}

// newAdaptive is the SDK's adaptive mode over the same standard options.
func newAdaptive(s schedule) *retry.AdaptiveMode {
	return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
		o.StandardOptions = append(o.StandardOptions, standardOptions(s))
	})
}

// sdkAdaptive is the SDK's adaptive mode, one retryer (so one client-side
// rate limiter) per client, as the SDK makes it.
func sdkAdaptive(s schedule) run {
	return run{
		clientOpt: func(o *ec2.Options) { o.Retryer = newAdaptive(s) },
		call:      sdkCall,
	}
}

// sdkAdaptiveShared gives every client the same adaptive retryer, so that
// its rate limiter sees the whole process's traffic (and its retry quota
// is shared too).
func sdkAdaptiveShared(s schedule) run {
	shared := newAdaptive(s)
	return run{
		clientOpt: func(o *ec2.Options) { o.Retryer = shared },
		call:      sdkCall,
	}
}

// limitedProxy is awsretry with FullJitter and one awsretry.Limiter, at
// its defaults, shared by every worker.
func limitedProxy(s schedule) run {
	lim, err := awsretry.NewLimiter()
	if err != nil {
		panic(err) // the defaults are valid
	}
	opts := proxyOptions(s, awsretry.FullJitter, nil)
	return run{call: func(c *ec2.Client) (callFunc, error) {
		return describeCall(c.DescribeInstances, func(o *awsretry.Options) { opts(o); o.Limiter = lim })
	}}
}

// oldLimitedProxy is awsretry with FullJitter and v0.1.0's Limiter model
// (bench/v010), one shared by every worker, waited for around each attempt
// as the library's loop waits for its own: a slot past the call's deadline
// ends the call.
func oldLimitedProxy(s schedule) run {
	lim := v010.New(time.Now)
	opts := proxyOptions(s, awsretry.FullJitter, nil)
	return run{call: func(c *ec2.Client) (callFunc, error) {
		paced := func(ctx context.Context, in *ec2.DescribeInstancesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
			dl, has := ctx.Deadline()
			wait, ok := lim.Reserve("DescribeInstances", dl, has)
			if !ok {
				return nil, context.DeadlineExceeded
			}
			if wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return nil, ctx.Err()
				case <-t.C:
				}
			}
			out, err := c.DescribeInstances(ctx, in, optFns...)
			lim.Report("DescribeInstances", err == nil, err != nil && throttled.IsErrorThrottle(err).Bool())
			return out, err
		}
		return describeCall(paced, opts)
	}}
}

// oracle paces every attempt of every worker at the server's true rate
// with golang.org/x/time/rate, before awsretry FullJitter's loop: a bound
// no real client reaches, since it knows the capacity in advance.
func oracle(s schedule) run {
	lim := rate.NewLimiter(rate.Limit(s.Capacity), 1)
	opts := proxyOptions(s, awsretry.FullJitter, nil)
	return run{call: func(c *ec2.Client) (callFunc, error) {
		paced := func(ctx context.Context, in *ec2.DescribeInstancesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
			if err := lim.Wait(ctx); err != nil {
				return nil, err
			}
			return c.DescribeInstances(ctx, in, optFns...)
		}
		return describeCall(paced, opts)
	}}
}

// throttled is the SDK's test for a throttling error.
var throttled = retry.ThrottleErrorCode{Codes: retry.DefaultThrottleErrorCodes}

// failsafeThrottled is failsafe-go's adaptivethrottler (Google SRE
// client-side throttling), one instance shared by every worker, in front of
// each attempt of awsretry FullJitter's loop. A request it rejects is not
// sent; the loop retries the rejection like a throttle. Its defaults, except
// the thresholding period: 1 s instead of 1 minute, as the run lasts 1 s.
func failsafeThrottled(s schedule) run {
	th := adaptivethrottler.NewBuilder[*ec2.DescribeInstancesOutput]().
		HandleIf(func(_ *ec2.DescribeInstancesOutput, err error) bool { return throttled.IsErrorThrottle(err).Bool() }).
		WithFailureRateThreshold(0.1, 0, time.Second).
		Build()
	base := proxyOptions(s, awsretry.FullJitter, nil)
	opts := func(o *awsretry.Options) {
		base(o)
		o.Retryable = func(err error) bool { return errors.Is(err, adaptivethrottler.ErrExceeded) }
	}
	return run{call: func(c *ec2.Client) (callFunc, error) {
		gated := func(ctx context.Context, in *ec2.DescribeInstancesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
			if err := th.AcquirePermit(); err != nil {
				return nil, err
			}
			out, err := c.DescribeInstances(ctx, in, optFns...)
			th.RecordError(err)
			return out, err
		}
		return describeCall(gated, opts)
	}}
}

// sdkBackoff is the SDK's exponential full-jitter formula with its base
// scaled from 1 s to the bench's delay: a uniform sleep in
// [0, min(base × 2^attempt, max)), where attempt is what the SDK's retry
// middleware passes (1 before the first retry). The SDK's own
// ExponentialJitterBackoff hard-codes the 1 s base, hence this type.
type sdkBackoff struct{ base, max time.Duration }

// BackoffDelay implements retry.BackoffDelayer.
func (b sdkBackoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	d := math.Min(float64(b.base)*math.Pow(2, float64(attempt)), float64(b.max))
	return time.Duration(rand.Float64() * d), nil
}

var _ retry.BackoffDelayer = sdkBackoff{}
