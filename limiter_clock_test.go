package awsretry_test

import (
	"context"
	"sync"
	"time"

	"github.com/awsretry/awsretry"
)

// vclock is a virtual clock: its Sleep advances it instead of waiting. It
// starts at the real time, so that contexts with real deadlines mean the
// same thing to it.
type vclock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration // every Sleep, in order
}

func newVClock() *vclock { return &vclock{now: time.Now()} }

func (c *vclock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *vclock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Sleep is an Options.Sleep that advances the clock by d.
func (c *vclock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *vclock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// bucketServer is a fake client whose Describe is admitted by a token
// bucket in virtual time (RequestLimitExceeded beyond it) and whose Run is
// never throttled. Each call takes latency on the clock. It records every
// attempt at Describe.
type bucketServer struct {
	clk     *vclock
	latency time.Duration

	mu       sync.Mutex
	rate     float64 // tokens a second
	burst    float64
	tokens   float64
	last     time.Time
	attempts []serverAttempt
	everyNth int // when > 0, every nth request is throttled too, whatever the rate
}

type serverAttempt struct {
	at time.Time
	ok bool
}

func newBucketServer(clk *vclock, rate float64, latency time.Duration) *bucketServer {
	burst := max(2, rate/20) // as bench/storm's server, but never a bucket of one token
	return &bucketServer{clk: clk, latency: latency, rate: rate, burst: burst, tokens: burst, last: clk.Now()}
}

// SetRate changes the capacity from now on.
func (s *bucketServer) SetRate(rate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refill(s.clk.Now())
	s.rate, s.burst = rate, max(2, rate/20)
	s.tokens = min(s.tokens, s.burst)
}

func (s *bucketServer) refill(now time.Time) {
	s.tokens = min(s.burst, s.tokens+now.Sub(s.last).Seconds()*s.rate)
	s.last = now
}

func (s *bucketServer) Describe(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	s.clk.Advance(s.latency)
	now := s.clk.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refill(now)
	ok := s.tokens >= 1
	if ok {
		s.tokens--
	}
	if s.everyNth > 0 && (len(s.attempts)+1)%s.everyNth == 0 {
		ok = false // a share of requests throttled whatever the rate
	}
	s.attempts = append(s.attempts, serverAttempt{at: now, ok: ok})
	if !ok {
		return nil, apiErr("RequestLimitExceeded")
	}
	return sharedOutput, nil
}

func (s *bucketServer) Run(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	s.clk.Advance(s.latency)
	return sharedOutput, nil
}

// firstThrottle returns when Describe was first throttled.
func (s *bucketServer) firstThrottle() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.attempts {
		if !a.ok {
			return a.at, true
		}
	}
	return time.Time{}, false
}

// between counts the attempts and successes in [from, to).
func (s *bucketServer) between(from, to time.Time) (attempts, successes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.attempts {
		if !a.at.Before(from) && a.at.Before(to) {
			attempts++
			if a.ok {
				successes++
			}
		}
	}
	return attempts, successes
}

// limiterOn returns the options of a loop that runs on clk with l: one try
// a call, so that each call is one attempt and the worker's demand is
// steady; the Limiter is what paces it.
func limiterOn(clk *vclock, l *awsretry.Limiter) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		o.Tries, o.Sleep, o.Limiter = 1, clk.Sleep, l
	}
}
