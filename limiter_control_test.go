package awsretry

import (
	"math"
	"testing"
	"time"
)

// testParams are the default LimiterOptions as the model reads them.
var testParams = limParams{windowSuccesses: 20, minWindow: 10 * time.Millisecond, maxWindow: time.Second, minRate: 0.1, maxCut: 0.5}

// bucketModel answers a window of attempts as a server would, without
// randomness: a token bucket (refill a second, up to burst tokens; refill
// 0: no limit), and a share noise of the attempts throttled whatever the
// rate, spread evenly over the window.
type bucketModel struct {
	refill, burst, tokens float64
	noise, noiseDue       float64
}

// outcome answers an attempt sent at rate: admitted, or throttled.
func (m *bucketModel) outcome(rate float64) bool {
	if m.refill > 0 {
		m.tokens = min(m.burst, m.tokens+m.refill/rate)
	}
	m.noiseDue += m.noise
	switch {
	case m.noiseDue >= 1:
		m.noiseDue--
		return false
	case m.refill == 0:
		return true
	case m.tokens >= 1:
		m.tokens--
		return true
	}
	return false
}

// window returns the window that c counts from start against m, with
// attempts sent at rate, each waiting for its slot when bound: as the
// Limiter counts it, until closes says it is complete (or after 100
// WindowSuccesses outcomes), and the time it closed.
func (m *bucketModel) window(c *limControl, start time.Time, rate float64, bound bool) (limWindow, time.Time) {
	w := limWindow{start: start}
	if c.limited && c.phase != phaseCruise {
		w.pulse = testParams.windowSuccesses
	}
	spacing := time.Duration(float64(time.Second) / rate)
	at := start
	for range 100 * testParams.windowSuccesses {
		at = at.Add(spacing)
		if bound {
			w.bound++
		}
		ok := m.outcome(rate)
		w.add(ok, !ok, at)
		if testParams.closes(&w, at, c.limited) {
			break
		}
	}
	return w, at
}

// drive runs the controller for windows windows against m, at the rate
// and gain it asks for, or at demand when that is lower (and then the
// rate does not bind). It returns the state after each window.
func drive(c limControl, m *bucketModel, now time.Time, windows int, demand float64) ([]limControl, time.Time) {
	var states []limControl
	for range windows {
		rate := c.rate * c.gain()
		if !c.limited {
			rate = demand
		}
		bound := c.limited
		if demand > 0 && demand < rate {
			rate, bound = demand, false
		}
		var w limWindow
		w, now = m.window(&c, now, rate, bound)
		c = c.next(w, now, &testParams)
		states = append(states, c)
	}
	return states, now
}

