package awsretry

import (
	"context"
	"time"
)

// sleep waits d with the Sleep hook, or with sleepContext when none is set.
// Without a context argument it waits to the end.
func (r *retrier) sleep(ctx context.Context, d time.Duration) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if r.opts.Sleep != nil {
		return r.opts.Sleep(ctx, d)
	}
	return sleepContext(ctx, d)
}

// sleepContext waits d, or returns ctx.Err() as soon as ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
