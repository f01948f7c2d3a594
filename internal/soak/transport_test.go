package soak

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
)

// attempts is what the client saw of one call's HTTP attempts.
type attempts struct {
	sent     atomic.Int32 // requests handed to the transport
	noAnswer atomic.Int32 // of them, those that got no whole answer: the server may have acted
}

type attemptsKey struct{}

// withAttempts returns ctx carrying a, for the load's transport.
func withAttempts(ctx context.Context, a *attempts) context.Context {
	return context.WithValue(ctx, attemptsKey{}, a)
}

// countingTransport counts every request, and every request that got no
// whole answer (a transport error, or an error reading the body: a reset,
// a dropped answer, a timeout), in the attempts of the request's context.
// The fault proxies see a request's side; this is the client's.
type countingTransport struct {
	base http.RoundTripper
	sent *atomic.Int64 // every request of the run
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.sent.Add(1)
	a, _ := req.Context().Value(attemptsKey{}).(*attempts)
	if a != nil {
		a.sent.Add(1)
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		if a != nil {
			a.noAnswer.Add(1)
		}
		return resp, err
	}
	if a != nil {
		resp.Body = &answerBody{ReadCloser: resp.Body, a: a}
	}
	return resp, nil
}

// answerBody counts a body that fails before its end as no answer.
type answerBody struct {
	io.ReadCloser
	a      *attempts
	failed bool
}

func (b *answerBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && !b.failed {
		b.failed = true
		b.a.noAnswer.Add(1)
	}
	return n, err
}
