package awsretry

import (
	"context"
	"time"

	"github.com/aws/smithy-go/tracing"
)

// observer is told of each event of a call through the loop, once, in this
// order: callStarted; then for each attempt, limiterWaited (when it
// waited) and limiterStoreFailed (when the Limiter's Store failed
// it), attemptStarted and attemptEnded; between attempts
// retryScheduled and slept; gaveUp when the loop gives up; callEnded last
// (for a call with a span, also when the method panics). Stats (counters),
// the hooks (OnRetry and Logger) and telemetry (spans and metrics) each
// implement it; NewRetryer's adapter tells the same observers what the
// SDK's retry middleware lets it see. This is failsafe-go's listener
// model, kept inside the package.
//
// Every count is derived from the call record: attempts from c.attempts,
// give-ups from c.reason. A new counter is a field and a line in the
// observer that reports it.
type observer interface {
	callStarted(c *call)
	attemptStarted(c *call)
	attemptEnded(c *call, err error)
	retryScheduled(c *call, ev *RetryEvent)
	slept(c *call, d time.Duration)
	limiterWaited(c *call, d time.Duration)
	limiterStoreFailed(c *call)
	gaveUp(c *call)
	callEnded(c *call, err error)
}

// call is one call through the loop as its observers see it. It lives on
// the loop's stack, so the observers are concrete types (see observers):
// through an interface it would escape to the heap.
type call struct {
	ctx      context.Context // what the method is called with; nil when the entry point has no context
	method   string          // the method or function name
	attempts int             // attempts started so far
	retries  int             // retries scheduled so far
	reason   string          // why the loop gave up (a reason* constant), "" unless it did
	span     tracing.Span    // the call's span, nil without a tracer
}

// observers is a retrier's set of observers, built once in newRetrier:
// Stats always, telemetry and the hooks when the options have them. It is
// itself the one observer that the loop and NewRetryer's adapter call.
type observers struct {
	stats *counters
	tel   *telemetry // nil: no tracer or meter provider
	hooks *hooks     // nil: no OnRetry and no Logger
}

var (
	_ observer = (*observers)(nil)
	_ observer = (*counters)(nil)
	_ observer = (*telemetry)(nil)
	_ observer = (*hooks)(nil)
)

func (o *observers) callStarted(c *call) {
	o.stats.callStarted(c)
	if o.tel != nil {
		o.tel.callStarted(c)
	}
}

func (o *observers) attemptStarted(c *call) {
	c.attempts++
	o.stats.attemptStarted(c)
}

func (o *observers) attemptEnded(c *call, err error) {}

func (o *observers) retryScheduled(c *call, ev *RetryEvent) {
	c.retries++
	o.stats.retryScheduled(c, ev)
	if o.hooks != nil {
		o.hooks.retryScheduled(c, ev)
	}
	if o.tel != nil {
		o.tel.retryScheduled(c, ev)
	}
}

func (o *observers) slept(c *call, d time.Duration) {
	o.stats.slept(c, d)
	if o.tel != nil {
		o.tel.slept(c, d)
	}
}

func (o *observers) limiterWaited(c *call, d time.Duration) {
	o.stats.limiterWaited(c, d)
	if o.tel != nil {
		o.tel.limiterWaited(c, d)
	}
}

func (o *observers) limiterStoreFailed(c *call) {
	o.stats.limiterStoreFailed(c)
	if o.tel != nil {
		o.tel.limiterStoreFailed(c)
	}
}

func (o *observers) gaveUp(c *call) {
	o.stats.gaveUp(c)
	if o.tel != nil {
		o.tel.gaveUp(c)
	}
}

func (o *observers) callEnded(c *call, err error) {
	if o.tel != nil { // Stats need nothing more
		o.tel.callEnded(c, err)
	}
}
