package awsretry

import (
	"context"

	"github.com/aws/smithy-go/metrics"
)

// What the Limiter reports through a retrier's MeterProvider: each wait for
// a slot in the histogram awsretry.limiter.wait.duration (seconds, with
// rpc.method; see telemetry.limiterWaited), and each limited scope's rate
// in the async gauge awsretry.limiter.rate (attempts a second, with
// awsretry.scope), and each attempt whose slot the Limiter's Store failed
// to give in the counter awsretry.limiter.store.errors (with rpc.method).
// A call that the Limiter stopped gives up with
// awsretry.give_up_reason "limiter".
const (
	metricLimiterWait        = "awsretry.limiter.wait.duration"
	metricLimiterRate        = "awsretry.limiter.rate"
	metricLimiterStoreErrors = "awsretry.limiter.store.errors"
)

// observeRates registers the rate gauge of l with mp, once per provider
// however many proxies share l, so that no scope is observed twice. The
// gauge lives as long as l.
// Errors: ErrInvalidOptions, when the meter refuses the instrument.
func (l *Limiter) observeRates(mp metrics.MeterProvider) error {
	l.gaugeMu.Lock()
	defer l.gaugeMu.Unlock()
	for _, p := range l.gauged {
		if same(p, mp) {
			return nil
		}
	}
	_, err := mp.Meter(instrumentationName).Float64AsyncGauge(metricLimiterRate, func(ctx context.Context, o metrics.Float64Observer) {
		for name, rate := range l.rates() {
			o.Observe(ctx, rate, withProps("awsretry.scope", name))
		}
	}, describe("{attempt}/s", "The Limiter's rate of each limited scope, in attempts a second."))
	if err != nil {
		return instrumentError(metricLimiterRate, err)
	}
	l.gauged = append(l.gauged, mp)
	return nil
}

// rates returns the rate of every limited scope.
func (l *Limiter) rates() map[string]float64 {
	l.mu.RLock()
	scopes := make([]*limScope, 0, len(l.scopes))
	for _, sc := range l.scopes {
		scopes = append(scopes, sc)
	}
	l.mu.RUnlock()
	out := make(map[string]float64, len(scopes))
	for _, sc := range scopes {
		sc.mu.Lock()
		if rate, limited := sc.current(); limited {
			out[sc.name] = rate
		}
		sc.mu.Unlock()
	}
	return out
}
