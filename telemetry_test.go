package awsretry_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// withProviders sets both providers.
func withProviders(tp tracing.TracerProvider, mp metrics.MeterProvider) func(*awsretry.Options) {
	return func(o *awsretry.Options) { o.TracerProvider, o.MeterProvider = tp, mp }
}

var secretInstanceID = "i-0123456789abcdef0"

func describeIn() *ec2.DescribeInstancesInput {
	return &ec2.DescribeInstancesInput{InstanceIds: []string{secretInstanceID}}
}

// withClientProviders sets the providers of c's options, as Wrap and WrapOp
// do not read them from a client.
func withClientProviders(c *ec2.Client) func(*awsretry.Options) {
	o := c.Options()
	return withProviders(o.TracerProvider, o.MeterProvider)
}

// TestTelemetryRealEC2ClientSpansAndMetrics: a real ec2.Client whose
// server answers RequestLimitExceeded twice, then succeeds. Through every
// entry point but NewRetryer the call is one awsretry.DescribeInstances span
// with the SDK's three EC2.DescribeInstances spans under it, two retry
// events, and the counters. The proxies take the client's providers; Wrap
// and WrapOp are given them. NewRetryer reports its retries and sleeps.
func TestTelemetryRealEC2ClientSpansAndMetrics(t *testing.T) {
	for _, ep := range entryPoints() {
		t.Run(ep.name, func(t *testing.T) {
			tp, mp := new(recTracing), new(recMetrics)
			url, requests := ec2Endpoint(t, "RequestLimitExceeded", "RequestLimitExceeded")
			c := awstest.EC2(t, url, func(o *ec2.Options) {
				o.RetryMaxAttempts = 1
				o.TracerProvider, o.MeterProvider = tp, mp
			})
			var sl sleeps
			opts := []func(*awsretry.Options){sl.fast}
			switch ep.name {
			case "Wrap", "WrapOp", "NewRetryer":
				opts = append(opts, withClientProviders(c))
			}
			if ep.name == "NewRetryer" {
				opts = append(opts, func(o *awsretry.Options) { o.Delay = 0 }) // the SDK sleeps itself
			}
			require.NoError(t, ep.call(context.Background(), c, opts...))
			require.EqualValues(t, 3, requests.Load())
			m := "rpc.method=DescribeInstances"
			assert.Equal(t, map[string]float64{"awsretry.code=RequestLimitExceeded " + m: 2}, mp.sums("awsretry.retries"))
			assert.Equal(t, 2, mp.count("awsretry.sleep.duration"))
			if ep.name == "NewRetryer" {
				assert.Empty(t, tp.named("awsretry.DescribeInstances"), "the SDK's operation span is the call's")
				return
			}

			calls := tp.named("awsretry.DescribeInstances")
			require.Len(t, calls, 1)
			span := calls[0]
			assert.Equal(t, "github.com/awsretry/awsretry", span.scope)
			assert.Equal(t, tracing.SpanKindClient, span.kind)
			assert.Nil(t, span.parent)
			assert.True(t, span.ended)
			assert.Equal(t, tracing.SpanStatusOK, span.status)
			assert.Equal(t, map[any]any{
				"awsretry.attempts": 3,
				"awsretry.retries":  2,
				"awsretry.gave_up":  false,
			}, span.props)

			children := tp.named("EC2.DescribeInstances")
			require.Len(t, children, 3, "one SDK span per attempt")
			for _, ch := range children {
				assert.Same(t, span, ch.parent, "the SDK's span is a child of the call's")
			}

			require.Len(t, span.events, 2)
			for i, ev := range span.events {
				assert.Equal(t, "retry", ev.name)
				assert.Equal(t, map[any]any{
					"awsretry.code":     "RequestLimitExceeded",
					"awsretry.attempt":  i + 1,
					"awsretry.delay_ms": sl.got()[i].Milliseconds(),
				}, ev.props)
			}

			assert.Equal(t, map[string]float64{m: 1}, mp.sums("awsretry.calls"))
			assert.Equal(t, map[string]float64{m: 3}, mp.sums("awsretry.attempts"))
			assert.Empty(t, mp.sums("awsretry.gave_up"))
			want := (sl.got()[0] + sl.got()[1]).Seconds()
			assert.InDelta(t, want, mp.sums("awsretry.sleep.duration")[m], 1e-9)

			assertNoSecret(t, tp, mp)
		})
	}
}

