package awsretry_test

import (
	"testing"

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
