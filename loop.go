package awsretry

import (
	"context"
	"time"
)

// retrier is a validated Options, compiled for the loop. Its options never
// change after it is built, so one retrier serves any number of goroutines.
type retrier struct {
	opts  Options
	tel   *telemetry // nil: no tracer or meter provider
	class classifier
	rnd   func(int64) int64 // uniform in [0, n); randN unless a test sets it
	stats *counters         // shared by the retriers of proxies made with With
}

// newRetrier compiles o. A retrier made from parent (by With) shares its
// counters, and its telemetry when the providers are the same.
// Errors: ErrInvalidOptions when the MeterProvider refuses an instrument.
func newRetrier(o Options, parent *retrier) (*retrier, error) {
	stats, prevTel := new(counters), (*telemetry)(nil)
	if parent != nil {
		stats, prevTel = parent.stats, parent.tel
	}
	tel, err := newTelemetry(&o, prevTel)
	if err != nil {
		return nil, err
	}
	return &retrier{opts: o, tel: tel, class: newClassifier(&o), rnd: randN, stats: stats}, nil
}

// do is the one retry loop behind every entry point. It calls attempt until
// it returns nil, returns an error that is not retried (unchanged), or the
// loop gives up (a *RetryError): the tries ran out, ctx is done, a sleep
// would pass ctx's deadline, the Limiter's slot would, or the Budget is
// empty. ctx may be nil: then the sleeps run to the end. attempt is given
// the context to call the method with: ctx, or one that carries the call's
// span. attempt does not escape, so a caller's closure can live on its
// stack.
func (r *retrier) do(ctx context.Context, method string, attempt func(context.Context) error) error {
	if r.tel != nil {
		return r.observed(ctx, method, attempt)
	}
	return r.loop(ctx, method, nil, attempt)
}

// observed is do for a retrier with telemetry: the loop inside the call's
// span, and its end reported, also when the method panics.
func (r *retrier) observed(ctx context.Context, method string, attempt func(context.Context) error) error {
	ctx, obs := r.tel.start(ctx, method)
	err := errPanicked // until the loop returns
	defer func() { obs.end(ctx, err) }()
	err = r.loop(ctx, method, obs, attempt)
	return err
}

// loop is the retry loop; obs, when not nil, is told of each retry and sleep.
func (r *retrier) loop(ctx context.Context, method string, obs *observation, attempt func(context.Context) error) error {
	st := r.stats
	st.calls.Add(1)
	var last error
	var prev time.Duration
	for n := 1; ; n++ {
		if ctx != nil {
			if err := ctxDone(ctx); err != nil {
				return r.stopBefore(method, n, last, err)
			}
		}
		var sc *limScope
		if r.opts.Limiter != nil {
			var cause error
			if sc, cause = r.limit(ctx, method); cause != nil {
				return r.stopBefore(method, n, last, cause)
			}
		}
		if n > 1 {
			st.extra.Add(1)
		}
		err := attempt(ctx)
		if r.opts.Limiter != nil {
			r.opts.Limiter.report(sc, method, err)
		}
		if err == nil {
			if b := r.opts.Budget; b != nil {
				b.refund(BudgetSuccessRefund)
			}
			return nil
		}
		code, retry := r.class.classify(err)
		if !retry {
			return err
		}
		if n >= r.opts.Tries {
			return r.giveUp(method, n, err, nil)
		}
		d := r.opts.sleepFor(n-1, prev, r.rnd)
		if cause := r.admit(ctx, d); cause != nil {
			return r.giveUp(method, n, err, cause)
		}
		r.notify(ctx, RetryEvent{Method: method, Attempt: n, Code: code, Err: err, Delay: d})
		st.retry(code)
		obs.retried(ctx, code, n, d)
		if cause := r.sleep(ctx, d, obs); cause != nil {
			return r.giveUp(method, n, err, cause)
		}
		last, prev = err, d
	}
}

// admit says why a retry after a sleep of d may not happen, or nil: ctx is
// done, the sleep would pass ctx's deadline, or the Budget has too few
// tokens (it takes them when it has).
func (r *retrier) admit(ctx context.Context, d time.Duration) error {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := pastDeadline(ctx, d); err != nil {
			return err
		}
	}
	if b := r.opts.Budget; b != nil && !b.take(BudgetRetryCost) {
		return ErrBudgetExhausted
	}
	return nil
}

// stopBefore gives up before attempt n, for cause; last is the error of
// the attempt before, if any. A call whose first attempt never ran counts
// as one that made no attempt.
func (r *retrier) stopBefore(method string, n int, last, cause error) error {
	if n == 1 {
		r.stats.unstarted.Add(1)
	}
	return r.giveUp(method, n-1, last, cause)
}

// giveUp counts a call that ends in a *RetryError and returns it.
func (r *retrier) giveUp(method string, attempts int, last, cause error) error {
	r.stats.gaveUp.Add(1)
	return &RetryError{Method: method, Attempts: attempts, Err: last, Cause: cause}
}
