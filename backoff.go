package awsretry

import (
	"math"
	"time"
)

const maxDuration = math.MaxInt64

// backoff returns the sleep before attempt k+2 (k = 0, 1, ...) before jitter:
// Delay × Backoff^k, capped by MaxDelay when it is set (the table is on
// Options). A value past the largest time.Duration stays there.
func (o *Options) backoff(k int) time.Duration {
	f := float64(o.Delay) * math.Pow(o.Backoff, float64(k))
	d := saturate(f)
	if o.MaxDelay > 0 && d > o.MaxDelay {
		d = o.MaxDelay
	}
	return d
}

// saturate converts nanoseconds to a Duration, rounding to the nearest and
// staying at the largest Duration instead of overflowing.
func saturate(f float64) time.Duration {
	if f >= float64(maxDuration) || math.IsNaN(f) {
		return maxDuration
	}
	return time.Duration(math.Round(f))
}

// sleepFor returns the jittered sleep before attempt k+2; prev is the sleep
// before attempt k+1, or 0 for the first retry.
func (o *Options) sleepFor(k int, prev time.Duration, rnd func(int64) int64) time.Duration {
	switch o.Jitter {
	case FullJitter:
		return uniform(rnd, 0, o.backoff(k))
	case EqualJitter:
		d := o.backoff(k)
		return d/2 + uniform(rnd, 0, d-d/2)
	case DecorrelatedJitter:
		if prev == 0 {
			prev = o.Delay
		}
		d := uniform(rnd, o.Delay, max(o.Delay, saturate(3*float64(prev))))
		if o.MaxDelay > 0 && d > o.MaxDelay {
			d = o.MaxDelay
		}
		return d
	default:
		return o.backoff(k)
	}
}
