package awsretry

import (
	"math"
	"time"
)

// The Limiter's rate model, apart from its registry and its waits.
//
// A scope's state has three parts, each of which a store shared by many
// processes could hold with one atomic operation (see limScope's take,
// count and update):
//
//   - the slots: the start of the next free slot, and the slots still to
//     take at a pulse's gain;
//   - the window's counts: successes, throttles, outcomes, attempts that
//     waited for their slot, the first throttle's time and the successes
//     after it; one caller's outcome completes a window and that caller
//     alone gets its counts and closes it;
//   - the controller's state (limControl), replaced as a whole, with a
//     version, when a window closes: next = c.next(window, now), a pure
//     function of the state, the window and the time.
//
// The model, after BBR (Cardwell et al., 2016), with requests for packets
// and throttles for losses:
//
//   - Capacity is measured. Each window is a sample: the rate at which
//     attempts were sent, and how many of them were throttled, counted
//     from the window's first throttle on, after which a token bucket is
//     empty and admits at its refill rate: a saved burst is used, and not
//     taken for capacity.
//   - The samples of the last fitWindows windows are fitted, by maximum
//     likelihood, with a share of throttles that does not follow the rate
//     (noise, at most maxNoise) and a limit on successes a second. The
//     limit is found only when it explains the samples better than noise
//     alone, by a likelihood ratio: a share of throttles is a signal only
//     when it grows with the rate. A window far off the fit means the
//     server changed, and the fit starts again from it.
//   - A limited scope sends at the limit. A gain cycle gives the fit the
//     rates it needs: a
//     probe every cruiseWindows windows (or MaxWindow), a pulse of
//     WindowSuccesses slots above the rate, whose step doubles while the
//     probe finds room, as BBRv2's bandwidth probe; a drain pulse below
//     the limit after a probe that found it, by the noise share at least,
//     so that a rate above the limit by less than the noise sends one
//     window where only the noise is throttled. A cruise window in which
//     the rate bound and nothing was throttled is followed by a probe at
//     once. A cut is followed by a probe at its first window without
//     overload: a storm's throttles outlast their cause, so a cut can go
//     too deep.
//   - A cut is at most by MaxCut in one window unless the window measured
//     the server well: a multiplicative decrease by the same factor for
//     every Limiter that shares the server (Chiu and Jain, 1989), which
//     makes them converge to a fair share.
//   - Demand is not capacity. A window in which most attempts did not wait
//     for their slot never lowers the rate. A cycle of them opens the
//     scope again.
//   - Outcomes are attributed to the rate their slots were taken at: after
//     a change of rate, the outcomes of the slots already taken are not
//     counted, as BBR judges a phase by the packets sent in it.
//   - A proof of overload holds whatever order the answers come in. A
//     throttle is often answered at once, in front of the server, and a
//     success only when the server is done: while the server stalls, only
//     throttles come back. So the attempts in flight count as successes to
//     come (limWindow.sure).

// The gain cycle, as BBR's: probeGain above bw for one window after
// cruiseWindows at bw, and drainGain below it for one window after a
// probe that found the limit.
const (
	probeStep     = 0.25 // the first probe's gain is 1 + probeStep, as BBR's; each next one doubles the step
	maxProbeGain  = 2
	overMargin    = 0.05 // a window that sent this much above the rate the fit allows is over it
	drainGain     = 0.9
	cruiseWindows = 6
)

// The fit: the last fitWindows windows, a noise share on a grid of
// noiseSteps steps from 0 to maxNoise, and the limits that the windows'
// admissions suggest (or none).
const (
	fitWindows = 8
	noiseSteps = 25
)

// maxNoise bounds the noise: a larger share of throttles is an overload,
// whatever it follows. A quarter of the attempts (1.33 attempts per
// success) is more than any service throttles at random that a client
// should keep calling at its pace.
const maxNoise = 0.25

// maxRate bounds a climbing rate.
const maxRate = 1e9

// limPhase is a window's place in the gain cycle.
type limPhase uint8

const (
	phaseCruise limPhase = iota
	phaseProbe
	phaseDrain
)

