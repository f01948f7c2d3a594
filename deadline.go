package awsretry

import (
	"context"
	"time"
)

// ctxDone returns ctx's error, or context.DeadlineExceeded when ctx's
// deadline has passed but its timer has not fired yet. On a loaded machine
// the runtime can fire that timer seconds late, and an attempt started then
// would run, and perhaps write, after the caller's deadline (make soak saw a
// request sent 0.6 s after it).
func ctxDone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}
