package awsretry

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"time"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// errPanicked is how a call whose method panicked ends its span; the panic
// goes on to the caller.
var errPanicked = errors.New("awsretry: the method panicked")

// instrumentationName names this package to tracer and meter providers.
const instrumentationName = "github.com/awsretry/awsretry"

// Give-up reasons, the values of awsretry.give_up_reason.
const (
	reasonTries    = "tries"
	reasonDeadline = "deadline"
	reasonCanceled = "canceled"
	reasonBudget   = "budget"
)

// telemetry reports a retrier's calls to smithy-go tracing and metrics
// providers. A retrier with neither has a nil *telemetry, and the loop then
// pays one nil check a call.
type telemetry struct {
	tp     tracing.TracerProvider // what it was made from, so With can share it
	mp     metrics.MeterProvider
	tracer tracing.Tracer // nil: no spans
	inst   *instruments   // nil: no metrics
	names  sync.Map       // method → *methodTelemetry, made on its first call
}

// methodTelemetry is what every call of one method reports alike, made
// once: its span name and its rpc.method property.
type methodTelemetry struct {
	span   string
	method []metrics.RecordMetricOption // sets rpc.method
}

// forMethod returns method's methodTelemetry.
func (t *telemetry) forMethod(method string) *methodTelemetry {
	if mt, ok := t.names.Load(method); ok {
		return mt.(*methodTelemetry)
	}
	mt := &methodTelemetry{span: "awsretry." + method, method: []metrics.RecordMetricOption{withProps("rpc.method", method)}}
	actual, _ := t.names.LoadOrStore(method, mt)
	return actual.(*methodTelemetry)
}

// newTelemetry returns the telemetry for o's providers, nil when it has none
// (smithy-go's Nop providers count as none). It reuses prev when prev was
// made from the same providers, so a Proxy made with With keeps its
// parent's instruments.
func newTelemetry(o *Options, prev *telemetry) (*telemetry, error) {
	tp, mp := recording(o.TracerProvider, o.MeterProvider)
	if tp == nil && mp == nil {
		return nil, nil
	}
	if mp != nil && o.Limiter != nil {
		if err := o.Limiter.observeRates(mp); err != nil {
			return nil, err
		}
	}
	if prev != nil && same(prev.tp, tp) && same(prev.mp, mp) {
		return prev, nil
	}
	t := &telemetry{tp: tp, mp: mp}
	if tp != nil {
		t.tracer = tp.Tracer(instrumentationName)
	}
	if mp != nil {
		inst, err := newInstruments(mp)
		if err != nil {
			return nil, err
		}
		t.inst = inst
	}
	return t, nil
}

// traces reports whether calls get spans, so that an entry point hands the
// span's context to the method.
func (t *telemetry) traces() bool { return t != nil && t.tracer != nil }

// observation is one call's span and metric properties.
type observation struct {
	span    tracing.Span // nil without a tracer
	inst    *instruments // nil without a meter
	method  []metrics.RecordMetricOption
	name    string
	retries int
}

// start begins a call of method: its span and its calls count. It returns
// the context to hand to the method, which carries the span. A nil ctx
// stays nil: the span then starts from context.Background() and has no
// children.
func (t *telemetry) start(ctx context.Context, method string) (context.Context, *observation) {
	mt := t.forMethod(method)
	obs := &observation{inst: t.inst, name: method, method: mt.method}
	if t.tracer != nil {
		parent := ctx
		if parent == nil {
			parent = context.Background()
		}
		var spanCtx context.Context
		spanCtx, obs.span = t.tracer.StartSpan(parent, mt.span, func(o *tracing.SpanOptions) {
			o.Kind = tracing.SpanKindClient
		})
		if ctx != nil {
			ctx = spanCtx
		}
	}
	if t.inst != nil {
		t.inst.calls.Add(ctxOrBackground(ctx), 1, obs.method...)
	}
	return ctx, obs
}