// limCounts are one window's counts.
type limCounts struct {
	ok, thr, n int // successes, throttles, outcomes
	bound      int // attempts that waited for their slot, or were refused one
	// okAfter counts the successes after the window's first throttle, at
	// thrAt: from then on a token bucket is empty, so they measure its
	// refill, whatever burst it had saved.
	okAfter int
	thrAt   time.Time
}

// limWindow is the window being counted: its start and its counts.
type limWindow struct {
	start time.Time
	pulse int // a pulse's window closes at this many outcomes; 0 otherwise
	early int // throttles of attempts sent before the scope had a window
	// inFlight is how many attempts were sent and not answered when the
	// window's last outcome came.
	inFlight int
	limCounts
}

// sure returns w's throttles and successes counted so that an overload
// they prove holds whatever order the answers come in. A throttle is often
// answered at once, in front of the server, while a success waits for it:
// while the server stalls, only throttles come back. So the attempts in
// flight count as successes to come, and the throttles of attempts sent
// before the scope had a window (whose successes it may not see) count
// for nothing.
func (w *limWindow) sure() (thr, ok int) { return w.thr - w.early, w.ok + w.inFlight }

// add counts one outcome at now.
func (w *limWindow) add(ok, throttle bool, now time.Time) {
	switch {
	case ok:
		w.ok++
		if !w.thrAt.IsZero() {
			w.okAfter++
		}
	case throttle:
		if w.thr == 0 {
			w.thrAt = now
		}
		w.thr++
	}
	w.n++
}

// limSample is what the fit keeps of a window: the rate of attempts, and
// the attempts and throttles among them. A window with throttles is taken
// from after its first throttle, so that a burst the server had saved does
// not count as admitted.
type limSample struct {
	rate   float64
	n, thr int
}

// sample returns w's sample, ended at now.
func sample(w *limWindow, now time.Time) limSample {
	if w.thr >= overloadMin {
		// After the first throttle, which is left out: a window taken from
		// a throttle on would count one throttle too many.
		if el := now.Sub(w.thrAt).Seconds(); el > 0 {
			n := w.okAfter + w.thr - 1
			return limSample{rate: float64(n) / el, n: n, thr: w.thr - 1}
		}
	}
	el := now.Sub(w.start).Seconds()
	n := w.ok + w.thr
	return limSample{rate: float64(n) / el, n: n, thr: w.thr}
}

// share predicts the share of throttles at rate for a noise share b and
// a limit c on successes a second (+Inf: none).
func share(rate, b, c float64) float64 {
	return max(b, 1-c/rate)
}

// fit returns the noise share and the limit (+Inf: none) that make the
// samples most likely: each sample's throttles binomial with the share
// that the model predicts at its rate. A limit is found only when it makes
// the samples more likely than noise alone by a likelihood ratio of
// e^openEvidence: a share of throttles that did not grow with the rate is
// noise, however it came. Once a limit is found (limited), it stays until
// noise alone is e^limitEvidence times more likely: a sequential test that
// does not flip on each window.
func fit(samples []limSample, limited bool) (noise, limit float64) {
	// best returns the most likely noise share for the limit c: the least
	// of those nearly as likely as the most likely one, since windows
	// above the limit say little about the noise. The logarithms of the
	// grid's shares are constants, and those of the limit's shares are
	// taken once a sample.
	best := func(c float64) (float64, float64) {
		var q, lq, lnq [fitWindows]float64
		for k, s := range samples {
			q[k] = 1 - c/s.rate // the limit's share; at most 0 below it
			p := min(max(q[k], logEps), 1-logEps)
			lq[k], lnq[k] = math.Log(p), math.Log1p(-p)
		}
		top, at := math.Inf(-1), 0
		var lls [noiseSteps + 1]float64
		for i := range lls {
			ll := 0.0
			for k, s := range samples {
				thr, ok := float64(s.thr), float64(s.n-s.thr)
				if q[k] > noiseGrid[i] {
					ll += thr*lq[k] + ok*lnq[k]
				} else {
					ll += thr*noiseLog[i] + ok*noiseLog1m[i]
				}
			}
			lls[i] = ll
			if ll > top {
				top = ll
			}
		}
		for i, ll := range lls {
			if ll >= top-noiseSlack {
				at = i
				break
			}
		}
		return top, noiseGrid[at]
	}
	noiseLL, noise := best(math.Inf(1))
	limitLL, limit := math.Inf(-1), math.Inf(1)
	var limitB float64
	for _, s := range samples {
		if s.n == 0 {
			continue
		}
		// The limit this sample suggests: what it admitted, or half a
		// success if it admitted none.
		c := s.rate * max(float64(s.n-s.thr), 0.5) / float64(s.n)
		ll, b := best(c)
		if ll <= limitLL || !binds(samples, b, c) {
			continue // a limit above every window's admissions is noise
		}
		limitLL, limit, limitB = ll, c, b
	}
	margin := float64(openEvidence)
	if limited {
		margin = -limitEvidence
	}
	if limitLL > noiseLL+margin {
		return limitB, limit
	}
	return noise, math.Inf(1)
}

