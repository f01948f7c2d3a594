package awsretry_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// TestDefaultLimiterOptions: the defaults documented on LimiterOptions'
// fields, which NewLimiter accepts as they are.
func TestDefaultLimiterOptions(t *testing.T) {
	want := awsretry.LimiterOptions{
		WindowSuccesses: 20,
		MinWindow:       10 * time.Millisecond,
		MaxWindow:       time.Second,
		MaxCut:          0.5,
		MinRate:         0.1,
	}
	assert.Equal(t, want, awsretry.DefaultLimiterOptions()) // the funcs and the Logger nil
	l, err := awsretry.NewLimiter()
	require.NoError(t, err)
	assert.NotNil(t, l)
}

// TestLimiterOptionsAcceptTheEdges: each closed end of a range is inside
// it (TestNewLimiterRejectsBadOptions has the open ends and beyond).
func TestLimiterOptionsAcceptTheEdges(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*awsretry.LimiterOptions)
	}{
		{"one success a window", func(o *awsretry.LimiterOptions) { o.WindowSuccesses = 1 }},
		{"a nanosecond's window", func(o *awsretry.LimiterOptions) { o.MinWindow, o.MaxWindow = 1, 1 }},
		{"max equal to min", func(o *awsretry.LimiterOptions) { o.MaxWindow = o.MinWindow }},
		{"the deepest cut", func(o *awsretry.LimiterOptions) { o.MaxCut = math.SmallestNonzeroFloat64 }},
		{"the shallowest cut", func(o *awsretry.LimiterOptions) { o.MaxCut = math.Nextafter(1, 0) }},
		{"a tiny floor", func(o *awsretry.LimiterOptions) { o.MinRate = math.SmallestNonzeroFloat64 }},
		{"the largest finite floor", func(o *awsretry.LimiterOptions) { o.MinRate = math.MaxFloat64 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := awsretry.NewLimiter(tt.fn)
			require.NoError(t, err)
			assert.NotNil(t, l)
		})
	}
}
