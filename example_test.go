package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"

	"github.com/awsretry/awsretry"
)

// exampleEC2 returns a real EC2 client, its own retries off, pointed at a
// loopback endpoint that answers InvalidInstanceID.NotFound once, then a
// reservation.
func exampleEC2() (*ec2.Client, func()) {
	srv := newScriptedEC2("InvalidInstanceID.NotFound")
	return exampleClient(srv.URL, func(o *ec2.Options) { o.RetryMaxAttempts = 1 }), srv.Close
}

// exampleClient is a real EC2 client for a loopback endpoint.
func exampleClient(url string, optFns ...func(*ec2.Options)) *ec2.Client {
	o := ec2.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	}
	for _, fn := range optFns {
		fn(&o)
	}
	return ec2.New(o)
}

func ExampleDecorate() {
	client, stop := exampleEC2()
	defer stop()

	p, err := awsretry.Decorate(client, func(o *awsretry.Options) {
		o.Delay = 10 * time.Millisecond
		o.OnRetry = func(ev awsretry.RetryEvent) {
			fmt.Printf("attempt %d: %s, retrying in %v\n", ev.Attempt, ev.Code, ev.Delay)
		}
	})
	if err != nil {
		panic(err)
	}
	out, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{
		InstanceIds: []string{"i-0123456789abcdef0"},
	})
	if err != nil {
		panic(err)
	}
	res := out.(*ec2.DescribeInstancesOutput)
	fmt.Println(*res.Reservations[0].Instances[0].InstanceId)
	// Output:
	// attempt 1: InvalidInstanceID.NotFound, retrying in 10ms
	// i-0123456789abcdef0
}

func ExampleInvoke() {
	client, stop := exampleEC2()
	defer stop()

	p := awsretry.MustDecorate(client, func(o *awsretry.Options) { o.Delay = time.Millisecond })
	out, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances",
		context.Background(), &ec2.DescribeInstancesInput{})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Reservations[0].ReservationId)
	// Output: r-0abc
}

func ExampleWrap() {
	attempts := 0
	createTags := func(ctx context.Context, id string) error {
		if attempts++; attempts < 3 {
			return &smithy.GenericAPIError{Code: "ConcurrentTagAccess"}
		}
		return nil
	}
	// As @AWSRetry.backoff(tries=5, delay=0.01, added_exceptions=["ConcurrentTagAccess"]).
	tag, err := awsretry.Wrap(createTags, func(o *awsretry.Options) {
		o.Tries, o.Delay = 5, 10*time.Millisecond
		o.AddedExceptions = []string{"ConcurrentTagAccess"}
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(tag(context.Background(), "i-0123456789abcdef0"), attempts)
	// Output: <nil> 3
}

func ExampleRetryError() {
	always := func(context.Context) error { return &smithy.GenericAPIError{Code: "RequestLimitExceeded"} }
	fn, _ := awsretry.Wrap(always, func(o *awsretry.Options) { o.Tries, o.Delay = 3, time.Millisecond })

	err := fn(context.Background())
	var re *awsretry.RetryError
	if errors.As(err, &re) {
		fmt.Println(re.Attempts, awsretry.ErrorCode(err))
	}
	// Output: 3 RequestLimitExceeded
}

func ExampleOptions_excluded() {
	// Retry every ...NotFound code but one that will never appear.
	attempts := 0
	runInstances := func(ctx context.Context) error {
		attempts++
		return &smithy.GenericAPIError{Code: "InvalidAMIID.NotFound"}
	}
	run, _ := awsretry.Wrap(runInstances, func(o *awsretry.Options) {
		o.Delay = time.Millisecond
		o.ExcludedExceptions = []string{"InvalidAMIID.NotFound"}
	})
	err := run(context.Background())
	fmt.Println(awsretry.ErrorCode(err), attempts)
	// Output: InvalidAMIID.NotFound 1
}

// describe is a package-level decorated function, as a Python module would
// hold one decorated with @AWSRetry.backoff.
var describe = awsretry.MustWrap(func(ctx context.Context, id string) (string, error) {
	return "running", nil
}, func(o *awsretry.Options) { o.Tries = 5 })

func ExampleMustWrap() {
	state, err := describe(context.Background(), "i-0123456789abcdef0")
	fmt.Println(state, err)
	// Output: running <nil>
}

func ExampleOptions_delayInSeconds() {
	// Python's delay=2 is in seconds; in Go a bare 2 is 2ns, and is rejected.
	_, err := awsretry.Wrap(func(context.Context) error { return nil }, func(o *awsretry.Options) { o.Delay = 2 })
	fmt.Println(err)
	// Output: awsretry: invalid options: Delay is 2ns; awsretry's delay is in seconds: did you mean 2 * time.Second?
}
