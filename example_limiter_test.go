package awsretry_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/awsretry/awsretry"
)

func ExampleLimiter() {
	srv := newScriptedEC2("RequestLimitExceeded", "RequestLimitExceeded")
	defer srv.Close()
	client := exampleClient(srv.URL)

	// One Limiter for every proxy and function that calls this account.
	lim, err := awsretry.NewLimiter()
	if err != nil {
		panic(err)
	}
	shared := func(o *awsretry.Options) {
		o.Delay, o.Jitter, o.DisableSDKRetries = time.Millisecond, awsretry.FullJitter, true
		o.Limiter = lim
	}
	p := awsretry.MustDecorate(client, shared)
	describe, err := awsretry.WrapOp(client.DescribeInstances, shared)
	if err != nil {
		panic(err)
	}

	_, err = p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
	fmt.Println("Call:", err)
	_, err = describe(context.Background(), &ec2.DescribeInstancesInput{})
	fmt.Println("WrapOp:", err)
	fmt.Println(lim)
	_, limited := lim.Rate("RunInstances")
	fmt.Println("RunInstances limited:", limited)
	fmt.Println("attempts that waited:", p.Stats().LimiterWaits)
	// Output:
	// Call: <nil>
	// WrapOp: <nil>
	// limiter (1 scope throttled)
	// RunInstances limited: false
	// attempts that waited: 0
}

func ExampleNewLimiter() {
	_, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) { o.MaxCut = 1 })
	fmt.Println(err)

	// One rate state for every method, for an API whose quota is shared.
	lim, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) {
		o.Scope = func(string) string { return "" }
	})
	fmt.Println(lim, err)
	// Output:
	// awsretry: invalid options: LimiterOptions.MaxCut is 1, want a number in (0, 1)
	// limiter (0 scopes throttled) <nil>
}

// Limiters that share a Store pace as one: here a MemoryStore stands for
// redisstore.New(client), and another process of the fleet has set the
// rate. At its first throttle, this process's Limiter joins that state.
func ExampleLimiterOptions_store() {
	store, err := awsretry.NewMemoryStore()
	if err != nil {
		panic(err)
	}
	// Another process found the quota: 5 attempts a second.
	_, _ = store.CloseWindow(context.Background(), "DescribeInstances", awsretry.StoreClose{Interval: 200 * time.Millisecond})

	lim, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) { o.Store = store })
	if err != nil {
		panic(err)
	}
	srv := newScriptedEC2("RequestLimitExceeded")
	defer srv.Close()
	p := awsretry.MustDecorate(exampleClient(srv.URL), func(o *awsretry.Options) {
		o.Delay, o.DisableSDKRetries, o.Limiter = time.Millisecond, true, lim
	})
	_, err = p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
	rate, limited := lim.Rate("DescribeInstances")
	fmt.Println(err, limited, rate, p.Stats().LimiterStoreErrors)
	// Output: <nil> true 5 0
}
