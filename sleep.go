package awsretry

import (
	"context"
	"time"
)

// sleep waits d between c's attempts, with the Sleep hook or sleepContext,
// and tells the observers what it lasted: d, or what an interrupted sleep
// lasted. Without a context it waits to the end.
func (r *retrier) sleep(c *call, d time.Duration) error {
	d, err := r.pause(c.ctx, d)
	r.obs.slept(c, d)
	return err
}

// pause waits d with the Sleep hook, or with sleepContext when none is set,
// and returns how long it waited: d, or what an interrupted wait lasted.
func (r *retrier) pause(ctx context.Context, d time.Duration) (time.Duration, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	sleep := r.opts.Sleep
	if sleep == nil {
		sleep = sleepContext
	}
	start := time.Now()
	err := sleep(ctx, d)
	if err != nil {
		d = min(d, time.Since(start))
	}
	return d, err
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
