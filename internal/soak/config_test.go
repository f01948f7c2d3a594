package soak

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// config is one run's settings, from the environment.
type config struct {
	duration    time.Duration // SOAK: the whole run, warm-up included; default 10s
	warmup      time.Duration // the first part, after which the heap is measured
	seed        uint64        // SOAK_SEED: the fault source's seed; default from the clock
	workers     int           // goroutines making calls
	callTimeout time.Duration // each call's context deadline
	httpTimeout time.Duration // the HTTP client's timeout, which ends a Hang
	grace       time.Duration // how far past its deadline a call returns before the summary lists it (measured, not checked)
	limiter     bool          // SOAK_LIMITER: the proxies share a Limiter; default on, "off" leaves it out
}

func loadConfig(t *testing.T) config {
	t.Helper()
	c := config{
		duration:    10 * time.Second,
		seed:        uint64(time.Now().UnixNano()),
		workers:     200,
		callTimeout: 5 * time.Second,
		httpTimeout: 2 * time.Second,
		grace:       time.Second,
		limiter:     true,
	}
	if s := os.Getenv("SOAK"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 2*time.Second {
			t.Fatalf("SOAK=%q: want a duration of at least 2s, such as 60s or 5m", s)
		}
		c.duration = d
	}
	if s := os.Getenv("SOAK_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SOAK_SEED=%q: want an unsigned integer", s)
		}
		c.seed = n
	}
	switch s := os.Getenv("SOAK_LIMITER"); s {
	case "", "on":
	case "off":
		c.limiter = false
	default:
		t.Fatalf("SOAK_LIMITER=%q: want on or off", s)
	}
	c.warmup = min(max(c.duration/5, time.Second), 30*time.Second)
	return c
}

// faultChances are the faults injected, per request, in front of both
// servers.
var faultChances = []awstest.Chance{
	{Fault: awstest.Throttle, P: 0.10},
	{Fault: awstest.Internal, P: 0.01}, // 5xx with the service's code
	{Fault: awstest.Bare503, P: 0.01},  // 5xx with no body, as a load balancer
	{Fault: awstest.Reset, P: 0.01},
	{Fault: awstest.Hang, P: 0.005}, // ended by config.httpTimeout
	{Fault: awstest.DropResponse, P: 0.01},
}

// setting is one classifier setting under test. Half the workers use each.
type setting struct {
	name      string
	retryable func(error) bool
}

// settings: the default rules, and the default rules with IsTransient. Both
// add ThrottleCodes, which DynamoDB's ThrottlingException needs; throttled
// requests never reach the server, so that changes no write count.
var settings = []setting{
	{name: "defaults"},
	{name: "IsTransient", retryable: awsretry.IsTransient},
}

// options is the one place where the proxies' options are built, for every
// entry point.
func (s setting) options(sh *shared) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		o.Tries = 8
		o.Delay = 20 * time.Millisecond
		o.Backoff = 2
		o.MaxDelay = 500 * time.Millisecond
		o.Jitter = awsretry.FullJitter
		o.AddedExceptions = awsretry.ThrottleCodes()
		o.Retryable = s.retryable
		o.Budget = sh.budget
		o.Limiter = sh.limiter
		o.DisableSDKRetries = true
		o.OnRetry = func(e awsretry.RetryEvent) { sh.onRetry(s.name, e) }
	}
}
