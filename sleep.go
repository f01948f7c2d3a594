package awsretry

import (
	"context"
	"time"
)

// sleep waits d with the Sleep hook, or with sleepContext when none is set,
// and counts the time: d, or what an interrupted sleep lasted. Without a
// context argument it waits to the end. obs, when not nil, records it.
func (r *retrier) sleep(ctx context.Context, d time.Duration, obs *observation) error {
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
	r.stats.slept.Add(int64(d))
	obs.slept(ctx, d)
	return err
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
