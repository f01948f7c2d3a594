package awstest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Protocol is the wire protocol of the service behind a FaultProxy. It
// decides how the proxy reads operations and writes the errors it injects.
type Protocol int

const (
	// EC2Query is EC2's query protocol: form-encoded POSTs, XML errors.
	EC2Query Protocol = iota
	// JSON10 is awsJson1.0, as DynamoDB speaks it.
	JSON10
)

// Fault is what a FaultProxy does with one request.
type Fault int

const (
	// Pass forwards the request to the upstream server and returns its answer.
	Pass Fault = iota
	// Throttle answers, without forwarding, with the protocol's throttling
	// error: EC2 503 RequestLimitExceeded, JSON 400 ThrottlingException.
	Throttle
	// Internal answers, without forwarding, with the protocol's internal
	// error: EC2 500 InternalError, JSON 500 InternalServerError.
	Internal
	// Bare500 answers 500 with an empty body, as a load balancer might.
	Bare500
	// Bare503 answers 503 with an empty body, as a load balancer might.
	Bare503
	// Reset resets the TCP connection without answering or forwarding.
	Reset
	// Hang holds the request unanswered until the client gives up on it
	// (or the proxy is closed, or a minute passes).
	Hang
	// DropResponse forwards the request, so that the server acts on it, then
	// resets the connection instead of returning the server's answer.
	DropResponse
	// Coded answers, without forwarding, with status 400 and the protocol's
	// error for the code that the Script put in the Request's Code, such as
	// InvalidInstanceID.NotFound or UnauthorizedOperation (see PerOperation);
	// with no Code, it answers 500 with a plain-text complaint.
	Coded
)

var faultNames = [...]string{"Pass", "Throttle", "Internal", "Bare500", "Bare503", "Reset", "Hang", "DropResponse", "Coded"}

// String returns the Fault's name.
func (f Fault) String() string {
	if f >= 0 && int(f) < len(faultNames) {
		return faultNames[f]
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

// hangLimit bounds a Hang, in case the client never gives up.
const hangLimit = time.Minute

// maxBody bounds the request body the proxy reads.
const maxBody = 16 << 20

// Script decides the Fault for a request: n counts the requests the proxy
// has seen, from 1, and req is what it saw of this one; a Script that returns
// Coded sets req.Code. A FaultProxy may call its Script from several
// goroutines at once.
type Script func(n int, req *Request) Fault

// Sequence returns a Script that answers the first requests with faults, in
// order, and passes every later one.
func Sequence(faults ...Fault) Script {
	return func(n int, _ *Request) Fault {
		if n <= len(faults) {
			return faults[n-1]
		}
		return Pass
	}
}

// Always returns a Script that answers every request with f.
func Always(f Fault) Script {
	return func(int, *Request) Fault { return f }
}

// Request is what a FaultProxy saw of one request.
type Request struct {
	N         int        // its number, from 1, in the order the proxy saw them
	Operation string     // the EC2 Action, or the operation in X-Amz-Target
	Params    url.Values // the EC2 query parameters; nil for JSON10
	Body      []byte     // the raw request body
	Fault     Fault      // what the proxy did with it
	Code      string     // for Coded, the error code answered; the Script sets it
	Status    int        // the status the server answered a forwarded request with; 0 if not forwarded or no answer came
	// Lost is true for a request that was sent to the server but whose
	// answer did not reach the client: DropResponse, or the client or the
	// server gave up on it. The server may have acted on it: for sure when
	// Status is 2xx.
	Lost bool
}

// FaultProxy is a reverse proxy between an SDK client and a real server that
// injects protocol-correct faults, request by request, as its Script says.
// It records every request and counts those that reached the server.
type FaultProxy struct {
	// URL is the proxy's base URL, on 127.0.0.1; point a client's
	// BaseEndpoint at it.
	URL string

	proto    Protocol
	upstream *url.URL
	client   *http.Client
	closed   chan struct{}

	mu        sync.Mutex
	script    Script
	reqs      []Request
	seen      int
	forwarded int
	active    int           // requests being handled now
	record    bool          // keep every Request for Requests; true unless SetRecording(false)
	observe   func(Request) // SetObserver's
	idem      *idempotency  // SetIdempotent's; nil: none
}

// NewFaultProxy starts a FaultProxy in front of upstream, a loopback base URL
// of a server that speaks proto, and closes it when t ends. script decides
// each request's fault; nil passes everything.
func NewFaultProxy(t testing.TB, proto Protocol, upstream string, script Script) *FaultProxy {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("awstest: upstream URL: %v", err)
	}
	if script == nil {
		script = Always(Pass)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy, tr.DisableCompression = nil, true
	tr.MaxIdleConnsPerHost = 256 // reuse connections to the server under load, rather than churn through ports
	p := &FaultProxy{
		proto:    proto,
		upstream: u,
		client:   &http.Client{Transport: tr},
		closed:   make(chan struct{}),
		script:   script,
		record:   true,
	}
	srv := httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = srv.URL
	t.Cleanup(func() {
		close(p.closed) // ends every Hang, so that Close does not wait on it
		srv.Close()
		tr.CloseIdleConnections()
	})
	return p
}

// SetScript replaces the Script for the requests that come next.
func (p *FaultProxy) SetScript(s Script) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.script = s
}

// Requests returns a copy of the requests the proxy has seen, in order.
func (p *FaultProxy) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.reqs...)
}

// Seen returns how many requests reached the proxy.
func (p *FaultProxy) Seen() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen
}

// Forwarded returns how many requests reached the upstream server and got
// its answer, DropResponse ones included.
func (p *FaultProxy) Forwarded() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.forwarded
}

