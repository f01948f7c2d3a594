package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/awsretry/awsretry/internal/awstest"
)

// ec2Endpoint answers DescribeInstances, throttling every third request,
// and counts the requests.
func ec2Endpoint(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%3 == 0 {
			awstest.WriteEC2Error(w, http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
			return
		}
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		_, _ = w.Write([]byte(`<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>t</requestId><reservationSet/></DescribeInstancesResponse>`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// Each pacing runs its workers for the duration and accounts for every
// call and attempt; none fails, the throttles being retried.
func TestRun(t *testing.T) {
	rds := awstest.StartRedis(t)
	for _, limiter := range []string{"none", "local", "redis", "oracle"} {
		t.Run(limiter, func(t *testing.T) {
			srv, requests := ec2Endpoint(t)
			sum, err := run(context.Background(), config{Endpoint: srv.URL, Redis: rds.Addr, Prefix: "test:" + limiter,
				Limiter: limiter, Workers: 3, Duration: 300 * time.Millisecond, Rate: 200})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Calls == 0 || sum.Failed != 0 || int64(len(sum.Latencies)) != sum.Calls {
				t.Errorf("calls %d, failed %d, latencies %d; want calls, none failed, one latency a call", sum.Calls, sum.Failed, len(sum.Latencies))
			}
			if sum.Attempts != requests.Load() || sum.Attempts <= sum.Calls {
				t.Errorf("attempts %d, the endpoint saw %d, calls %d: want the endpoint's count, above the calls (a third are throttled)", sum.Attempts, requests.Load(), sum.Calls)
			}
			if limiter == "oracle" && sum.RedisCommands < sum.Attempts {
				t.Errorf("oracle: %d Redis commands for %d attempts, want one slot an attempt at least", sum.RedisCommands, sum.Attempts)
			}
			if limiter == "redis" && (!sum.StoreWired || sum.RedisCommands == 0 || float64(sum.RedisCommands) > 1.1*float64(sum.Attempts)+2*3) {
				t.Errorf("redis: wired %v, %d Redis commands for %d attempts; want the Store, one an attempt and one a window of 20 successes (+2 a worker: the refused EVALSHA and the EVAL of the script's first use)", sum.StoreWired, sum.RedisCommands, sum.Attempts)
			}
			if limiter == "none" && sum.RedisCommands != 0 {
				t.Errorf("no Limiter: %d Redis commands, want 0", sum.RedisCommands)
			}
		})
	}
}

func TestRunRejects(t *testing.T) {
	for _, c := range []config{
		{Limiter: "local", Workers: 0, Duration: time.Second},
		{Limiter: "redis", Workers: 1, Duration: time.Second},
		{Limiter: "oracle", Redis: "127.0.0.1:1", Workers: 1, Duration: time.Second},
		{Limiter: "other", Workers: 1, Duration: time.Second},
	} {
		if _, err := run(context.Background(), c); err == nil {
			t.Errorf("run(%+v): no error", c)
		}
	}
}
