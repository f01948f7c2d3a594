package awsretry

import (
	"math"
	"time"
)

const maxDuration = math.MaxInt64

// backoff returns the sleep before attempt k+2 (k = 0, 1, ...) before jitter:
// Delay × Backoff^k, capped by MaxDelay when it is set. A value past the
// largest time.Duration stays there.
//
// With DefaultOptions the schedule is awsretry 1.0.2's:
//
//	retry  sleep        slept in all
//	1      3s           3s
//	2      3.3s         6.3s
//	3      3.63s        9.93s
//	4      3.993s       13.923s
//	5      4.3923s      18.3153s
//	6      4.83153s     23.14683s
//	7      5.314683s    28.461513s
//	8      5.8461513s   34.3076643s
//	9      6.43076643s  40.73843073s
//
// and the tenth attempt is the last.
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
