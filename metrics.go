package awsretry

import (
	"fmt"

	"github.com/aws/smithy-go/metrics"
)

// Metric instrument names. Each counter carries the property rpc.method;
// awsretry.retries also awsretry.code, awsretry.gave_up also
// awsretry.give_up_reason.
const (
	metricCalls    = "awsretry.calls"
	metricAttempts = "awsretry.attempts"
	metricRetries  = "awsretry.retries"
	metricGaveUp   = "awsretry.gave_up"
	metricSleep    = "awsretry.sleep.duration"
)

// instruments are the metric instruments of one retrier, made once from its
// MeterProvider. The Limiter's rate gauge is registered per Limiter and
// provider instead (limiter_telemetry.go).
type instruments struct {
	calls, attempts, retries, gaveUp metrics.Int64Counter
	storeErrors                      metrics.Int64Counter
	sleep, limiterWait               metrics.Float64Histogram
}

// newInstruments makes the instruments from mp's meter for this package.
// Errors: ErrInvalidOptions, naming the instrument the meter refused.
func newInstruments(mp metrics.MeterProvider) (*instruments, error) {
	m := mp.Meter(instrumentationName)
	in := new(instruments)
	counters := []struct {
		dst  *metrics.Int64Counter
		name string
		desc string
	}{
		{&in.calls, metricCalls, "Calls that reached the retry loop."},
		{&in.attempts, metricAttempts, "Attempts made, the first ones included."},
		{&in.retries, metricRetries, "Retries: sleeps started before another attempt."},
		{&in.gaveUp, metricGaveUp, "Calls that ended in a *RetryError."},
		{&in.storeErrors, metricLimiterStoreErrors, "The Limiter's operations on its Store that failed for an attempt; it was paced locally."},
	}
	for _, c := range counters {
		ctr, err := m.Int64Counter(c.name, describe("{"+c.name[len("awsretry."):]+"}", c.desc))
		if err != nil {
			return nil, instrumentError(c.name, err)
		}
		*c.dst = ctr
	}
	h, err := m.Float64Histogram(metricSleep, describe("s", "Sleeps between attempts, in seconds; an interrupted one counts what it lasted."))
	if err != nil {
		return nil, instrumentError(metricSleep, err)
	}
	in.sleep = h
	if in.limiterWait, err = m.Float64Histogram(metricLimiterWait, describe("s", "Waits for the Limiter's slot before an attempt, in seconds.")); err != nil {
		return nil, instrumentError(metricLimiterWait, err)
	}
	return in, nil
}

func describe(unit, desc string) metrics.InstrumentOption {
	return func(o *metrics.InstrumentOptions) { o.UnitLabel, o.Description = unit, desc }
}

func instrumentError(name string, err error) error {
	return fmt.Errorf("%w: MeterProvider could not make the instrument %s: %w", ErrInvalidOptions, name, err)
}

// withProps returns a RecordMetricOption that sets the key/value pairs kv.
// They are boxed once, here, not each time the option is applied.
func withProps(kv ...string) metrics.RecordMetricOption {
	boxed := make([]any, len(kv))
	for i, s := range kv {
		boxed[i] = s
	}
	return func(o *metrics.RecordMetricOptions) {
		for i := 0; i+1 < len(boxed); i += 2 {
			o.Properties.Set(boxed[i], boxed[i+1])
		}
	}
}
