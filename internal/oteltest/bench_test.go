package oteltest

import (
	"context"
	"testing"

	"github.com/aws/smithy-go/metrics/smithyotelmetrics"
	"github.com/aws/smithy-go/tracing/smithyoteltracing"
	"github.com/stretchr/testify/require"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/awsretry/awsretry"
)

// BenchmarkOTel is the success path's cost through WrapOp and Call with no
// providers and with the OpenTelemetry SDK behind smithy-go's adapters
// (every span sampled and recorded, metrics aggregated), side by side.
func BenchmarkOTel(b *testing.B) {
	ctx := context.Background()
	in := &benchInput{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardSpans{}))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() {
		_ = tp.Shutdown(ctx)
		_ = mp.Shutdown(ctx)
	})
	withOTel := func(o *awsretry.Options) {
		o.TracerProvider = smithyoteltracing.Adapt(tp)
		o.MeterProvider = smithyotelmetrics.Adapt(mp)
	}
	for _, pr := range []struct {
		name string
		opt  func(*awsretry.Options)
	}{{"None", func(*awsretry.Options) {}}, {"OTel", withOTel}} {
		b.Run("WrapOp/"+pr.name, func(b *testing.B) {
			op, err := awsretry.WrapOp(benchClient{}.Op, pr.opt)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := op(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Call/"+pr.name, func(b *testing.B) {
			p, err := awsretry.Decorate(benchClient{}, pr.opt)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Call("Op", ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type benchInput struct{}
type benchOutput struct{}
type benchOptions struct{}

// benchClient's Op is a no-op shaped like an SDK operation.
type benchClient struct{}

var benchOut = &benchOutput{}

func (benchClient) Op(context.Context, *benchInput, ...func(*benchOptions)) (*benchOutput, error) {
	return benchOut, nil
}

// discardSpans is a span processor that drops every ended span, so the
// benchmark measures making spans, not keeping them.
type discardSpans struct{}

func (discardSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discardSpans) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discardSpans) Shutdown(context.Context) error                  { return nil }
func (discardSpans) ForceFlush(context.Context) error                { return nil }
