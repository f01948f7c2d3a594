package awsretry_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"

	"github.com/awsretry/awsretry"
)

// BenchmarkTelemetry is the success path's cost with and without
// providers, side by side: none (as in BenchmarkCost), smithy-go's Nop
// providers (what an SDK client has when none is set), and providers whose
// spans and instruments only count, so that what is measured is awsretry's
// own work for a span and its metrics, not a backend's. internal/oteltest
// has the same with the OpenTelemetry SDK.
func BenchmarkTelemetry(b *testing.B) {
	ctx := context.Background()
	in := &benchInput{ID: "i-0123456789abcdef0"}
	providers := []struct {
		name string
		opt  func(*awsretry.Options)
	}{
		{"None", func(*awsretry.Options) {}},
		{"Nop", withProviders(tracing.NopTracerProvider{}, metrics.NopMeterProvider{})},
		{"Counting", withProviders(new(countingTracing), countingMetrics{})},
	}
	for _, pr := range providers {
		b.Run("WrapOp/"+pr.name, func(b *testing.B) { benchOp(b, ctx, in)(awsretry.WrapOp(newBenchFake().Op, pr.opt)) })
		b.Run("Method/"+pr.name, func(b *testing.B) {
			p := awsretry.MustDecorate(newBenchFake(), pr.opt)
			benchOp(b, ctx, in)(awsretry.Method[*benchInput, *benchOutput, func(*benchOptions)](p, "Op"))
		})
		b.Run("Call/"+pr.name, func(b *testing.B) {
			p := awsretry.MustDecorate(newBenchFake(), pr.opt)
			b.ReportAllocs()
			for b.Loop() {
				sinkAny, sinkErr = p.Call("Op", ctx, in)
			}
			if sinkErr != nil {
				b.Fatal(sinkErr)
			}
		})
	}
}

// countingTracing is a TracerProvider whose spans count their starts and
// keep nothing; it puts each span in the context, as a real adapter does.
type countingTracing struct{ started atomic.Int64 }

func (p *countingTracing) Tracer(string, ...tracing.TracerOption) tracing.Tracer { return p }

func (p *countingTracing) StartSpan(ctx context.Context, name string, opts ...tracing.SpanOption) (context.Context, tracing.Span) {
	var o tracing.SpanOptions
	for _, fn := range opts {
		fn(&o)
	}
	p.started.Add(1)
	s := &countingSpan{name: name}
	return tracing.WithSpan(ctx, s), s
}

type countingSpan struct {
	name  string
	props int
}

func (s *countingSpan) Name() string                 { return s.name }
func (s *countingSpan) Context() tracing.SpanContext { return tracing.SpanContext{} }
func (s *countingSpan) AddEvent(string, ...tracing.EventOption) {
	s.props++
}
func (s *countingSpan) SetStatus(tracing.SpanStatus) {}
func (s *countingSpan) SetProperty(any, any)         { s.props++ }
func (s *countingSpan) End()                         {}

// countingMetrics is a MeterProvider whose counters add atomically and
// whose record options are applied, as a real adapter applies them.
type countingMetrics struct{}

func (countingMetrics) Meter(string, ...metrics.MeterOption) metrics.Meter {
	return countingMeter{}
}

type countingMeter struct{ metrics.NopMeter }

func (countingMeter) Int64Counter(string, ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	return new(countingInstrument), nil
}

func (countingMeter) Float64Histogram(string, ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	return new(countingInstrument), nil
}

type countingInstrument struct{ n atomic.Int64 }

func (c *countingInstrument) apply(opts []metrics.RecordMetricOption) {
	var o metrics.RecordMetricOptions
	for _, fn := range opts {
		fn(&o)
	}
	c.n.Add(1)
}

func (c *countingInstrument) Add(_ context.Context, _ int64, opts ...metrics.RecordMetricOption) {
	c.apply(opts)
}

func (c *countingInstrument) Record(_ context.Context, _ float64, opts ...metrics.RecordMetricOption) {
	c.apply(opts)
}