// retried reports a retry after the failed attempt n, with the error code
// and the sleep d about to start: a retry event on the span and the retries
// count.
func (o *observation) retried(ctx context.Context, code string, n int, d time.Duration) {
	if o == nil {
		return
	}
	o.retries++
	code = codeKey(code)
	if o.span != nil {
		o.span.AddEvent("retry", func(eo *tracing.EventOptions) {
			eo.Properties.Set("awsretry.code", code)
			eo.Properties.Set("awsretry.attempt", n)
			eo.Properties.Set("awsretry.delay_ms", d.Milliseconds())
		})
	}
	if o.inst != nil {
		o.inst.retries.Add(ctxOrBackground(ctx), 1, o.method[0], withProps("awsretry.code", code))
	}
}

// slept records a sleep of d between attempts.
func (o *observation) slept(ctx context.Context, d time.Duration) {
	if o != nil && o.inst != nil {
		o.inst.sleep.Record(ctxOrBackground(ctx), d.Seconds(), o.method...)
	}
}

// end reports how the call ended: err is what the loop returns. It sets the
// span's properties and status, ends it, and counts the attempts and, for a
// *RetryError, the give-up.
func (o *observation) end(ctx context.Context, err error) {
	attempts, reason := o.retries+1, ""
	if re, ok := err.(*RetryError); ok && re.Method == o.name { // the loop's own, not one returned through it
		attempts, reason = re.Attempts, giveUpReason(re.Cause)
	}
	if s := o.span; s != nil {
		s.SetProperty("awsretry.attempts", attempts)
		s.SetProperty("awsretry.retries", o.retries)
		s.SetProperty("awsretry.gave_up", reason != "")
		if reason != "" {
			s.SetProperty("awsretry.give_up_reason", reason)
		}
		if err != nil {
			s.SetProperty("awsretry.last_code", codeKey(ErrorCode(err)))
			s.SetStatus(tracing.SpanStatusError)
		} else {
			s.SetStatus(tracing.SpanStatusOK)
		}
		s.End()
	}
	if in := o.inst; in != nil {
		ctx = ctxOrBackground(ctx)
		in.attempts.Add(ctx, int64(attempts), o.method...)
		if reason != "" {
			in.gaveUp.Add(ctx, 1, o.method[0], withProps("awsretry.give_up_reason", reason))
		}
	}
}

// giveUpReason names why the loop gave up, from a *RetryError's Cause.
func giveUpReason(cause error) string {
	switch {
	case cause == nil:
		return reasonTries
	case errors.Is(cause, ErrBudgetExhausted):
		return reasonBudget
	case limiterStopped(cause):
		return reasonLimiter
	case errors.Is(cause, context.DeadlineExceeded):
		return reasonDeadline
	default: // the context was cancelled, or the Sleep hook failed
		return reasonCanceled
	}
}

// limiterStopped reports whether cause is the Limiter's slot past the
// deadline.
func limiterStopped(cause error) bool {
	var w *waitPastDeadline
	return errors.As(cause, &w) && w.limit
}

func ctxOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// recording returns tp and mp, each as nil when it records nothing.
func recording(tp tracing.TracerProvider, mp metrics.MeterProvider) (tracing.TracerProvider, metrics.MeterProvider) {
	if isNopTracer(tp) {
		tp = nil
	}
	if isNopMeter(mp) {
		mp = nil
	}
	return tp, mp
}

// isNopTracer reports whether tp records nothing: nil, or smithy-go's
// NopTracerProvider, which every SDK client has when none was set.
func isNopTracer(tp tracing.TracerProvider) bool {
	switch tp.(type) {
	case nil, tracing.NopTracerProvider, *tracing.NopTracerProvider:
		return true
	}
	return false
}

// isNopMeter reports whether mp records nothing: nil, or smithy-go's
// NopMeterProvider.
func isNopMeter(mp metrics.MeterProvider) bool {
	switch mp.(type) {
	case nil, metrics.NopMeterProvider, *metrics.NopMeterProvider:
		return true
	}
	return false
}

// same reports whether a and b are the same provider, without panicking on
// a provider whose type cannot be compared.
func same(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.TypeOf(a) == reflect.TypeOf(b) && reflect.ValueOf(a).Comparable() && a == b
}

// contextValue returns ctx as a reflect argument of type context.Context,
// for an entry point that hands the span's context to the method.
func contextValue(ctx context.Context) reflect.Value { return reflect.ValueOf(&ctx).Elem() }
