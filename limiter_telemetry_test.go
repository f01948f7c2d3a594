package awsretry_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// TestLimiterTelemetry: a wait for the Limiter's slot is recorded in
// awsretry.limiter.wait.duration, a call the Limiter stops gives up with
// reason "limiter", and each limited scope's rate is observed once by
// awsretry.limiter.rate, however many proxies share the Limiter.
func TestLimiterTelemetry(t *testing.T) {
	clk := newVClock()
	l := limitedLimiter(t, clk)
	tp, mp := new(recTracing), new(recMetrics)
	p := awsretry.MustDecorate(newScripted(), withProviders(tp, mp), func(o *awsretry.Options) { o.Sleep, o.Limiter = clk.Sleep, l })
	_, err := p.With(func(o *awsretry.Options) { o.Tries = 2 })
	require.NoError(t, err)
	_, err = awsretry.WrapOp(newScripted().Op, withProviders(tp, mp), func(o *awsretry.Options) { o.Limiter = l })
	require.NoError(t, err)

	_, err = p.Call("Op", context.Background(), &OpInput{}) // waits 1s for its slot
	require.NoError(t, err)
	ctx, cancel := context.WithDeadline(context.Background(), clk.Now().Add(500*time.Millisecond))
	defer cancel()
	_, err = p.Call("Op", ctx, &OpInput{}) // its slot is 1s away
	require.ErrorIs(t, err, context.DeadlineExceeded)

	assert.Equal(t, map[string]float64{"rpc.method=Op": 1}, mp.sums("awsretry.limiter.wait.duration"))
	assert.Equal(t, map[string]float64{"awsretry.give_up_reason=limiter rpc.method=Op": 1}, mp.sums("awsretry.gave_up"))
	rate, limited := l.Rate("")
	require.True(t, limited)
	assert.Equal(t, map[string]float64{"awsretry.scope=": rate}, mp.observe("awsretry.limiter.rate"),
		"one observation of the one scope's rate, though three retriers share the Limiter")
	spans := tp.named("awsretry.Op")
	require.Len(t, spans, 2)
	assert.Equal(t, "limiter", spans[1].props["awsretry.give_up_reason"])
}
