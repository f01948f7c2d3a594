package main

import (
	"os"
	"sync"
)

// stopper passes SIGINT and SIGTERM to the command that is running and
// stops the retries: after a signal no attempt starts, and a sleep ends at
// once (cancel is the retry loop's context's).
type stopper struct {
	cancel func()

	mu      sync.Mutex
	running *os.Process // the attempt's command, while it runs
	sig     os.Signal   // the first signal; nil until one comes
	midRun  bool        // it came while a command ran
}

// signal stops the retries and passes sig on to the running command, if any.
// Every signal is passed on; the first one is kept.
func (s *stopper) signal(sig os.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sig == nil {
		s.sig, s.midRun = sig, s.running != nil
		s.cancel()
	}
	if s.running != nil {
		_ = s.running.Signal(sig)
	}
}

// start runs startCmd unless a signal has come, and then counts its process
// as running. It reports whether it ran startCmd; a signal cannot fall
// between the check and the start.
func (s *stopper) start(startCmd func() (*os.Process, error)) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sig != nil {
		return false, nil
	}
	p, err := startCmd()
	s.running = p
	return true, err
}

// exited counts the running command as ended.
func (s *stopper) exited() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = nil
}

// stopped returns the first signal and whether it came while a command ran.
func (s *stopper) stopped() (os.Signal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sig, s.midRun
}
