package awsretry

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Jitter selects how each sleep of the schedule is randomized. Every kind is
// safe for concurrent use.
type Jitter int

const (
	// NoJitter sleeps exactly Delay × Backoff^k: awsretry's schedule.
	NoJitter Jitter = iota
	// FullJitter sleeps a uniform time in [0, d].
	FullJitter
	// EqualJitter sleeps d/2 plus a uniform time in [0, d/2].
	EqualJitter
	// DecorrelatedJitter sleeps a uniform time in [Delay, 3 × previous
	// sleep], capped by MaxDelay when it is set. It ignores Backoff. The
	// "previous sleep" of the first retry is Delay.
	DecorrelatedJitter
)

var jitterNames = [...]string{"NoJitter", "FullJitter", "EqualJitter", "DecorrelatedJitter"}

// jitterChoices lists jitterNames for an error message: "NoJitter,
// FullJitter, EqualJitter or DecorrelatedJitter".
var jitterChoices = strings.Join(jitterNames[:len(jitterNames)-1], ", ") + " or " + jitterNames[len(jitterNames)-1]

// String returns the constant's name, or Jitter(n) for an unknown value.
func (j Jitter) String() string {
	if j.valid() {
		return jitterNames[j]
	}
	return "Jitter(" + strconv.Itoa(int(j)) + ")"
}

func (j Jitter) valid() bool { return j >= NoJitter && j <= DecorrelatedJitter }

// randN returns a uniform int64 in [0, n); n > 0. It is the default source of
// the retry loop's randomness and is safe for concurrent use.
func randN(n int64) int64 { return rand.Int64N(n) }

// uniform returns a uniform duration in [lo, hi], with lo <= hi.
func uniform(rnd func(int64) int64, lo, hi time.Duration) time.Duration {
	span := int64(hi - lo)
	if span <= 0 {
		return lo
	}
	if span < maxDuration {
		span++ // make hi itself reachable
	}
	return lo + time.Duration(rnd(span))
}