// assertNoSecret checks that nothing recorded holds the input's instance ID.
func assertNoSecret(t *testing.T, tp *recTracing, mp *recMetrics) {
	t.Helper()
	var all []string
	for _, s := range tp.named("awsretry.DescribeInstances") {
		all = append(all, fmt.Sprint(s.props))
		for _, ev := range s.events {
			all = append(all, fmt.Sprint(ev.props))
		}
	}
	for _, pt := range mp.points {
		all = append(all, fmt.Sprint(pt.props))
	}
	require.NotEmpty(t, all)
	for _, s := range all {
		assert.NotContains(t, s, secretInstanceID)
	}
}

// TestTelemetryGiveUpReasons: a call that gives up has gave_up, its reason,
// its last code and status error on its span, and is counted by reason.
func TestTelemetryGiveUpReasons(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	short, cancelShort := context.WithTimeout(context.Background(), time.Hour)
	defer cancelShort()
	tests := []struct {
		name     string
		ctx      context.Context
		errs     []error
		opt      func(*awsretry.Options)
		attempts int
		reason   string // "" when the call did not give up
		lastCode string
	}{
		{"tries", context.Background(), repeat(apiErr("Unavailable"), 5), func(o *awsretry.Options) { o.Tries = 3 }, 3, "tries", "Unavailable"},
		{"deadline", short, repeat(apiErr("Unavailable"), 5), func(o *awsretry.Options) { o.Delay = 2 * time.Hour }, 1, "deadline", "Unavailable"},
		{"canceled before the first attempt", canceled, nil, func(*awsretry.Options) {}, 0, "canceled", awsretry.NoCode},
		{"sleep interrupted", context.Background(), repeat(apiErr("Unavailable"), 5), func(o *awsretry.Options) {
			o.Sleep = func(context.Context, time.Duration) error { return context.Canceled }
		}, 1, "canceled", "Unavailable"},
		{"budget", context.Background(), repeat(apiErr("Unavailable"), 5), func(o *awsretry.Options) { o.Budget = awsretry.NewBudget(1) }, 1, "budget", "Unavailable"},
		{"not retryable", context.Background(), []error{apiErr("UnauthorizedOperation")}, func(*awsretry.Options) {}, 1, "", "UnauthorizedOperation"},
		{"retried, then not retryable", context.Background(), []error{apiErr("Unavailable"), apiErr("UnauthorizedOperation")}, func(*awsretry.Options) {}, 2, "", "UnauthorizedOperation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, mp := new(recTracing), new(recMetrics)
			var sl sleeps
			p, err := awsretry.Decorate(newScripted(tt.errs...), sl.fast, withProviders(tp, mp), tt.opt)
			require.NoError(t, err)
			_, err = p.Call("Op", tt.ctx, &OpInput{Secret: "hunter2"})
			require.Error(t, err)

			spans := tp.named("awsretry.Op")
			require.Len(t, spans, 1)
			s := spans[0]
			assert.Equal(t, tracing.SpanStatusError, s.status)
			assert.True(t, s.ended)
			assert.Equal(t, tt.attempts, s.props["awsretry.attempts"])
			assert.Equal(t, tt.reason != "", s.props["awsretry.gave_up"])
			assert.Equal(t, tt.lastCode, s.props["awsretry.last_code"])
			m := "rpc.method=Op"
			assert.Equal(t, map[string]float64{m: float64(tt.attempts)}, mp.sums("awsretry.attempts"))
			if tt.reason == "" {
				assert.NotContains(t, s.props, "awsretry.give_up_reason")
				assert.Empty(t, mp.sums("awsretry.gave_up"))
			} else {
				assert.Equal(t, tt.reason, s.props["awsretry.give_up_reason"])
				assert.Equal(t, map[string]float64{"awsretry.give_up_reason=" + tt.reason + " " + m: 1}, mp.sums("awsretry.gave_up"))
			}
			for _, v := range s.props {
				assert.NotContains(t, fmt.Sprint(v), "hunter2")
			}
		})
	}
}

