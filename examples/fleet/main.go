// Command fleet is one process of a fleet that shares one AWS quota: it
// calls EC2 DescribeInstances from -workers goroutines for -duration, with
// its own client, its own Limiter and, with -redis, its own Redis client.
// Start it N times, by hand or from make bench-fleet (which builds it
// once), against one endpoint: moto_server's (which never throttles: the
// fleet then shows what the Limiter costs when nothing binds) or
// bench-fleet's, which throttles the account as EC2 does.
//
//	cd examples/fleet && go build -o /tmp/fleet .
//	/tmp/fleet -serve 127.0.0.1:8000 -rate 400 -burst 400 &   # or: moto_server -H 127.0.0.1 -p 8000 &
//	for i in $(seq 20); do /tmp/fleet -endpoint http://127.0.0.1:8000 -redis 127.0.0.1:6379 -limiter redis & done
//
// With -serve, it is that endpoint instead: one account-wide token bucket of
// -burst tokens refilled at -rate a second, on a loopback address, until
// interrupted (see bucket).
//
// -limiter picks how the process paces itself: none (awsretry's retries
// only), local (a Limiter of its own), redis (a Limiter whose state is in
// Redis, shared by every process with the same -prefix), or oracle (every
// attempt takes a slot of one schedule in Redis at -rate, the true
// capacity, known in advance: a bound no real client reaches).
//
// At the end it prints one JSON line (see summary) for the bench to add up.
// With FLEET_DEBUG set in its environment, it also prints to stderr each
// failed Redis command, the Limiter's rate changes and its Warn and Info
// records.
// Only loopback and the addresses given are called; the credentials are
// dummies.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

// config is the command line.
type config struct {
	Endpoint string
	Redis    string
	Prefix   string
	Limiter  string
	Workers  int
	Duration time.Duration
	Rate     float64 // the oracle's rate: the endpoint's true capacity
	Start    int64   // unix ns at which the workers start; 0: now
	Process  int     // this process's number, echoed in the summary
}

func main() {
	var c config
	flag.StringVar(&c.Endpoint, "endpoint", "http://127.0.0.1:5000", "EC2 endpoint URL (loopback)")
	flag.StringVar(&c.Redis, "redis", "", "Redis address host:port; empty: none")
	flag.StringVar(&c.Prefix, "prefix", "awsretry:fleet", "Redis key prefix (put the account and region in it)")
	flag.StringVar(&c.Limiter, "limiter", "local", "none, local, redis or oracle")
	flag.IntVar(&c.Workers, "workers", 5, "goroutines calling DescribeInstances in a loop")
	flag.DurationVar(&c.Duration, "duration", 10*time.Second, "how long the workers call")
	flag.Float64Var(&c.Rate, "rate", 0, "the oracle's rate in requests a second (the endpoint's capacity); with -serve, the bucket's refill")
	flag.Int64Var(&c.Start, "start", 0, "unix time in ns at which to start, so that processes start together")
	flag.IntVar(&c.Process, "process", 0, "this process's number, for the summary")
	serve := flag.String("serve", "", "serve the bucket endpoint on this loopback host:port instead")
	burst := flag.Float64("burst", 400, "with -serve: the bucket's size")
	flag.Parse()
	if *serve != "" {
		if !(c.Rate > 0) || !(*burst >= 1) {
			fmt.Fprintln(os.Stderr, "fleet: -serve needs -rate > 0 and -burst >= 1")
			os.Exit(2)
		}
		err := newBucket(c.Rate, *burst).serve(*serve, func(url string) { fmt.Println(url) })
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sum, err := run(ctx, c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(2)
	}
	_ = json.NewEncoder(os.Stdout).Encode(sum)
}
