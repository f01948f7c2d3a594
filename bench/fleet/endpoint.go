package main

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/awsretry/awsretry/internal/awstest"
)

// endpoint is a loopback EC2 endpoint with one account-wide token bucket,
// as EC2 throttles an account's DescribeInstances: rate tokens a second,
// burst saved at most, full at the start. Every request over it gets
// RequestLimitExceeded (HTTP 503). It counts requests and successes per
// 100 ms from start.
type endpoint struct {
	URL string
	srv *http.Server

	mu          sync.Mutex
	rate, burst float64
	tokens      float64
	last, start time.Time
	bins        [][2]int64 // requests, successes
}

const bin = 100 * time.Millisecond

func startEndpoint(rate, burst float64) (*endpoint, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := &endpoint{URL: "http://" + ln.Addr().String(), rate: rate, burst: burst, tokens: burst, last: time.Now(), start: time.Now()}
	e.srv = &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()
	return e, nil
}

// reset fills the bucket and starts the counts at start.
func (e *endpoint) reset(start time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tokens, e.last, e.start, e.bins = e.burst, start, start, nil
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("Action") != "DescribeInstances" {
		awstest.WriteEC2Error(w, http.StatusBadRequest, "InvalidAction", "only DescribeInstances is served here")
		return
	}
	now := time.Now()
	e.mu.Lock()
	if now.After(e.last) {
		e.tokens = min(e.burst, e.tokens+now.Sub(e.last).Seconds()*e.rate)
		e.last = now
	}
	ok := e.tokens >= 1
	if ok {
		e.tokens--
	}
	if i := int(now.Sub(e.start) / bin); i >= 0 {
		for len(e.bins) <= i {
			e.bins = append(e.bins, [2]int64{})
		}
		e.bins[i][0]++
		if ok {
			e.bins[i][1]++
		}
	}
	e.mu.Unlock()
	if !ok {
		awstest.WriteEC2Error(w, http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fleet</requestId><reservationSet/></DescribeInstancesResponse>`))
}

// counts returns the bins so far.
func (e *endpoint) counts() [][2]int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][2]int64(nil), e.bins...)
}

func (e *endpoint) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = e.srv.Shutdown(ctx)
}