// logEps keeps a share's logarithms finite.
const logEps = 1e-6

// noiseGrid holds the noise shares the fit tries, and noiseLog and
// noiseLog1m their logarithms and those of their complements.
var noiseGrid, noiseLog, noiseLog1m = func() (g, l, l1 [noiseSteps + 1]float64) {
	for i := range g {
		g[i] = maxNoise * float64(i) / noiseSteps
		p := min(max(g[i], logEps), 1-logEps)
		l[i], l1[i] = math.Log(p), math.Log1p(-p)
	}
	return g, l, l1
}()

// noiseSlack is how much less likely, in log-likelihood, a lower noise
// share may be and still be taken.
const noiseSlack = 0.5

// evidence returns the successes of the samples above a limit c, with
// noise b: what the fit measured the limit on.
func evidence(samples []limSample, b, c float64) int {
	n := 0
	for _, s := range samples {
		if share(s.rate, b, c) > b+1e-9 {
			n += s.n - s.thr
		}
	}
	return n
}

// expected returns the throttles that noise b predicts for s, and one
// standard deviation more.
func expected(s limSample, b float64) float64 {
	n := float64(s.n)
	return n*b + math.Sqrt(n*b*(1-b))
}

// binds reports whether a limit c, with noise b, throttles more than the
// noise in any of the samples.
func binds(samples []limSample, b, c float64) bool {
	for _, s := range samples {
		if share(s.rate, b, c) > b+1e-9 {
			return true
		}
	}
	return false
}

// limitEvidence is the log-likelihood ratio by which noise alone must
// explain the windows better than a limit found before, for the limit to
// go: 2, a 95% test for one parameter. openEvidence is the ratio by which
// a limit must explain them better than noise for an open scope to find
// one: 6, as the fit picks the best of fitWindows limits and noiseSteps
// shares, so that a look at many explanations finds a false one rarely.
const (
	limitEvidence = 2.0
	openEvidence  = 6.0
)

// surprising reports whether s has far more throttles than a share p
// predicts: more than noise can explain (to an open scope, proofExcess
// more than successes; to a limited one, a share above maxNoise), at
// least overloadMin more than predicted, and more than surpriseSigmas
// binomial standard deviations.
func surprising(s limSample, p float64, limited bool) bool {
	n := float64(s.n)
	excess := float64(s.thr) - n*p
	proof := s.thr-(s.n-s.thr) >= proofExcess
	if limited {
		proof = float64(s.thr) > maxNoise*n
	}
	return proof && excess >= overloadMin && excess > surpriseSigmas*math.Sqrt(n*p*(1-p))
}

// relieved reports whether s has far fewer throttles than a share p
// predicts: at least overloadMin fewer, and more than reliefSigmas
// binomial standard deviations.
func relieved(s limSample, p float64) bool {
	n := float64(s.n)
	short := n*p - float64(s.thr)
	return short >= overloadMin && short > reliefSigmas*math.Sqrt(n*p*(1-p))
}

// reliefSigmas is the same for a server that admits more: a false alarm
// only forgets evidence, so it needs less.
const reliefSigmas = 2

// surpriseSigmas is how unlikely, in standard deviations, a window's
// throttles must be under the fit for the server to have changed.
const surpriseSigmas = 3

