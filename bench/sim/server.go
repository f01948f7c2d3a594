package sim

import (
	"time"

	"github.com/aws/smithy-go"
)

// Server is a simulated API: each operation admits requests through a
// token bucket of its own (rate a second, burst tokens, full at the start)
// and answers the rest with RequestLimitExceeded. A call takes Latency of
// virtual time, the bucket consulted half-way. It records every request.
type Server struct {
	sim     *Sim
	Latency time.Duration
	ops     map[string]*bucket
	Log     []Request
}

// Request is one request the server saw.
type Request struct {
	At time.Duration // since Epoch
	Op string
	OK bool
}

type bucket struct {
	rate, burst, tokens float64
	last                time.Time
}

// NewServer returns a server with no operation; a call to an operation
// without a bucket is always admitted.
func NewServer(s *Sim, latency time.Duration) *Server {
	return &Server{sim: s, Latency: latency, ops: map[string]*bucket{}}
}

// SetRate sets op's capacity from now on: rate a second, a bucket of
// rate/20 tokens (at least 1), as bench/storm's server.
func (srv *Server) SetRate(op string, rate float64) {
	now := srv.sim.Now()
	b := srv.ops[op]
	if b == nil {
		b = &bucket{last: now, tokens: max(1, rate/20)}
		srv.ops[op] = b
	}
	b.refill(now)
	b.rate, b.burst = rate, max(1, rate/20)
	b.tokens = min(b.tokens, b.burst)
}

func (b *bucket) refill(now time.Time) {
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
}

// ErrThrottled is the server's answer over its rate, as the SDK would
// return it: an API error with EC2's throttling code.
var ErrThrottled error = &smithy.GenericAPIError{Code: "RequestLimitExceeded", Message: "Request limit exceeded.", Fault: smithy.FaultClient}

// Call makes one request to op.
func (srv *Server) Call(op string) error {
	srv.sim.Sleep(srv.Latency / 2)
	ok := true
	if b := srv.ops[op]; b != nil {
		b.refill(srv.sim.Now())
		ok = b.tokens >= 1
		if ok {
			b.tokens--
		}
	}
	srv.Log = append(srv.Log, Request{At: srv.sim.Since(), Op: op, OK: ok})
	srv.sim.Sleep(srv.Latency - srv.Latency/2)
	if !ok {
		return ErrThrottled
	}
	return nil
}
