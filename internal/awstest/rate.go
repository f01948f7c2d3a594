package awstest

import (
	"sync"
	"time"
)

// RateAdmit returns a Script that passes perSecond requests a second and
// throttles the rest, as a server's rate limit does: a token bucket of
// burst tokens (at least 1), full at the start, refilled continuously.
func RateAdmit(perSecond, burst float64) Script {
	return rateAdmit(perSecond, burst, time.Now)
}

// rateAdmit is RateAdmit on the clock now.
func rateAdmit(perSecond, burst float64, now func() time.Time) Script {
	burst = max(1, burst)
	var mu sync.Mutex
	tokens, last := burst, now()
	return func(int, *Request) Fault {
		mu.Lock()
		defer mu.Unlock()
		t := now()
		tokens = min(burst, tokens+t.Sub(last).Seconds()*perSecond)
		last = t
		if tokens < 1 {
			return Throttle
		}
		tokens--
		return Pass
	}
}