func (p *FaultProxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.active++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.active--
		p.mu.Unlock()
	}()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, "awstest: read request: "+err.Error(), http.StatusBadRequest)
		return
	}
	req := p.describe(r, body)
	p.mu.Lock()
	p.seen++
	req.N = p.seen
	i := -1 // req's index in p.reqs; -1 when not recorded
	if p.record {
		i = len(p.reqs)
		p.reqs = append(p.reqs, req)
	}
	script, observe, idem := p.script, p.observe, p.idem
	p.mu.Unlock()
	req.Fault = script(req.N, &req)
	p.update(i, func(rq *Request) { rq.Fault, rq.Code = req.Fault, req.Code })
	if observe != nil {
		defer func() { observe(req) }()
	}

	switch req.Fault {
	case Pass, DropResponse:
		if idem != nil && idem.serve(p, w, r, body, &req, i) {
			return
		}
		_ = p.forward(w, r, body, &req, i)
	case Throttle:
		p.writeError(w, map[Protocol]codedStatus{
			EC2Query: {http.StatusServiceUnavailable, "RequestLimitExceeded"},
			JSON10:   {http.StatusBadRequest, "ThrottlingException"},
		})
	case Internal:
		p.writeError(w, map[Protocol]codedStatus{
			EC2Query: {http.StatusInternalServerError, "InternalError"},
			JSON10:   {http.StatusInternalServerError, "InternalServerError"},
		})
	case Coded:
		if req.Code == "" {
			http.Error(w, "awstest: a Coded fault with no Code", http.StatusInternalServerError)
			return
		}
		coded := codedStatus{http.StatusBadRequest, req.Code}
		p.writeError(w, map[Protocol]codedStatus{EC2Query: coded, JSON10: coded})
	case Bare500:
		w.WriteHeader(http.StatusInternalServerError)
	case Bare503:
		w.WriteHeader(http.StatusServiceUnavailable)
	case Reset:
		resetConn(w)
	case Hang:
		select {
		case <-r.Context().Done():
		case <-p.closed:
		case <-time.After(hangLimit):
		}
	default:
		http.Error(w, "awstest: unknown fault "+req.Fault.String(), http.StatusInternalServerError)
	}
}

// describe reads the operation and, for EC2, the parameters of a request.
func (p *FaultProxy) describe(r *http.Request, body []byte) Request {
	if p.proto == JSON10 {
		target := r.Header.Get("X-Amz-Target")
		return Request{Operation: target[strings.LastIndex(target, ".")+1:], Body: body}
	}
	params, _ := url.ParseQuery(string(body))
	return Request{Operation: params.Get("Action"), Params: params, Body: body}
}

type codedStatus struct {
	status int
	code   string
}

// writeError writes the protocol's error for p.
func (p *FaultProxy) writeError(w http.ResponseWriter, byProto map[Protocol]codedStatus) {
	e := byProto[p.proto]
	const msg = "injected by awstest.FaultProxy"
	if p.proto == JSON10 {
		WriteJSONError(w, e.status, e.code, msg)
		return
	}
	WriteEC2Error(w, e.status, e.code, msg)
}

// update changes the recorded copy of request i, if there is one.
func (p *FaultProxy) update(i int, change func(*Request)) {
	if i < 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	change(&p.reqs[i])
}

// forward sends the request to the upstream server and returns its answer
// to the client, setting req's Status and Lost; it returns that answer, or
// nil when the server gave none. i is the request's index in p.reqs, or -1.
func (p *FaultProxy) forward(w http.ResponseWriter, r *http.Request, body []byte, req *Request, i int) *answer {
	a, err := p.roundTrip(r, body)
	if err != nil {
		req.Lost = true // the server may have acted before the error
		p.update(i, func(rq *Request) { rq.Lost = true })
		http.Error(w, "awstest: upstream: "+err.Error(), http.StatusBadGateway)
		return nil
	}
	p.mu.Lock()
	p.forwarded++
	p.mu.Unlock()
	p.deliver(w, r, req, i, a)
	return a
}

// deliver writes an answer of the server to the client and sets req's
// Status and Lost. For DropResponse it throws the answer away and resets the
// client's connection instead.
func (p *FaultProxy) deliver(w http.ResponseWriter, r *http.Request, req *Request, i int, a *answer) {
	req.Status = a.status
	if req.Fault == DropResponse {
		req.Lost = true
	} else {
		for k, vs := range a.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(a.status)
		_, err := w.Write(a.body)
		req.Lost = err != nil || r.Context().Err() != nil
	}
	p.update(i, func(rq *Request) { rq.Status, rq.Lost = req.Status, req.Lost })
	if req.Fault == DropResponse {
		resetConn(w)
	}
}

// roundTrip sends the request to the upstream server and reads its answer,
// even if the client has gone meanwhile.
func (p *FaultProxy) roundTrip(r *http.Request, body []byte) (*answer, error) {
	target := *p.upstream
	target.Path, target.RawPath = r.URL.Path, r.URL.RawPath
	target.RawQuery = r.URL.RawQuery
	// The server finishes a request it has received even when the client
	// gives up on it, as a real server does, so the proxy waits for its
	// answer and knows its Status.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), hangLimit)
	defer cancel()
	out, err := http.NewRequestWithContext(ctx, r.Method, target.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	out.Header.Del("Connection")
	resp, err := p.client.Do(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: respBody}, nil
}

// answer is a server's answer to one request.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// resetConn closes the client's connection with a TCP reset, unanswered.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // closes the connection all the same
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
