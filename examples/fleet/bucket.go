package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/awsretry/awsretry/internal/awstest"
)

// bucket is a loopback EC2 endpoint with one account-wide token bucket, as
// EC2 throttles an account's DescribeInstances: rate tokens a second,
// burst saved at most, full at the start. Every request over it gets
// RequestLimitExceeded (HTTP 503). It counts requests and successes per
// bin from its start; POST /_fleet/reset?start=UNIXNANO fills the bucket
// and starts the counts then, and GET /_fleet/counts returns them as JSON
// pairs, for make bench-fleet.
type bucket struct {
	mu          sync.Mutex
	rate, burst float64
	tokens      float64
	last, start time.Time
	bins        [][2]int64 // requests, successes
}

// bin is the width of a count.
const bin = 100 * time.Millisecond

func newBucket(rate, burst float64) *bucket {
	now := time.Now()
	return &bucket{rate: rate, burst: burst, tokens: burst, last: now, start: now}
}

// serve serves b on addr, a loopback address, until the listener fails;
// it writes the endpoint's URL to ready first.
func (b *bucket) serve(addr string, ready func(url string)) error {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-serve %q: want a loopback host:port, such as 127.0.0.1:8000", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ready("http://" + ln.Addr().String())
	srv := &http.Server{Handler: b, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

func (b *bucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_fleet/reset":
		ns, err := strconv.ParseInt(r.URL.Query().Get("start"), 10, 64)
		if err != nil || r.Method != http.MethodPost {
			http.Error(w, "POST /_fleet/reset?start=UNIXNANO", http.StatusBadRequest)
			return
		}
		b.mu.Lock()
		start := time.Unix(0, ns)
		b.tokens, b.last, b.start, b.bins = b.burst, start, start, nil
		b.mu.Unlock()
		return
	case "/_fleet/counts":
		b.mu.Lock()
		bins := append([][2]int64{}, b.bins...)
		b.mu.Unlock()
		_ = json.NewEncoder(w).Encode(bins)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("Action") != "DescribeInstances" {
		awstest.WriteEC2Error(w, http.StatusBadRequest, "InvalidAction", "only DescribeInstances is served here")
		return
	}
	if !b.take(time.Now()) {
		awstest.WriteEC2Error(w, http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fleet</requestId><reservationSet/></DescribeInstancesResponse>`))
}

// take takes a token at now if there is one, and counts the request.
func (b *bucket) take(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.After(b.last) {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
	ok := b.tokens >= 1
	if ok {
		b.tokens--
	}
	if i := int(now.Sub(b.start) / bin); i >= 0 {
		for len(b.bins) <= i {
			b.bins = append(b.bins, [2]int64{})
		}
		b.bins[i][0]++
		if ok {
			b.bins[i][1]++
		}
	}
	return ok
}
