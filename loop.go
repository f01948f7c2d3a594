package awsretry

import (
	"context"
	"errors"
	"time"
)

// retrier is a validated Options, compiled for the loop. Its options never
// change after it is built, so one retrier serves any number of goroutines.
type retrier struct {
	opts  Options
	obs   observers // Stats, telemetry and the hooks
	class classifier
	rnd   func(int64) int64 // uniform in [0, n); randN unless a test sets it
}

// newRetrier applies optFns, in order, to a copy of base, validates the
// result with Options.validate and then check (when not nil), and compiles
// it. A retrier made from parent (by With) shares its Stats, and its
// telemetry when the providers are the same.
// Errors: ErrInvalidOptions for an option out of range, a nil option
// function, what check rejects, or a MeterProvider that refuses an
// instrument.
func newRetrier(base Options, optFns []func(*Options), parent *retrier, check func(*Options) error) (*retrier, error) {
	o, err := buildOptions(base, optFns)
	if err == nil && check != nil {
		err = check(&o)
	}
	if err != nil {
		return nil, err
	}
	obs := observers{stats: new(counters), hooks: newHooks(&o)}
	var prevTel *telemetry
	if parent != nil {
		obs.stats, prevTel = parent.obs.stats, parent.obs.tel
	}
	if obs.tel, err = newTelemetry(&o, prevTel); err != nil {
		return nil, err
	}
	return &retrier{opts: o, obs: obs, class: newClassifier(&o), rnd: randN}, nil
}

// do is the one retry loop behind every entry point. It calls attempt until
// it returns nil, returns an error that is not retried (unchanged), or the
// loop gives up (a *RetryError): the tries ran out, ctx is done, a sleep
// would pass ctx's deadline, the Limiter's slot would, or the Budget is
// empty. ctx may be nil: then the sleeps run to the end. attempt is given
// the context to call the method with: ctx, or one that carries the call's
// span. attempt does not escape, so a caller's closure can live on its
// stack. The observers hear of every event. A call with a span (the only
// observer that must hear how a call ended) is told callEnded even when
// attempt panics, with errPanicked; the panic goes on.
func (r *retrier) do(ctx context.Context, method string, attempt func(context.Context) error) error {
	c := call{ctx: ctx, method: method}
	r.obs.callStarted(&c)
	if r.obs.tel != nil {
		return r.spanned(&c, attempt)
	}
	err := r.loop(&c, attempt)
	r.obs.callEnded(&c, err)
	return err
}

// spanned is the loop for a call with a span, which must end also when the
// method panics: with errPanicked, and the panic goes on. The defer is paid
// only here.
func (r *retrier) spanned(c *call, attempt func(context.Context) error) (err error) {
	err = errPanicked // until the loop returns
	defer func() { r.obs.callEnded(c, err) }()
	return r.loop(c, attempt)
}

// errPanicked is how a call whose method panicked ends for its observers;
// the panic goes on to the caller.
var errPanicked = errors.New("awsretry: the method panicked")

// loop runs c's attempts and sleeps, and tells r.obs of each.
func (r *retrier) loop(c *call, attempt func(context.Context) error) error {
	var last error
	var prev time.Duration
	for n := 1; ; n++ {
		if c.ctx != nil {
			if err := ctxDone(c.ctx); err != nil {
				return r.giveUp(c, last, err)
			}
		}
		var sc *limScope
		if r.opts.Limiter != nil {
			var cause error
			if sc, cause = r.limit(c); cause != nil {
				return r.giveUp(c, last, cause)
			}
		}
		r.obs.attemptStarted(c)
		err := attempt(c.ctx)
		r.obs.attemptEnded(c, err)
		if r.opts.Limiter != nil && r.opts.Limiter.report(c.ctx, sc, c.method, err) {
			r.obs.limiterStoreFailed(c)
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
			return r.giveUp(c, err, nil)
		}
		d := r.opts.sleepFor(n-1, prev, r.rnd)
		if cause := r.admit(c.ctx, d); cause != nil {
			return r.giveUp(c, err, cause)
		}
		r.obs.retryScheduled(c, &RetryEvent{Method: c.method, Attempt: n, Code: code, Err: err, Delay: d})
		if cause := r.sleep(c, d); cause != nil {
			return r.giveUp(c, err, cause)
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

// giveUp ends c with a *RetryError: last is the last attempt's error (nil
// when none was made), cause why the loop stopped before the tries ran out
// (nil when they did). Its reason is set here, once, for every observer.
func (r *retrier) giveUp(c *call, last, cause error) error {
	c.reason = giveUpReason(cause)
	r.obs.gaveUp(c)
	return &RetryError{Method: c.method, Attempts: c.attempts, Err: last, Cause: cause}
}
