package awstest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRateAdmit(t *testing.T) {
	tests := []struct {
		name       string
		rate       float64
		burst      float64
		every      time.Duration // between requests
		requests   int
		wantPassed int
	}{
		{"the burst, then nothing", 10, 5, 0, 20, 5},
		{"a burst below 1 is 1", 10, 0.2, 0, 3, 1},
		{"at the rate, all pass", 10, 1, 100 * time.Millisecond, 20, 20},
		{"at twice the rate, about half", 10, 1, 50 * time.Millisecond, 40, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := time.Unix(0, 0)
			script := rateAdmit(tt.rate, tt.burst, func() time.Time { return clock })
			passed := 0
			for n := 1; n <= tt.requests; n++ {
				if script(n, &Request{}) == Pass {
					passed++
				}
				clock = clock.Add(tt.every)
			}
			assert.Equal(t, tt.wantPassed, passed)
		})
	}
}
