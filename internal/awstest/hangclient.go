package awstest

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"
)

// clientHeader carries a Client's number for its request, so that the
// proxy can tell that client to give up when it hangs the request. The
// proxy does not forward it.
const clientHeader = "X-Awstest-Client-Request"

// Client returns an HTTP client for the proxy that gives up on a request
// when the proxy starts to Hang it, as a client does when its timeout
// passes: the error is a timeout (Timeout() is true, and it wraps
// context.DeadlineExceeded, as http.Client.Timeout's does). It has no other
// timeout than a minute's bound on a server that never answers. So a test
// of Hang does not depend on how fast a loaded machine answers the other
// requests, as it would with a short timeout. Its idle connections are
// closed when t ends.
func (p *FaultProxy) Client(t testing.TB) *http.Client {
	base := HTTPClient(t, 0)
	return &http.Client{Transport: &hangTransport{p: p, base: base.Transport}, Timeout: hangLimit}
}

// hangTransport is a Client's transport.
type hangTransport struct {
	p    *FaultProxy
	base http.RoundTripper
}

// errHung is what a Client's request fails with when the proxy hangs it.
var errHung error = hungError{}

type hungError struct{}

func (hungError) Error() string {
	return "awstest: the proxy hung the request, so the client gave up on it (a timeout)"
}
func (hungError) Timeout() bool        { return true }
func (hungError) Temporary() bool      { return true }
func (hungError) Is(target error) bool { return target == context.DeadlineExceeded }

func (h *hangTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	id, forget := h.p.watch(func() { cancel(errHung) })
	defer forget()

	out := req.Clone(ctx)
	out.Header.Set(clientHeader, id)
	resp, err := h.base.RoundTrip(out)
	if err != nil {
		cancel(nil)
		if context.Cause(ctx) == errHung {
			return nil, errHung
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: func() { cancel(nil) }}
	return resp, nil
}

// cancelBody cancels its request's context once it is closed.
type cancelBody struct {
	io.ReadCloser
	cancel func()
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// watch keeps giveUp for a Client's request until forget is called, and
// returns the number that the request carries in clientHeader.
func (p *FaultProxy) watch(giveUp func()) (id string, forget func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clientReqs++
	id = strconv.FormatUint(p.clientReqs, 10)
	p.giveUp[id] = giveUp
	return id, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.giveUp, id)
	}
}

// hang tells the Client that sent r, if one did, to give up on it.
func (p *FaultProxy) hang(r *http.Request) {
	p.mu.Lock()
	giveUp := p.giveUp[r.Header.Get(clientHeader)]
	p.mu.Unlock()
	if giveUp != nil {
		giveUp()
	}
}