// TestLimiterControl drives the rate model window by window through the
// situations it must tell apart, and checks the rate it sets.
func TestLimiterControl(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	// limitedAt returns a controller that has settled at a bucket's refill
	// rate against m.
	limitedAt := func(t *testing.T, m *bucketModel) (limControl, time.Time) {
		t.Helper()
		states, now := drive(limControl{}, m, t0, 1, 10*m.refill) // a storm of ten times the refill
		if !states[0].limited {
			t.Fatalf("a storm of ten times the refill did not limit the scope: %+v", states[0])
		}
		states, now = drive(states[0], m, now, 40, 0)
		return states[len(states)-1], now
	}
	cruising := func(states []limControl) []float64 {
		var rates []float64
		for _, c := range states {
			if c.phase == phaseCruise {
				rates = append(rates, c.rate)
			}
		}
		return rates
	}

	t.Run("a storm proves an overload", func(t *testing.T) {
		m := &bucketModel{refill: 100}
		c := limControl{}
		w, end := m.window(&c, t0, 4000, false) // a demand of forty times the refill
		if w.thr-w.ok < proofExcess || w.n > proofExcess+2 {
			t.Fatalf("the window did not close as soon as its throttles proved an overload: %+v", w.limCounts)
		}
		c = c.next(w, end, &testParams)
		if !c.limited || math.Abs(c.rate-testParams.maxCut*4000) > 1 {
			t.Errorf("limited %v at %.0f/s, want limited at MaxCut × 4000/s: a window of few successes cuts by at most MaxCut", c.limited, c.rate)
		}
	})

	t.Run("a burst is used, then the refill is the rate", func(t *testing.T) {
		// EC2's non-mutating bucket: 100 tokens, 20 a second. The burst is
		// admitted first; after the first throttle, the refill.
		m := &bucketModel{refill: 20, burst: 100, tokens: 100}
		states, _ := drive(limControl{}, m, t0, 12, 600) // a storm of thirty times the refill
		w := states[len(states)-1]
		if !w.limited || w.rate < 19 || w.rate > 22 {
			t.Errorf("limited %v at %.1f/s after the burst was spent, want the refill, 20/s", w.limited, w.rate)
		}
	})

	t.Run("a refill plateau holds", func(t *testing.T) {
		m := &bucketModel{refill: 200, burst: 10}
		c, now := limitedAt(t, m)
		states, _ := drive(c, m, now, 60, 0)
		for i, r := range cruising(states) {
			if r < 0.95*200 || r > 1.1*200 {
				t.Fatalf("cruise %d at %.1f/s, want within [0.95, 1.1] × 200/s", i, r)
			}
		}
		probes := 0
		for _, s := range states {
			if s.phase == phaseProbe {
				probes++
			}
		}
		if probes == 0 {
			t.Error("no probe in 60 windows: a restore would never be found")
		}
	})

	t.Run("noise does not limit an open scope", func(t *testing.T) {
		m := &bucketModel{noise: 0.1}
		states, _ := drive(limControl{}, m, t0, 100, 1000)
		for i, s := range states {
			if s.limited {
				t.Fatalf("window %d: limited at %.0f/s by a tenth of the attempts throttled at random", i, s.rate)
			}
		}
	})

	t.Run("noise lifts a limited scope", func(t *testing.T) {
		// Limited by a real limit, which then goes: what stays is a tenth
		// throttled whatever the rate. Pushing brings more successes, so
		// the rate climbs.
		m := &bucketModel{refill: 100, burst: 5}
		c, now := limitedAt(t, m)
		m.refill, m.noise = 0, 0.1
		states, _ := drive(c, m, now, 30, 0)
		last := states[len(states)-1]
		if last.limited && last.rate < 4*100 {
			t.Errorf("after 30 windows of noise: limited at %.0f/s, want the rate four times the old limit or open", last.rate)
		}
	})

	t.Run("a real overload cuts", func(t *testing.T) {
		m := &bucketModel{refill: 100, burst: 5}
		c, now := limitedAt(t, m)
		m.refill = 50 // the capacity halves
		states, _ := drive(c, m, now, 3, 0)
		r := states[len(states)-1].rate
		if r > 0.6*100 || r < 0.45*100 {
			t.Errorf("three windows after the capacity fell from 100/s to 50/s: %.1f/s", r)
		}
	})

	t.Run("demand falling under a limited scope learns nothing", func(t *testing.T) {
		m := &bucketModel{refill: 100, burst: 5}
		c, now := limitedAt(t, m)
		before := c.rate
		states, _ := drive(c, m, now, 6, 30) // callers now ask for 30/s: the rate does not bind
		for i, s := range states {
			if s.limited && s.rate < 0.95*before {
				t.Fatalf("window %d of a demand of 30/s: the rate fell from %.0f/s to %.0f/s", i, before, s.rate)
			}
		}
		states, _ = drive(states[len(states)-1], m, now, 4, 30)
		if last := states[len(states)-1]; last.limited {
			t.Errorf("after ten windows in which the rate did not bind: still limited at %.0f/s, want open", last.rate)
		}
	})

	t.Run("a restore is found", func(t *testing.T) {
		m := &bucketModel{refill: 50, burst: 3}
		c, now := limitedAt(t, m)
		m.refill = 200
		states, _ := drive(c, m, now, 20, 0)
		first := -1
		for i, s := range states {
			if s.phase == phaseCruise && s.rate >= 0.9*200 {
				first = i
				break
			}
		}
		if first < 0 {
			t.Fatalf("20 windows after the capacity rose from 50/s to 200/s: cruising at %v", cruising(states))
		}
		t.Logf("cruising at 90%% of the new capacity after %d windows", first+1)
	})
}

