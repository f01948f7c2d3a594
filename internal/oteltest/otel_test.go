package oteltest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go/metrics/smithyotelmetrics"
	"github.com/aws/smithy-go/tracing/smithyoteltracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestOTelOnMoto runs the end-to-end checks against one moto server.
func TestOTelOnMoto(t *testing.T) {
	moto := awstest.StartMoto(t)
	for _, tc := range []struct {
		name  string
		check func(*testing.T, *awstest.Server)
	}{
		{"RunInstances retried", runInstancesRetriedSeenAsOTelSpansAndMetrics},
		{"give-up", giveUpSeenInOTel},
		{"NewRetryer", newRetryerSeenInOTel},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, moto) })
	}
}

// otelSetup is the OpenTelemetry SDK with an in-memory span recorder and a
// manual metric reader.
type otelSetup struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newOtel(t *testing.T) *otelSetup {
	s := &otelSetup{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	s.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(s.spans))
	s.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(s.reader))
	t.Cleanup(func() {
		_ = s.tp.Shutdown(context.Background())
		_ = s.mp.Shutdown(context.Background())
	})
	return s
}

// clientOptions plugs the OTel providers into an SDK client through
// smithy-go's adapters, as a user does.
func (s *otelSetup) clientOptions(o *ec2.Options) {
	o.TracerProvider = smithyoteltracing.Adapt(s.tp)
	o.MeterProvider = smithyotelmetrics.Adapt(s.mp)
}

// named returns the ended spans called name.
func (s *otelSetup) named(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, sp := range s.spans.Ended() {
		if sp.Name() == name {
			out = append(out, sp)
		}
	}
	return out
}

// sums returns, for the instrument name, each data point's value keyed by
// its attributes, printed; a histogram's points give their count.
func (s *otelSetup) sums(t *testing.T, name string) map[string]float64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, s.reader.Collect(context.Background(), &rm))
	out := map[string]float64{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != "github.com/awsretry/awsretry" {
			continue
		}
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					out[p.Attributes.Encoded(attribute.DefaultEncoder())] = float64(p.Value)
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out[p.Attributes.Encoded(attribute.DefaultEncoder())] = float64(p.Count)
				}
			default:
				t.Fatalf("%s: unexpected data %T", name, m.Data)
			}
		}
	}
	return out
}

func attrs(kv []attribute.KeyValue) map[string]any {
	m := map[string]any{}
	for _, a := range kv {
		m[string(a.Key)] = a.Value.AsInterface()
	}
	return m
}

// runInstancesRetriedSeenAsOTelSpansAndMetrics: a RunInstances on moto
// that the fault proxy throttles twice is, in OpenTelemetry, one
// awsretry.RunInstances span whose children are the SDK's three
// EC2.RunInstances spans, with two retry events, and the awsretry.*
// metrics.
func runInstancesRetriedSeenAsOTelSpansAndMetrics(t *testing.T, moto *awstest.Server) {
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, awstest.Sequence(awstest.Throttle, awstest.Throttle))
	otel := newOtel(t)
	c := awstest.EC2(t, fp.URL, otel.clientOptions, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })

	var slept []time.Duration
	p, err := awsretry.Decorate(c, func(o *awsretry.Options) {
		o.Delay = 250 * time.Millisecond
		o.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	})
	require.NoError(t, err)

	in := &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)}
	out, err := awsretry.Invoke[*ec2.RunInstancesOutput](p, "RunInstances", context.Background(), in)
	require.NoError(t, err)
	require.Len(t, out.Instances, 1)
	require.Equal(t, 3, fp.Seen())
	require.Equal(t, 1, fp.Forwarded())

	calls := otel.named("awsretry.RunInstances")
	require.Len(t, calls, 1)
	call := calls[0]
	assert.Equal(t, trace.SpanKindClient, call.SpanKind())
	assert.Equal(t, codes.Ok, call.Status().Code)
	assert.False(t, call.Parent().IsValid(), "a root span")
	assert.Equal(t, map[string]any{
		"awsretry.attempts": int64(3),
		"awsretry.retries":  int64(2),
		"awsretry.gave_up":  false,
	}, attrs(call.Attributes()))

	children := otel.named("EC2.RunInstances")
	require.Len(t, children, 3)
	for _, ch := range children {
		assert.Equal(t, call.SpanContext().TraceID(), ch.SpanContext().TraceID())
		assert.Equal(t, call.SpanContext().SpanID(), ch.Parent().SpanID(), "the SDK's span is a child of awsretry's")
	}
	assert.Equal(t, codes.Error, children[0].Status().Code)
	assert.Equal(t, codes.Ok, children[2].Status().Code)

	require.Len(t, call.Events(), 2)
	for i, ev := range call.Events() {
		assert.Equal(t, "retry", ev.Name)
		assert.Equal(t, map[string]any{
			"awsretry.code":     "RequestLimitExceeded",
			"awsretry.attempt":  int64(i + 1),
			"awsretry.delay_ms": slept[i].Milliseconds(),
		}, attrs(ev.Attributes))
	}
	assert.Equal(t, int64(250), slept[0].Milliseconds())

	m := "rpc.method=RunInstances"
	assert.Equal(t, map[string]float64{m: 1}, otel.sums(t, "awsretry.calls"))
	assert.Equal(t, map[string]float64{m: 3}, otel.sums(t, "awsretry.attempts"))
	assert.Equal(t, map[string]float64{"awsretry.code=RequestLimitExceeded," + m: 2}, otel.sums(t, "awsretry.retries"))
	assert.Equal(t, map[string]float64{m: 2}, otel.sums(t, "awsretry.sleep.duration"))
	assert.Empty(t, otel.sums(t, "awsretry.gave_up"))
}

