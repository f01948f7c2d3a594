package soak

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/middleware"
)

// attempts is what the client saw of one call's attempts.
type attempts struct {
	invoked  atomic.Int32 // SDK operations invoked: the library's attempts
	sent     atomic.Int32 // requests handed to the transport
	noAnswer atomic.Int32 // of them, those that got no whole answer: the server may have acted
	ended    atomic.Bool  // an attempt returned with the call's context done
	late     atomic.Int32 // attempts invoked after that: the loop should have stopped
}

// countInvocations is an SDK APIOptions function: it counts every
// invocation of an operation in the attempts of its context. With the SDK's
// retries off, an invocation is one attempt of the library. It also counts
// the attempts that start after an earlier one returned with the context
// done, which the loop must never make: a check of the loop's handling of
// deadlines that does not depend on how late a loaded machine runs.
func countInvocations(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("soakCountInvocations",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			a, ok := ctx.Value(attemptsKey{}).(*attempts)
			if !ok {
				return next.HandleInitialize(ctx, in)
			}
			a.invoked.Add(1)
			if a.ended.Load() {
				a.late.Add(1)
			}
			out, md, err := next.HandleInitialize(ctx, in)
			if ctx.Err() != nil {
				a.ended.Store(true)
			}
			return out, md, err
		}), middleware.Before)
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
	sh   *shared
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.sh.sent.Add(1)
	if dl, ok := req.Context().Deadline(); ok {
		storeMax(&t.sh.sentLate, int64(time.Since(dl)))
		defer func() { storeMax(&t.sh.returnedLate, int64(time.Since(dl))) }()
	}
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
