// Package sim is a deterministic discrete-event simulation that drives
// awsretry's real retry loop and real Limiter in virtual time, against a
// simulated token-bucket server.
//
// Every simulated worker is a goroutine, but exactly one runs at a time: a
// worker runs until it sleeps (a backoff, a Limiter wait, half a round
// trip), which hands control back to the scheduler; the scheduler wakes the
// next sleeper in (virtual time, sequence number) order. Randomness comes
// from one generator seeded by the caller, used only by the running
// goroutine, so the same seed gives the same numbers.
package sim

import (
	"container/heap"
	"context"
	"time"
)

// Epoch is where virtual time starts: far in the future, so that the
// library's real-time deadline checks never fire on a virtual deadline.
var Epoch = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// Sim is the scheduler and the virtual clock.
type Sim struct {
	now   time.Time
	seq   uint64
	q     events
	yield chan struct{} // the running goroutine hands control back
}

// New returns a Sim at Epoch.
func New() *Sim { return &Sim{now: Epoch, yield: make(chan struct{})} }

// Now returns the virtual time.
func (s *Sim) Now() time.Time { return s.now }

// Since returns the virtual time since Epoch.
func (s *Sim) Since() time.Duration { return s.now.Sub(Epoch) }

// Go starts fn as a worker at the current virtual time, after the workers
// already due now.
func (s *Sim) Go(fn func()) {
	wake := s.schedule(0)
	go func() {
		<-wake
		fn()
		s.yield <- struct{}{}
	}()
}

// Sleep suspends the running worker for d of virtual time.
func (s *Sim) Sleep(d time.Duration) {
	wake := s.schedule(max(d, 0))
	s.yield <- struct{}{}
	<-wake
}

func (s *Sim) schedule(d time.Duration) chan struct{} {
	wake := make(chan struct{})
	s.seq++
	heap.Push(&s.q, event{at: s.now.Add(d), seq: s.seq, wake: wake})
	return wake
}

// Run runs the workers until none is left.
func (s *Sim) Run() {
	for s.q.Len() > 0 {
		ev := heap.Pop(&s.q).(event)
		s.now = ev.at
		close(ev.wake)
		<-s.yield
	}
}

// Context returns a context whose deadline is d of virtual time from now
// and whose Err reports it once the virtual clock has passed it. Its Done
// channel is nil: in the simulation, only Err and Deadline are read.
func (s *Sim) Context(d time.Duration) context.Context {
	return &vctx{s: s, deadline: s.now.Add(d)}
}

type vctx struct {
	s        *Sim
	deadline time.Time
}

func (c *vctx) Deadline() (time.Time, bool) { return c.deadline, true }
func (c *vctx) Done() <-chan struct{}       { return nil }
func (c *vctx) Value(any) any               { return nil }
func (c *vctx) Err() error {
	if c.s.now.Before(c.deadline) {
		return nil
	}
	return context.DeadlineExceeded
}

type event struct {
	at   time.Time
	seq  uint64
	wake chan struct{}
}

type events []event

func (e events) Len() int { return len(e) }
func (e events) Less(i, j int) bool {
	if !e[i].at.Equal(e[j].at) {
		return e[i].at.Before(e[j].at)
	}
	return e[i].seq < e[j].seq
}
func (e events) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *events) Push(x any)   { *e = append(*e, x.(event)) }
func (e *events) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}
