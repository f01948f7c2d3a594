package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// load is the storm: Workers workers make Calls calls each against a server
// that admits Rate requests a second with a bucket of Burst.
type load struct {
	Workers, Calls int
	Rate, Burst    float64
	Timeout        time.Duration // bounds one run
}

// ideal is the least time the server's rate allows for every call.
func (l load) ideal() time.Duration {
	return time.Duration(float64(l.Workers*l.Calls) / l.Rate * float64(time.Second))
}

// result is what one run of one strategy measured.
type result struct {
	Elapsed   time.Duration // from the start signal to the last worker's end
	Requests  int64         // HTTP requests the server saw
	Successes int64         // requests it answered 200
	Calls     int           // calls the workers made
	GaveUp    int           // calls that returned an error
	P99       time.Duration // of one call, successful or not, retries included
}

// attemptsPerSuccess is requests over successes, as the server counted them.
func (r result) attemptsPerSuccess() float64 {
	if r.Successes == 0 {
		return 0
	}
	return float64(r.Requests) / float64(r.Successes)
}

// runOnce starts a fresh server and fresh clients, lets every worker make
// its calls at once, and stops it all again.
func runOnce(st strategy, s schedule, l load) (res result, err error) {
	srv, err := startServer(l.Rate, l.Burst)
	if err != nil {
		return result{}, err
	}
	defer func() { err = errors.Join(err, srv.stop()) }()

	calls, closeIdle, err := newCalls(st, s, srv.URL, l.Workers)
	defer closeIdle()
	if err != nil {
		return result{}, err
	}

	ctx, cancel := context.WithTimeout(context.Background(), l.Timeout)
	defer cancel()
	lat := make([][]time.Duration, l.Workers)
	failed := make([]int, l.Workers)
	startSignal := make(chan struct{})
	var wg sync.WaitGroup
	for w := range l.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[w] = make([]time.Duration, 0, l.Calls)
			<-startSignal
			for range l.Calls {
				t0 := time.Now()
				if err := calls[w](ctx); err != nil {
					failed[w]++
				}
				lat[w] = append(lat[w], time.Since(t0))
				if ctx.Err() != nil {
					return
				}
			}
		}()
	}
	t0 := time.Now()
	close(startSignal)
	wg.Wait()
	res.Elapsed = time.Since(t0)
	if ctx.Err() != nil {
		return result{}, fmt.Errorf("%s: run stopped after %v (-timeout)", st.Name, l.Timeout)
	}

	all := slices.Concat(lat...)
	res.Calls = len(all)
	for _, f := range failed {
		res.GaveUp += f
	}
	res.P99 = quantile(all, 0.99)
	res.Requests, res.Successes = srv.requests.Load(), srv.successes.Load()
	return res, nil
}

// newCalls starts st fresh and returns one call function per worker, each
// with a client of its own for endpoint, and a function that closes their
// idle connections.
func newCalls(st strategy, s schedule, endpoint string, workers int) ([]callFunc, func(), error) {
	r := st.start(s)
	calls := make([]callFunc, workers)
	transports := make([]*http.Transport, 0, workers)
	closeIdle := func() {
		for _, tr := range transports {
			tr.CloseIdleConnections()
		}
	}
	for i := range calls {
		c, tr := newClient(endpoint, r.clientOpt)
		transports = append(transports, tr)
		var err error
		if calls[i], err = r.call(c); err != nil {
			return nil, closeIdle, fmt.Errorf("%s: %w", st.Name, err)
		}
	}
	return calls, closeIdle, nil
}

// newClient returns a real EC2 client for the loopback endpoint, with
// static credentials and an HTTP transport of its own.
func newClient(endpoint string, opt func(*ec2.Options)) (*ec2.Client, *http.Transport) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil // loopback only, whatever the environment says
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDSTORM", "storm-secret", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   &http.Client{Transport: tr},
	}
	var opts []func(*ec2.Options)
	if opt != nil {
		opts = append(opts, opt)
	}
	return ec2.NewFromConfig(cfg, opts...), tr
}

// quantile returns the q-quantile of ds (nearest rank); ds is sorted.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(q*float64(len(ds))+0.5) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}
