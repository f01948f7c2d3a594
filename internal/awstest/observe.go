package awstest

import "time"

// SetRecording turns the keeping of every Request, for Requests, on or off.
// It is on by default; a long run turns it off so that the proxy's memory
// stays flat. Seen, Forwarded and the observer work either way.
func (p *FaultProxy) SetRecording(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.record = on
}

// SetObserver sets a function that the proxy calls once for every request,
// when it is done with it, with what it saw and did (Fault, Status, Lost).
// It may be called from several goroutines at once, and in no set order: a
// call can come after the client has its answer or its error (a
// DropResponse's reset, say) and after the calls for later requests. So
// tell requests apart by N, and call WaitIdle before reading what the
// observer kept. nil removes it.
func (p *FaultProxy) SetObserver(fn func(Request)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.observe = fn
}

// WaitIdle waits until the proxy is handling no request, observers called
// included, or timeout passes, and reports whether it is idle. A request
// whose client has given up may still be waiting for the server's answer
// (the server finishes what it has received), so a test that reads the
// server's state after its clients are done calls this first.
func (p *FaultProxy) WaitIdle(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		p.mu.Lock()
		n := p.active
		p.mu.Unlock()
		if n == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}