// TestTelemetryWithKeepsProviders: With keeps the providers and their
// instruments unless an option changes them.
func TestTelemetryWithKeepsProviders(t *testing.T) {
	tp, mp := new(recTracing), new(recMetrics)
	p := awsretry.MustDecorate(newScripted(), withProviders(tp, mp))
	made := mp.instruments
	require.Equal(t, 7, made, "calls, attempts, retries, gave_up, sleep.duration, limiter.wait.duration, limiter.store.errors")

	q, err := p.With(func(o *awsretry.Options) { o.Tries = 2 })
	require.NoError(t, err)
	assert.Equal(t, made, mp.instruments, "no new instruments for the same provider")
	_, err = q.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Len(t, tp.named("awsretry.Op"), 1)
	assert.Equal(t, map[string]float64{"rpc.method=Op": 1}, mp.sums("awsretry.calls"))

	other := new(recMetrics)
	r, err := p.With(func(o *awsretry.Options) { o.MeterProvider = other })
	require.NoError(t, err)
	assert.Equal(t, made, other.instruments)
	_, err = r.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"rpc.method=Op": 1}, other.sums("awsretry.calls"))
	assert.Equal(t, map[string]float64{"rpc.method=Op": 1}, mp.sums("awsretry.calls"), "the first provider got nothing more")

	// 10 calls make no new instruments.
	for range 10 {
		_, err = r.Call("Op", context.Background(), &OpInput{})
		require.NoError(t, err)
	}
	assert.Equal(t, made, other.instruments)
}

// TestTelemetryNoProviderNoAllocation: with no provider (and with Nop
// ones), a successful WrapOp call allocates nothing.
func TestTelemetryNoProviderNoAllocation(t *testing.T) {
	for name, opt := range map[string]func(*awsretry.Options){
		"none": func(*awsretry.Options) {},
		"nop":  withProviders(tracing.NopTracerProvider{}, metrics.NopMeterProvider{}),
	} {
		t.Run(name, func(t *testing.T) {
			s := newScripted()
			op, err := awsretry.WrapOp(s.OpNoAlloc, opt)
			require.NoError(t, err)
			ctx, in := context.Background(), &OpInput{}
			allocs := testing.AllocsPerRun(100, func() { _, _ = op(ctx, in) })
			assert.Zero(t, allocs)
		})
	}
}

// TestTelemetryNilContext: a call with no context argument still gets its
// span and counts; the method is called as before.
func TestTelemetryNilContext(t *testing.T) {
	tp, mp := new(recTracing), new(recMetrics)
	var sl sleeps
	s := newScripted(apiErr("Unavailable"))
	p := awsretry.MustDecorate(s, sl.fast, withProviders(tp, mp))
	_, err := p.Call("Pair", 1, "x")
	require.NoError(t, err)
	spans := tp.named("awsretry.Pair")
	require.Len(t, spans, 1)
	assert.Equal(t, 2, spans[0].props["awsretry.attempts"])
	assert.Len(t, spans[0].events, 1)
	assert.Equal(t, map[string]float64{"rpc.method=Pair": 2}, mp.sums("awsretry.attempts"))
}

// TestTelemetryPanicEndsTheSpan: a method that panics still ends its span,
// with status error; the panic reaches the caller.
func TestTelemetryPanicEndsTheSpan(t *testing.T) {
	tp, mp := new(recTracing), new(recMetrics)
	p := awsretry.MustDecorate(newScripted(), withProviders(tp, mp))
	require.PanicsWithValue(t, "boom from the client", func() { _, _ = p.Call("Boom") })
	spans := tp.named("awsretry.Boom")
	require.Len(t, spans, 1)
	assert.True(t, spans[0].ended)
	assert.Equal(t, tracing.SpanStatusError, spans[0].status)
	assert.Equal(t, map[string]float64{"rpc.method=Boom": 1}, mp.sums("awsretry.attempts"))
}
