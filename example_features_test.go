package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

func ExampleOptions_disableSDKRetries() {
	srv := newScriptedEC2(repeat("RequestLimitExceeded", 100)...)
	defer srv.Close()
	client := exampleClient(srv.URL, sdkThreeTries) // the SDK retries 3 times on its own

	for _, disable := range []bool{false, true} {
		srv.requests.Store(0)
		p := awsretry.MustDecorate(client, func(o *awsretry.Options) {
			o.Tries, o.Delay = 3, time.Millisecond
			o.DisableSDKRetries = disable
		})
		_, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
		fmt.Printf("DisableSDKRetries=%v: %d HTTP requests, %v\n", disable, srv.requests.Load(), err != nil)
	}
	// Output:
	// DisableSDKRetries=false: 9 HTTP requests, true
	// DisableSDKRetries=true: 3 HTTP requests, true
}

func ExampleNewRetryer() {
	srv := newScriptedEC2("RequestLimitExceeded", "InvalidInstanceID.NotFound")
	defer srv.Close()

	r, err := awsretry.NewRetryer(func(o *awsretry.Options) {
		o.Delay, o.Backoff = time.Millisecond, 2
		o.OnRetry = func(ev awsretry.RetryEvent) { fmt.Println("retry after", ev.Code, "in", ev.Delay) }
	})
	if err != nil {
		panic(err)
	}
	client := exampleClient(srv.URL, func(o *ec2.Options) { o.Retryer = r })
	out, err := client.DescribeInstances(context.Background(), &ec2.DescribeInstancesInput{})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Reservations[0].ReservationId, "after", srv.requests.Load(), "requests")
	// Output:
	// retry after RequestLimitExceeded in 1ms
	// retry after InvalidInstanceID.NotFound in 2ms
	// r-0abc after 3 requests
}

func ExampleWrapOp() {
	client, stop := exampleEC2()
	defer stop()

	describe, err := awsretry.WrapOp(client.DescribeInstances, func(o *awsretry.Options) { o.Delay = time.Millisecond })
	if err != nil {
		panic(err)
	}
	out, err := describe(context.Background(), &ec2.DescribeInstancesInput{}) // typed: *ec2.DescribeInstancesOutput
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.Reservations[0].Instances[0].InstanceId)
	// Output: i-0123456789abcdef0
}

func ExampleMethod() {
	client, stop := exampleEC2()
	defer stop()

	p := awsretry.MustDecorate(client, func(o *awsretry.Options) { o.Delay = time.Millisecond })
	describe, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](p, "DescribeInstances")
	if err != nil {
		panic(err)
	}
	out, err := describe(context.Background(), &ec2.DescribeInstancesInput{})
	if err != nil {
		panic(err)
	}
	st := p.Stats()
	fmt.Println(*out.Reservations[0].ReservationId, st.Attempts, "attempts")
	// Output: r-0abc 2 attempts
}

func ExampleBudget() {
	budget := awsretry.NewBudget(10) // two retries' worth, shared by every proxy given it
	throttled := func(context.Context) error { return &smithy.GenericAPIError{Code: "RequestLimitExceeded"} }
	call, _ := awsretry.Wrap(throttled, func(o *awsretry.Options) { o.Delay, o.Budget = time.Millisecond, budget })

	err := call(context.Background())
	var re *awsretry.RetryError
	errors.As(err, &re)
	fmt.Println(errors.Is(err, awsretry.ErrBudgetExhausted), re.Attempts, budget)
	// Output: true 3 budget 0/10
}

func ExampleProxy_Stats() {
	client, stop := exampleEC2()
	defer stop()

	p := awsretry.MustDecorate(client, func(o *awsretry.Options) { o.Delay = time.Millisecond })
	if _, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{}); err != nil {
		panic(err)
	}
	st := p.Stats()
	fmt.Println(st.Calls, st.Attempts, st.Retries, st.ByCode)
	// Output: 1 2 1 map[InvalidInstanceID.NotFound:1]
}

func ExampleThrottleCodes() {
	// DynamoDB throttles with ThrottlingException, which awsretry's defaults
	// do not retry.
	attempts := 0
	putItem := func(context.Context) error {
		if attempts++; attempts < 3 {
			return &smithy.GenericAPIError{Code: "ThrottlingException"}
		}
		return nil
	}
	put, _ := awsretry.Wrap(putItem, func(o *awsretry.Options) {
		o.Delay = time.Millisecond
		o.AddedExceptions = awsretry.ThrottleCodes()
	})
	fmt.Println(put(context.Background()), attempts)
	// Output: <nil> 3
}

func ExampleRetryThrottles() {
	// A DynamoDB endpoint that throttles the first two PutItem requests,
	// with ThrottlingException, which awsretry's defaults do not retry.
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) <= 2 {
			awstest.WriteJSONError(w, http.StatusBadRequest, "ThrottlingException", "Rate of requests exceeds the allowed throughput.")
			return
		}
		_, _ = w.Write([]byte("{}"))
	}))
	defer srv.Close()
	db := dynamodb.New(dynamodb.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	})

	put, _ := awsretry.WrapOp(db.PutItem, awsretry.RetryThrottles, func(o *awsretry.Options) {
		o.Delay = time.Millisecond
	})
	_, err := put(context.Background(), &dynamodb.PutItemInput{
		TableName: aws.String("jobs"),
		Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "job-1"}},
	})
	fmt.Println(err, requests.Load())
	// Output: <nil> 3
}

func ExampleIsTransient() {
	srv := newScriptedEC2()
	url := srv.URL
	srv.Close() // nothing listens there any more: connection refused

	p := awsretry.MustDecorate(exampleClient(url, func(o *ec2.Options) { o.RetryMaxAttempts = 1 }), func(o *awsretry.Options) {
		o.Tries, o.Delay = 2, time.Millisecond
		o.Retryable = awsretry.IsTransient
	})
	_, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
	var re *awsretry.RetryError
	fmt.Println(errors.As(err, &re), re.Attempts)
	// Output: true 2
}
