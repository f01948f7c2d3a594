package awsretry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// TestObserversAgree: Stats, the hooks, the span and the metrics hear of
// every call through one observer, so their counts of attempts, retries and
// give-ups agree with each other and with the RetryError, whichever way the
// call ends.
func TestObserversAgree(t *testing.T) {
	throttle := apiErr("RequestLimitExceeded")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name         string
		ctx          context.Context
		errs         []error
		opt          func(*awsretry.Options)
		wantAttempts int
		wantRetries  int
		wantReason   string // "" when the call does not give up
	}{
		{"first try", context.Background(), nil, nil, 1, 0, ""},
		{"after two retries", context.Background(), repeat(throttle, 2), nil, 3, 2, ""},
		{"not retried", context.Background(), []error{errPlain}, nil, 1, 0, ""},
		{"tries run out", context.Background(), repeat(throttle, 5), func(o *awsretry.Options) { o.Tries = 3 }, 3, 2, "tries"},
		{"cancelled before the first", canceled, nil, nil, 0, 0, "canceled"},
		{"budget", context.Background(), repeat(throttle, 5), func(o *awsretry.Options) { o.Budget = awsretry.NewBudget(awsretry.BudgetRetryCost) }, 2, 1, "budget"},
		{"sleep fails", context.Background(), repeat(throttle, 5), func(o *awsretry.Options) {
			o.Sleep = func(context.Context, time.Duration) error { return errSleep }
		}, 1, 1, "canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, mp := new(recTracing), new(recMetrics)
			var events []awsretry.RetryEvent
			var sl sleeps
			p, err := awsretry.Decorate(newScripted(tt.errs...), sl.fast, func(o *awsretry.Options) {
				o.TracerProvider, o.MeterProvider = tp, mp
				o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
			}, opt(tt.opt))
			require.NoError(t, err)

			_, err = p.Call("Op", tt.ctx, &OpInput{})

			var re *awsretry.RetryError
			assert.Equal(t, tt.wantReason != "", errors.As(err, &re), "a *RetryError exactly when the call gives up")
			if re != nil {
				assert.Equal(t, tt.wantAttempts, re.Attempts, "RetryError.Attempts")
			}
			var gaveUp int64
			if tt.wantReason != "" {
				gaveUp = 1
			}
			st := p.Stats()
			assert.Equal(t, awsretry.Stats{
				Calls: 1, Attempts: int64(tt.wantAttempts), Retries: int64(tt.wantRetries), GaveUp: gaveUp,
				Slept: st.Slept, ByCode: st.ByCode,
			}, st)
			assert.Len(t, events, tt.wantRetries, "OnRetry events")
			assert.Equal(t, map[string]float64{"rpc.method=Op": float64(tt.wantAttempts)}, mp.sums("awsretry.attempts"))
			assert.Equal(t, float64(tt.wantRetries), total(mp.sums("awsretry.retries")), "awsretry.retries")
			spans := tp.named("awsretry.Op")
			require.Len(t, spans, 1)
			assert.Equal(t, tt.wantAttempts, spans[0].props["awsretry.attempts"])
			assert.Equal(t, tt.wantRetries, spans[0].props["awsretry.retries"])
			if tt.wantReason == "" {
				assert.Empty(t, mp.sums("awsretry.gave_up"))
				assert.Equal(t, false, spans[0].props["awsretry.gave_up"])
				return
			}
			assert.Equal(t, map[string]float64{"awsretry.give_up_reason=" + tt.wantReason + " rpc.method=Op": 1}, mp.sums("awsretry.gave_up"))
			assert.Equal(t, tt.wantReason, spans[0].props["awsretry.give_up_reason"])
		})
	}
}

var errSleep = errors.New("the sleep hook failed")

// opt returns fn, or an option that changes nothing for a nil fn.
func opt(fn func(*awsretry.Options)) func(*awsretry.Options) {
	if fn == nil {
		return func(*awsretry.Options) {}
	}
	return fn
}

// total sums the values of m.
func total(m map[string]float64) float64 {
	var n float64
	for _, v := range m {
		n += v
	}
	return n
}
