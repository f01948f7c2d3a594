package sim

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/smithy-go"
)

// Server is a simulated API: each operation admits requests through a
// token bucket of its own (rate a second, burst tokens, full at the start)
// and answers the rest with RequestLimitExceeded; an operation may also
// throttle a share of its requests at random, whatever the rate (noise),
// before its bucket is consulted. A call takes Latency of virtual time (or
// its operation's own), ±20% uniformly at random, as round trips vary; the
// bucket is consulted half-way. It records every request.
type Server struct {
	sim     *Sim
	Latency time.Duration
	ops     map[string]*bucket
	rng     *rand.Rand // the noise's draws, seeded with the run
	Log     []Request
}

// Request is one request the server saw.
type Request struct {
	At time.Duration // since Epoch
	Op string
	OK bool
}

type bucket struct {
	rate, burst, tokens float64 // rate 0: no limit
	last                time.Time
	noise               float64 // share of requests throttled whatever the rate
	faults, hangs       float64 // shares answered with a 5xx, and that hang for Hang
	latency             time.Duration
}

// Hang is how long a hung request takes before its client gives up on it
// (the soak's HTTP timeout).
const Hang = 2 * time.Second

// NewServer returns a server with no operation; a call to an operation
// without a bucket is always admitted. rng draws the noise.
func NewServer(s *Sim, latency time.Duration, rng *rand.Rand) *Server {
	return &Server{sim: s, Latency: latency, ops: map[string]*bucket{}, rng: rng}
}

func (srv *Server) op(name string) *bucket {
	b := srv.ops[name]
	if b == nil {
		b = &bucket{last: srv.sim.Now()}
		srv.ops[name] = b
	}
	return b
}

// SetRate sets op's capacity from now on: rate a second, a bucket of
// rate/20 tokens (at least 1), as bench/storm's server.
func (srv *Server) SetRate(op string, rate float64) { srv.SetBucket(op, rate, max(1, rate/20)) }

// SetBucket sets op's token bucket from now on: refilled at rate a second,
// holding at most burst tokens. A new bucket starts full.
func (srv *Server) SetBucket(op string, rate, burst float64) {
	now := srv.sim.Now()
	old := srv.ops[op]
	fresh := old == nil || old.rate == 0
	b := srv.op(op)
	b.refill(now)
	b.rate, b.burst = rate, burst
	if fresh {
		b.tokens = burst
	}
	b.tokens = min(b.tokens, b.burst)
}

// SetNoise makes op throttle a share p of its requests at random, whatever
// the rate, before its bucket (if any) is consulted.
func (srv *Server) SetNoise(op string, p float64) { srv.op(op).noise = p }

// SetFaults makes op answer a share faults of its requests with a 5xx
// (InternalError, retried by default) and leave a share hangs unanswered
// until its client gives up after Hang (an error that is not retried by
// default), as the soak's fault proxy does.
func (srv *Server) SetFaults(op string, faults, hangs float64) {
	b := srv.op(op)
	b.faults, b.hangs = faults, hangs
}

// SetLatency gives op a round trip of its own.
func (srv *Server) SetLatency(op string, d time.Duration) { srv.op(op).latency = d }

func (b *bucket) refill(now time.Time) {
	if b.rate > 0 {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
}

// Jitter is how much a round trip varies, up or down, uniformly: ±20% by
// default. A fixed round trip phase-locks a client onto every other token.
var Jitter = 0.2

// ErrFault is a 5xx answer, and ErrHang a request whose client gave up.
var (
	ErrFault error = &smithy.GenericAPIError{Code: "InternalError", Message: "An internal error has occurred.", Fault: smithy.FaultServer}
	ErrHang        = errors.New("sim: request timed out")
)

// ErrThrottled is the server's answer over its rate, as the SDK would
// return it: an API error with EC2's throttling code.
var ErrThrottled error = &smithy.GenericAPIError{Code: "RequestLimitExceeded", Message: "Request limit exceeded.", Fault: smithy.FaultClient}

// Call makes one request to op.
func (srv *Server) Call(op string) error {
	lat := srv.Latency
	b := srv.ops[op]
	if b != nil && b.latency > 0 {
		lat = b.latency
	}
	lat = time.Duration(float64(lat) * (1 - Jitter + 2*Jitter*srv.rng.Float64()))
	if b != nil && b.hangs > 0 && srv.rng.Float64() < b.hangs {
		srv.sim.Sleep(Hang)
		srv.Log = append(srv.Log, Request{At: srv.sim.Since(), Op: op})
		return ErrHang
	}
	if b != nil && b.faults > 0 && srv.rng.Float64() < b.faults {
		srv.sim.Sleep(lat)
		srv.Log = append(srv.Log, Request{At: srv.sim.Since(), Op: op})
		return ErrFault
	}
	srv.sim.Sleep(lat / 2)
	ok := true
	if b != nil {
		if b.noise > 0 && srv.rng.Float64() < b.noise {
			ok = false
		} else if b.rate > 0 {
			b.refill(srv.sim.Now())
			ok = b.tokens >= 1
			if ok {
				b.tokens--
			}
		}
	}
	srv.Log = append(srv.Log, Request{At: srv.sim.Since(), Op: op, OK: ok})
	srv.sim.Sleep(lat - lat/2)
	if !ok {
		return ErrThrottled
	}
	return nil
}
