package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/awsretry/awsretry/internal/awstest"
)

// describeInstancesXML is the smallest valid DescribeInstances answer in the
// EC2 query protocol: no reservations.
const describeInstancesXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>storm-ok</requestId><reservationSet/></DescribeInstancesResponse>`

// bucket is the server's admission token bucket: rate tokens a second, at
// most burst of them saved up. It starts full.
type bucket struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
	noise  float64 // share refused at random, whatever the rate
}

func newBucket(rate, burst float64) *bucket {
	return &bucket{rate: rate, burst: burst, tokens: burst, last: time.Now()}
}

// admit takes one token if there is one. A share noise of the requests
// is refused whatever the rate, before the bucket is consulted; a rate of
// 0 admits every other request.
func (b *bucket) admit() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.noise > 0 && rand.Float64() < b.noise {
		return false
	}
	if b.rate == 0 {
		return true
	}
	now := time.Now()
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// throttlingServer is an EC2 endpoint on loopback that admits DescribeInstances
// at a fixed rate and answers every request over it as EC2 does: HTTP 503
// with the XML error RequestLimitExceeded. It counts what it saw.
type throttlingServer struct {
	URL       string
	requests  atomic.Int64 // every request that reached the handler
	successes atomic.Int64 // requests answered 200
	bucket    *bucket
	bins      *bins // per 100 ms, when set before the run
	srv       *http.Server
	done      chan error
}

// startServer listens on 127.0.0.1 and serves until stop. A fresh server
// has a full bucket and zero counts.
func startServer(rate float64, burst float64) (*throttlingServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	s := &throttlingServer{
		URL:    "http://" + ln.Addr().String(),
		bucket: newBucket(rate, burst),
		done:   make(chan error, 1),
	}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// ServeHTTP answers one request of the EC2 query protocol.
func (s *throttlingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("Action") != "DescribeInstances" {
		awstest.WriteEC2Error(w, http.StatusBadRequest, "InvalidAction", "only DescribeInstances is served here")
		return
	}
	ok := s.bucket.admit()
	if s.bins != nil {
		s.bins.add(ok)
	}
	if !ok {
		awstest.WriteEC2Error(w, http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
		return
	}
	s.successes.Add(1)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write([]byte(describeInstancesXML))
}

// stop closes the listener and every connection, waiting a few seconds at
// most for requests in flight.
func (s *throttlingServer) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serveErr := <-s.done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
