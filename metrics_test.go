package awsretry_test

import (
	"testing"

	"github.com/aws/smithy-go/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// TestTelemetryInstrumentRefused: a MeterProvider that refuses an
// instrument fails every entry point with ErrInvalidOptions naming it.
func TestTelemetryInstrumentRefused(t *testing.T) {
	opt := withProviders(nil, &recMetrics{fail: "awsretry.retries"})
	c := newScripted()
	_, errDecorate := awsretry.Decorate(c, opt)
	_, errWrap := awsretry.Wrap(c.Op, opt)
	_, errWrapOp := awsretry.WrapOp(c.Op, opt)
	_, errRetryer := awsretry.NewRetryer(opt)
	_, errWith := awsretry.MustDecorate(c).With(opt)
	for name, err := range map[string]error{"Decorate": errDecorate, "Wrap": errWrap, "WrapOp": errWrapOp, "NewRetryer": errRetryer, "With": errWith} {
		require.ErrorIs(t, err, awsretry.ErrInvalidOptions, name)
		assert.Contains(t, err.Error(), "awsretry.retries", name)
		assert.Zero(t, c.Calls())
	}
}

// instrumentSpec is what a meter was asked to make.
type instrumentSpec struct {
	kind, unit string
	described  bool
}

// specMeter is a MeterProvider that records the instruments it makes; they
// record nothing.
type specMeter struct {
	metrics.NopMeter
	made map[string]instrumentSpec
}

func (m *specMeter) Meter(string, ...metrics.MeterOption) metrics.Meter { return m }

func (m *specMeter) record(name, kind string, opts []metrics.InstrumentOption) {
	var o metrics.InstrumentOptions
	for _, fn := range opts {
		fn(&o)
	}
	m.made[name] = instrumentSpec{kind: kind, unit: o.UnitLabel, described: o.Description != ""}
}

func (m *specMeter) Int64Counter(name string, opts ...metrics.InstrumentOption) (metrics.Int64Counter, error) {
	m.record(name, "Int64Counter", opts)
	return m.NopMeter.Int64Counter(name, opts...)
}

func (m *specMeter) Float64Histogram(name string, opts ...metrics.InstrumentOption) (metrics.Float64Histogram, error) {
	m.record(name, "Float64Histogram", opts)
	return m.NopMeter.Float64Histogram(name, opts...)
}

// TestInstrumentsAreTheDocumentedOnes: a proxy makes the instruments of the
// table in docs/telemetry.md, of its kinds, the durations in seconds, each
// described.
func TestInstrumentsAreTheDocumentedOnes(t *testing.T) {
	m := &specMeter{made: map[string]instrumentSpec{}}
	_, err := awsretry.Decorate(newScripted(), func(o *awsretry.Options) { o.MeterProvider = m })
	require.NoError(t, err)
	assert.Equal(t, map[string]instrumentSpec{
		"awsretry.calls":                 {"Int64Counter", "{calls}", true},
		"awsretry.attempts":              {"Int64Counter", "{attempts}", true},
		"awsretry.retries":               {"Int64Counter", "{retries}", true},
		"awsretry.gave_up":               {"Int64Counter", "{gave_up}", true},
		"awsretry.sleep.duration":        {"Float64Histogram", "s", true},
		"awsretry.limiter.wait.duration": {"Float64Histogram", "s", true},
		"awsretry.limiter.store.errors":  {"Int64Counter", "{limiter.store.errors}", true},
	}, m.made)
}