// limControl is a scope's controller state. The zero value is an open
// scope that has learnt nothing.
type limControl struct {
	limited     bool      // the scope paces its attempts
	rate        float64   // attempts a second, while limited
	bw          float64   // successes a second: the limit the fit found, or +Inf
	noise       float64   // the share of throttles that does not follow the rate
	phase       limPhase  // of the window now being counted
	cruised     int       // cruise windows since the last probe
	probes      int       // probes in a row that found room
	cruiseStart time.Time // when the cruise began
	calm        int       // windows in a row without overload in which the rate did not bind
	// The samples of the last windows, hist[0] the newest, of which
	// samples are kept.
	hist    [fitWindows]limSample
	samples int
	version uint64 // incremented by every next
}

// limParams are the LimiterOptions that the model reads.
type limParams struct {
	windowSuccesses      int
	minWindow, maxWindow time.Duration
	minRate, maxCut      float64
}

// closes reports whether w, counted since w.start, is complete at now: as
// soon as it proves an overload (to an open scope, proofExcess more
// throttles than successes; to a limited one, whose fit has the windows
// before, at least overloadProof throttles and twice as many as
// successes); when a pulse's slots are all back; or, once it has lasted
// MinWindow, when it holds WindowSuccesses successes, or it has lasted
// MaxWindow and is clean or holds overloadProof outcomes. The counts of a
// proof are w.sure's.
func (p *limParams) closes(w *limWindow, now time.Time, limited bool) bool {
	thr, ok := w.sure()
	proof := thr-ok >= proofExcess
	if limited {
		proof = thr >= overloadProof && thr >= 2*ok
	}
	if proof || w.pulse > 0 && w.n >= w.pulse {
		return true
	}
	el := now.Sub(w.start)
	return el >= p.minWindow && (w.ok >= p.windowSuccesses || el >= p.maxWindow && (w.thr == 0 || w.n >= overloadProof))
}

// overloadProof is the fewest throttles that prove an overload to a
// limited scope.
const overloadProof = 4

// proofExcess is how many more throttles than successes prove an overload
// to an open scope, and a change of the server: a sequential test of a
// share of 3/4 against noise of at most maxNoise (1/4), each outcome a
// likelihood ratio of 3, so that noise reaches it with a chance of at
// most 3^-7, 1 in 2,000.
const proofExcess = 7

// overloadMin is the fewest throttles from which a window is taken from
// its first throttle on.
const overloadMin = 2

// gain returns the pacing gain of the window now being counted: above 1
// in a probe, the step doubling with each probe in a row that found room,
// as BBRv2's bandwidth probe; below 1 in a drain, by drainGain or the
// noise share, whichever goes lower.
func (c *limControl) gain() float64 {
	switch c.phase {
	case phaseProbe:
		return min(maxProbeGain, 1+probeStep*math.Exp2(float64(c.probes)))
	case phaseDrain:
		// At least the share of throttles taken for noise below the rate:
		// a rate above the limit by less than the noise, which the fit can
		// take for noise, then sends a window below the limit, where only
		// the noise is throttled, and the fit tells the two apart.
		return min(drainGain, 1-c.noise)
	}
	return 1
}

