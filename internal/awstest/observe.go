package awstest

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
// It may be called from several goroutines at once. nil removes it.
func (p *FaultProxy) SetObserver(fn func(Request)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.observe = fn
}
