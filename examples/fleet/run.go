package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/awsretry/awsretry"
)

// summary is what one process measured.
type summary struct {
	Process       int     `json:"process"`
	Limiter       string  `json:"limiter"`
	Calls         int64   `json:"calls"`
	Failed        int64   `json:"failed"`         // calls that returned an error
	StoreFailed   int64   `json:"store_failed"`   // of them, errors from the store (must be 0)
	Attempts      int64   `json:"attempts"`       // requests sent
	RedisCommands int64   `json:"redis_commands"` // sent by this process's Redis client
	StoreErrors   int64   `json:"store_errors"`   // Redis commands that failed or timed out
	StoreWired    bool    `json:"store_wired"`    // the Limiter uses the Store
	Warns         []int64 `json:"warns_ms"`       // when the Limiter found Redis not answering, ms after the start
	Infos         []int64 `json:"infos_ms"`       // when it found Redis answering again
	Latencies     []int64 `json:"latencies_us"`   // of every call, retries and waits included
	Ends          []int64 `json:"ends_ms"`        // when each call ended, ms after the start
}

// run makes the process's calls and returns what it measured.
func run(ctx context.Context, c config) (*summary, error) {
	if c.Workers < 1 || c.Duration <= 0 {
		return nil, fmt.Errorf("-workers must be >= 1 and -duration > 0")
	}
	pace, err := newPacing(ctx, c)
	if err != nil {
		return nil, err
	}
	defer pace.close()
	client := ec2.New(ec2.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(c.Endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDFLEET", "fleet-secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.Workers}},
	})
	var attempts atomic.Int64
	op := func(ctx context.Context, in *ec2.DescribeInstancesInput, optFns ...func(*ec2.Options)) (out *ec2.DescribeInstancesOutput, err error) {
		attempts.Add(1)
		err = pace.attempt(ctx, func() error { out, err = client.DescribeInstances(ctx, in, optFns...); return err })
		return out, err
	}
	describe, err := awsretry.WrapOp(op, func(o *awsretry.Options) {
		o.Delay, o.Jitter, o.Tries = 20*time.Millisecond, awsretry.FullJitter, 10
		o.Limiter = pace.limiter
	})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if c.Start > 0 {
		start = time.Unix(0, c.Start)
		time.Sleep(time.Until(start))
	}
	end := start.Add(c.Duration)
	sum := &summary{Process: c.Process, Limiter: c.Limiter, StoreWired: pace.wired}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range c.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && time.Now().Before(end) {
				t0 := time.Now()
				_, err := describe(ctx, &ec2.DescribeInstancesInput{})
				t1 := time.Now()
				mu.Lock()
				sum.Calls++
				if err != nil {
					sum.Failed++
					if pace.fromStore(err) {
						sum.StoreFailed++
					}
				}
				sum.Latencies = append(sum.Latencies, t1.Sub(t0).Microseconds())
				sum.Ends = append(sum.Ends, t1.Sub(start).Milliseconds())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sum.Attempts = attempts.Load()
	sum.RedisCommands = pace.commands()
	sum.StoreErrors = pace.failed.Load()
	sum.Warns, sum.Infos = pace.outages.times(start)
	return sum, nil
}