// next returns the state after window w, which ended at now. It does not
// change c.
func (c limControl) next(w limWindow, now time.Time, p *limParams) limControl {
	c.version++
	el := now.Sub(w.start).Seconds()
	if w.ok+w.thr == 0 || el <= 0 {
		return c
	}
	sent := float64(w.n) / el
	if c.limited {
		// Paced: no faster than the slots, whatever a short window shows.
		sent = min(sent, c.rate*c.gain()*(1+overMargin))
	}
	bound := 2*w.bound >= w.n
	probing := c.limited && c.phase == phaseProbe
	copy(c.hist[1:], c.hist[:fitWindows-1])
	c.hist[0] = sample(&w, now)
	c.samples = min(c.samples+1, fitWindows)
	wasLimit := !math.IsInf(c.bw, 1) && c.bw > 0
	c.noise, c.bw = fit(c.hist[:c.samples], wasLimit)
	if s := c.hist[0]; c.samples > 1 {
		switch p := share(s.rate, c.noise, c.bw); {
		case surprising(s, p, c.limited):
			// The newest window has far more throttles than the fit of all
			// predicts: the server changed. Its admissions are the limit now.
			c.samples = 1
			c.noise, c.bw = fit(c.hist[:1], true)
		case relieved(s, p):
			// Far fewer: the server admits more than it did. Forget the
			// windows before.
			c.samples = 1
			c.noise, c.bw = fit(c.hist[:1], false)
		}
	}
	// The rate sent at: the limit itself, not the limit with the noise on
	// top. Throttles that bursts of late slots make (a loaded machine's
	// timers) do not follow the rate, and pacing above the limit to make
	// up for them would make more: the windows' own admissions raise the
	// fitted limit where the noise leaves room.
	full := c.bw
	// This window sent above it, by more than the fit's error.
	over := c.hist[0].rate > full*(1+overMargin)
	if thr, ok := w.sure(); !c.limited && over && thr-ok < proofExcess && float64(thr) <= maxNoise*float64(w.n-w.early+w.inFlight) {
		// An open scope engages on a window that proves an overload, or
		// that has more throttles than noise can explain and that the fit
		// finds above a limit: not on a pattern among windows of noise,
		// which a test repeated on every window finds in time.
		over = false
	}
	if probing && over && float64(c.hist[0].thr) <= expected(c.hist[0], c.noise) {
		// The probe's share of throttles did not grow past what the noise
		// predicts: it found room, whatever limit the fit puts at its rate
		// (a limit at the highest rate tried explains noise as well as
		// noise does).
		over = false
		c.bw = max(c.bw, c.hist[0].rate*(1-c.noise))
	}
	switch {
	case !c.limited && !over:
		return c
	case over && !probing:
		// Above the limit: cruise at it. A cut may go too deep (the
		// throttles of a storm outlast its cause), so the first window
		// after it without overload is followed by a probe.
		c.limited, c.calm = true, 0
		c.phase, c.cruised, c.cruiseStart = phaseCruise, cruiseWindows-1, now
	case probing && (over || !bound):
		// The probe found the limit, or the rate did not bind: drain
		// what it took, then cruise.
		c.phase = phaseDrain
		if !bound {
			c.phase, c.cruised, c.cruiseStart = phaseCruise, 0, now
		}
	case probing:
		// Pushing brought no more throttles than the noise explains: the
		// server is not at its limit. Probe on; with twice the step if the
		// window had no more throttles than the noise predicts.
		c.calm = 0
		if s := c.hist[0]; float64(s.thr) <= expected(s, c.noise) {
			c.probes++
		}
	default:
		if bound {
			c.calm = 0
		} else if c.calm++; c.calm > cruiseWindows+1 {
			// A whole cycle in which the rate did not bind: open again.
			c.limited, c.calm = false, 0
			return c
		}
		// A cruise probes after cruiseWindows windows or MaxWindow, or at
		// once after a window in which the rate bound and nothing was
		// throttled: nothing limits the rate there (as after a cut that
		// went too deep, or a capacity that came back), and a scope at a
		// low rate, whose windows are long, would take seconds to wait
		// the cycle out.
		if c.phase != phaseCruise {
			c.phase, c.cruised, c.cruiseStart = phaseCruise, 0, now
		} else if c.cruised++; c.cruised >= cruiseWindows || now.Sub(c.cruiseStart) >= p.maxWindow || bound && w.thr == 0 {
			c.phase, c.probes = phaseProbe, 0
		}
	}
	rate := full
	if math.IsInf(rate, 1) {
		// No limit found: pace above the most that was sent.
		rate = 0
		for _, s := range c.hist[:c.samples] {
			rate = max(rate, s.rate)
		}
	}
	if w.okAfter < p.windowSuccesses/2 && evidence(c.hist[:c.samples], c.noise, c.bw) < p.windowSuccesses/2 {
		// A cut that the windows measured poorly (fewer than half of
		// WindowSuccesses successes after the first throttle, in this
		// window or in the fit's windows above the limit) keeps MaxCut of
		// what was sent, or what the rule of succession allows.
		rate = max(rate, sent*max(float64(w.ok+1)/float64(w.n+1), p.maxCut))
	}
	c.rate = min(maxRate, max(p.minRate, rate))
	return c
}