// giveUpSeenInOTel: a call that runs out of tries is a span with status
// error, gave_up, its reason and its last code, and an awsretry.gave_up
// point with the reason.
func giveUpSeenInOTel(t *testing.T, moto *awstest.Server) {
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, awstest.Always(awstest.Throttle))
	otel := newOtel(t)
	c := awstest.EC2(t, fp.URL, otel.clientOptions, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })
	p, err := awsretry.Decorate(c, func(o *awsretry.Options) {
		o.Tries = 2
		o.Sleep = func(context.Context, time.Duration) error { return nil }
	})
	require.NoError(t, err)

	_, err = p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)

	calls := otel.named("awsretry.DescribeInstances")
	require.Len(t, calls, 1)
	assert.Equal(t, codes.Error, calls[0].Status().Code)
	assert.Equal(t, map[string]any{
		"awsretry.attempts":       int64(2),
		"awsretry.retries":        int64(1),
		"awsretry.gave_up":        true,
		"awsretry.give_up_reason": "tries",
		"awsretry.last_code":      "RequestLimitExceeded",
	}, attrs(calls[0].Attributes()))
	assert.Equal(t, map[string]float64{"awsretry.give_up_reason=tries,rpc.method=DescribeInstances": 1}, otel.sums(t, "awsretry.gave_up"))
}

// newRetryerSeenInOTel: with NewRetryer the SDK runs the loop; its
// operation span is the call's, and the retryer's metrics count the retries
// by operation and code.
func newRetryerSeenInOTel(t *testing.T, moto *awstest.Server) {
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, awstest.Sequence(awstest.Throttle, awstest.Throttle))
	otel := newOtel(t)
	r, err := awsretry.NewRetryer(func(o *awsretry.Options) {
		o.Delay = 0 // the SDK sleeps itself
		o.MeterProvider = smithyotelmetrics.Adapt(otel.mp)
	})
	require.NoError(t, err)
	c := awstest.EC2(t, fp.URL, otel.clientOptions, func(o *ec2.Options) { o.Retryer = r })

	_, err = c.DescribeInstances(context.Background(), &ec2.DescribeInstancesInput{})
	require.NoError(t, err)
	require.Equal(t, 3, fp.Seen())

	ops := otel.named("EC2.DescribeInstances")
	require.Len(t, ops, 1, "one operation span; the attempts are under it")
	assert.Len(t, otel.named("Attempt"), 3)
	assert.Empty(t, otel.named("awsretry.DescribeInstances"))
	m := "rpc.method=DescribeInstances"
	assert.Equal(t, map[string]float64{"awsretry.code=RequestLimitExceeded," + m: 2}, otel.sums(t, "awsretry.retries"))
	assert.Equal(t, map[string]float64{m: 2}, otel.sums(t, "awsretry.sleep.duration"), "the sleeps name the operation, as the proxy's do")
}
