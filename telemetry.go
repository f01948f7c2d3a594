package awsretry

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

// instrumentationName names this package to tracer and meter providers.
const instrumentationName = "github.com/awsretry/awsretry"

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

// callStarted begins a call: its span and its calls count. The call's
// context becomes the span's, so that the method is called with it; a nil
// one stays nil, and the span then starts from context.Background() and
// has no children.
func (t *telemetry) callStarted(c *call) {
	mt := t.forMethod(c.method)
	if t.tracer != nil {
		var spanCtx context.Context
		spanCtx, c.span = t.tracer.StartSpan(ctxOrBackground(c.ctx), mt.span, func(o *tracing.SpanOptions) {
			o.Kind = tracing.SpanKindClient
		})
		if c.ctx != nil {
			c.ctx = spanCtx
		}
	}
	if t.inst != nil {
		t.inst.calls.Add(ctxOrBackground(c.ctx), 1, mt.method...)
	}
}

func (t *telemetry) attemptStarted(*call)      {}
func (t *telemetry) attemptEnded(*call, error) {}

// retryScheduled reports a retry: a retry event on the span and the
// retries count, by code.
func (t *telemetry) retryScheduled(c *call, ev *RetryEvent) {
	code := codeKey(ev.Code)
	if c.span != nil {
		n, d := ev.Attempt, ev.Delay
		c.span.AddEvent("retry", func(eo *tracing.EventOptions) {
			eo.Properties.Set("awsretry.code", code)
			eo.Properties.Set("awsretry.attempt", n)
			eo.Properties.Set("awsretry.delay_ms", d.Milliseconds())
		})
	}
	if t.inst != nil {
		t.inst.retries.Add(ctxOrBackground(c.ctx), 1, t.propsWith(c.method, "awsretry.code", code)...)
	}
}

// slept records a sleep of d between attempts.
func (t *telemetry) slept(c *call, d time.Duration) {
	if t.inst != nil {
		t.inst.sleep.Record(ctxOrBackground(c.ctx), d.Seconds(), t.props(c.method)...)
	}
}

// limiterWaited records a wait of d for the Limiter's slot.
func (t *telemetry) limiterWaited(c *call, d time.Duration) {
	if t.inst != nil {
		t.inst.limiterWait.Record(ctxOrBackground(c.ctx), d.Seconds(), t.props(c.method)...)
	}
}

// limiterStoreFailed counts an attempt whose slot the Limiter's Store
// failed to give.
func (t *telemetry) limiterStoreFailed(c *call) {
	if t.inst != nil {
		t.inst.storeErrors.Add(ctxOrBackground(c.ctx), 1, t.props(c.method)...)
	}
}

// gaveUp counts a call that the loop gave up on, by reason.
func (t *telemetry) gaveUp(c *call) {
	if t.inst != nil {
		t.inst.gaveUp.Add(ctxOrBackground(c.ctx), 1, t.propsWith(c.method, "awsretry.give_up_reason", c.reason)...)
	}
}

// callEnded reports how the call ended, err being what the loop returns: it
// sets the span's properties and status and ends it, and counts the
// attempts.
func (t *telemetry) callEnded(c *call, err error) {
	if s := c.span; s != nil {
		s.SetProperty("awsretry.attempts", c.attempts)
		s.SetProperty("awsretry.retries", c.retries)
		s.SetProperty("awsretry.gave_up", c.reason != "")
		if c.reason != "" {
			s.SetProperty("awsretry.give_up_reason", c.reason)
		}
		if err != nil {
			s.SetProperty("awsretry.last_code", codeKey(ErrorCode(err)))
			s.SetStatus(tracing.SpanStatusError)
		} else {
			s.SetStatus(tracing.SpanStatusOK)
		}
		s.End()
	}
	if t.inst != nil {
		t.inst.attempts.Add(ctxOrBackground(c.ctx), int64(c.attempts), t.props(c.method)...)
	}
}

// props returns the metric properties of method: rpc.method, or none for
// "" (a NewRetryer sleep that the SDK did not say the operation of).
func (t *telemetry) props(method string) []metrics.RecordMetricOption {
	if method == "" {
		return nil
	}
	return t.forMethod(method).method
}

// propsWith returns method's properties and one more, key=value, in a new
// slice.
func (t *telemetry) propsWith(method, key, value string) []metrics.RecordMetricOption {
	return append([]metrics.RecordMetricOption{withProps(key, value)}, t.props(method)...)
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
