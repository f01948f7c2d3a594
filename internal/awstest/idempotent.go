package awstest

import (
	"net/http"
	"sync"
)

// SetIdempotent makes the proxy honour an EC2 idempotency token that the
// server behind it ignores, as EC2 does: a request for operation whose query
// parameter param (such as RunInstances' ClientToken) repeats the token of an
// earlier request that succeeded gets that request's answer again, without
// reaching the server. A request whose earlier twin is still in flight waits
// for it. moto 5 keeps ClientToken but does not deduplicate by it; real EC2
// does. Faults are still injected as the Script says, so a replayed answer
// can itself be dropped.
//
// It applies to EC2Query proxies. ForgetIdempotent empties its memory.
func (p *FaultProxy) SetIdempotent(operation, param string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idem = &idempotency{op: operation, param: param, done: map[string]*answer{}, inflight: map[string]chan struct{}{}}
}

// ForgetIdempotent forgets the answers kept for SetIdempotent. Call it when
// no request is in flight, so that memory stays flat in a long run.
func (p *FaultProxy) ForgetIdempotent() {
	p.mu.Lock()
	d := p.idem
	p.mu.Unlock()
	if d != nil {
		d.mu.Lock()
		clear(d.done)
		d.mu.Unlock()
	}
}

type idempotency struct {
	op, param string

	mu       sync.Mutex
	done     map[string]*answer       // token → the first 2xx answer
	inflight map[string]chan struct{} // token → closed when its request is done
}

// serve answers req if it is op with a token, and reports whether it did.
func (d *idempotency) serve(p *FaultProxy, w http.ResponseWriter, r *http.Request, body []byte, req *Request, i int) bool {
	if req.Operation != d.op || req.Params == nil {
		return false
	}
	token := req.Params.Get(d.param)
	if token == "" {
		return false
	}
	for {
		d.mu.Lock()
		if a, ok := d.done[token]; ok {
			d.mu.Unlock()
			p.deliver(w, r, req, i, a)
			return true
		}
		if ch, ok := d.inflight[token]; ok {
			d.mu.Unlock()
			select {
			case <-ch:
				continue
			case <-r.Context().Done():
				return true // the client has gone; nothing was sent
			}
		}
		ch := make(chan struct{})
		d.inflight[token] = ch
		d.mu.Unlock()

		a := p.forward(w, r, body, req, i)
		d.mu.Lock()
		delete(d.inflight, token)
		if a != nil && a.status/100 == 2 {
			d.done[token] = a
		}
		d.mu.Unlock()
		close(ch)
		return true
	}
}