// TestLimiterFit: the fit tells noise from a limit only by how the share
// of throttles follows the rate.
func TestLimiterFit(t *testing.T) {
	tests := []struct {
		name    string
		samples []limSample
		limited bool
		noise   float64 // want within 0.02: the least as likely (noiseSlack)
		limit   float64 // want within 5%; +Inf: none
	}{
		{"a tenth at every rate is noise", []limSample{{100, 40, 4}, {125, 40, 4}, {90, 40, 4}, {100, 40, 4}}, false, 0.1, math.Inf(1)},
		{"the share grows with the rate: a limit", []limSample{{100, 40, 0}, {125, 40, 8}, {90, 40, 0}, {150, 40, 13}}, false, 0, 100},
		{"one window cannot tell", []limSample{{100, 40, 4}}, false, 0.06, math.Inf(1)},
		{"more than noise can explain, at one rate", []limSample{{400, 40, 30}}, false, 0, 100},
		{"a limit with noise on top", []limSample{{100, 80, 4}, {125, 80, 20}, {90, 80, 4}, {150, 80, 30}}, false, 0.05, 95},
		{"a limit found stays while as likely", []limSample{{100, 20, 1}, {100, 20, 1}}, true, 0, 95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			noise, limit := fit(tt.samples, tt.limited)
			if math.Abs(noise-tt.noise) > 0.02+1e-9 {
				t.Errorf("noise %.3f, want %.2f", noise, tt.noise)
			}
			switch {
			case math.IsInf(tt.limit, 1) != math.IsInf(limit, 1):
				t.Errorf("limit %v, want %v", limit, tt.limit)
			case !math.IsInf(limit, 1) && math.Abs(limit-tt.limit) > 0.05*tt.limit:
				t.Errorf("limit %.1f, want %.0f", limit, tt.limit)
			}
		})
	}
}

// TestLimiterGain: the gain of each phase of the cycle.
func TestLimiterGain(t *testing.T) {
	tests := []struct {
		name string
		c    limControl
		want float64
	}{
		{"cruise", limControl{limited: true, rate: 100}, 1},
		{"a first probe", limControl{limited: true, rate: 100, phase: phaseProbe}, 1 + probeStep},
		{"a second probe in a row that found room", limControl{limited: true, rate: 100, phase: phaseProbe, probes: 1}, 1 + 2*probeStep},
		{"the step doubles up to maxProbeGain", limControl{limited: true, rate: 100, phase: phaseProbe, probes: 5}, maxProbeGain},
		{"a drain without noise", limControl{limited: true, rate: 100, phase: phaseDrain}, drainGain},
		{"a drain goes below the noise share", limControl{limited: true, rate: 100, phase: phaseDrain, noise: 0.2}, 0.8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g := tt.c.gain(); math.Abs(g-tt.want) > 1e-9 {
				t.Errorf("gain %.4f, want %.4f", g, tt.want)
			}
		})
	}
}

// TestLimiterCleanCruiseProbes: a cruise window in which the rate bound
// and nothing was throttled is followed by a probe at once; one with a
// throttle waits for the cycle.
func TestLimiterCleanCruiseProbes(t *testing.T) {
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	c := limControl{limited: true, rate: 100, bw: 100, phase: phaseCruise, cruiseStart: t0}
	for i := range 4 {
		c.hist[i] = limSample{rate: 100, n: 20, thr: 0}
	}
	c.hist[1] = limSample{rate: 125, n: 20, thr: 4} // a probe found the limit
	c.samples = 4
	tests := []struct {
		name     string
		thr      int
		bound    int
		want     limPhase
		wantName string
	}{
		{"bound, nothing throttled", 0, 20, phaseProbe, "a probe"},
		{"bound, one throttle", 1, 21, phaseCruise, "the cruise"},
		{"not bound, nothing throttled", 0, 2, phaseCruise, "the cruise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := limWindow{start: t0, limCounts: limCounts{ok: 20, thr: tt.thr, n: 20 + tt.thr, bound: tt.bound}}
			if tt.thr > 0 {
				w.thrAt = t0.Add(100 * time.Millisecond)
			}
			next := c.next(w, t0.Add(200*time.Millisecond), &testParams)
			if next.phase != tt.want {
				t.Errorf("after one cruise window (%d throttles, %d of %d attempts bound): phase %d, want %s", tt.thr, tt.bound, w.n, next.phase, tt.wantName)
			}
		})
	}
}
