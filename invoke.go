package awsretry

import (
	"context"
	"time"
)

// retrier is a validated Options, compiled for the loop. It never changes
// after it is built, so one retrier serves any number of goroutines.
type retrier struct {
	opts  Options
	class classifier
	rnd   func(int64) int64 // uniform in [0, n); randN unless a test sets it
}

func newRetrier(o Options) *retrier {
	return &retrier{opts: o, class: newClassifier(&o), rnd: randN}
}

// do is the one retry loop behind every entry point. It calls attempt until
// it returns nil, returns an error that is not retried (unchanged), or the
// tries run out (a *RetryError). ctx, when not nil, governs the sleeps: an
// attempt is not made once ctx is done, and a sleep that would end after its
// deadline is not started. attempt does not escape, so a caller's closure can
// live on its stack.
func (r *retrier) do(ctx context.Context, method string, attempt func() error) error {
	var last error
	var prev time.Duration
	for n := 1; ; n++ {
		if ctx != nil {
			if err := ctx.Err(); err != nil {
				return &RetryError{Method: method, Attempts: n - 1, Err: last, Cause: err}
			}
		}
		err := attempt()
		if err == nil {
			return nil
		}
		code, retry := r.class.classify(err)
		if !retry {
			return err
		}
		if n >= r.opts.Tries {
			return &RetryError{Method: method, Attempts: n, Err: err}
		}
		d := r.opts.sleepFor(n-1, prev, r.rnd)
		if pastDeadline(ctx, d) {
			return &RetryError{Method: method, Attempts: n, Err: err, Cause: context.DeadlineExceeded}
		}
		r.notify(ctx, RetryEvent{Method: method, Attempt: n, Code: code, Err: err, Delay: d})
		if serr := r.sleep(ctx, d); serr != nil {
			return &RetryError{Method: method, Attempts: n, Err: err, Cause: serr}
		}
		last, prev = err, d
	}
}

// pastDeadline reports whether a sleep of d would end after ctx's deadline.
func pastDeadline(ctx context.Context, d time.Duration) bool {
	if ctx == nil {
		return false
	}
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) < d
}
