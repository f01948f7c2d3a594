package awsretry_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/awsretry/awsretry"
)

// A client with a TracerProvider gets a span per call through the proxy,
// with the SDK's spans of each attempt under it. In production the provider
// is OpenTelemetry's, through smithy-go's adapter:
//
//	tp := smithyoteltracing.Adapt(otelTracerProvider)
//	mp := smithyotelmetrics.Adapt(otelMeterProvider)
//	client := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.TracerProvider, o.MeterProvider = tp, mp })
//	p, err := awsretry.Decorate(client) // takes the client's providers
//
// Here a provider that prints the spans stands in for it, and a local EC2
// endpoint answers RequestLimitExceeded twice, then succeeds.
func Example_tracing() {
	srv := newScriptedEC2("RequestLimitExceeded", "RequestLimitExceeded")
	defer srv.Close()
	tp := new(recTracing)
	client := ec2.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "example-secret", ""),
		BaseEndpoint: aws.String(srv.URL),
	}, func(o *ec2.Options) {
		o.TracerProvider = tp
		o.RetryMaxAttempts = 1 // awsretry's attempts only
	})

	p, err := awsretry.Decorate(client, func(o *awsretry.Options) {
		o.Sleep = func(context.Context, time.Duration) error { return nil } // the example does not wait
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{}); err != nil {
		fmt.Println(err)
		return
	}
	tp.print(os.Stdout, 1)
	// Output:
	// awsretry.DescribeInstances ok awsretry.attempts=3 awsretry.gave_up=false awsretry.retries=2
	//   · retry awsretry.attempt=1 awsretry.code=RequestLimitExceeded awsretry.delay_ms=3000
	//   · retry awsretry.attempt=2 awsretry.code=RequestLimitExceeded awsretry.delay_ms=3300
	//   EC2.DescribeInstances error api.error_code=RequestLimitExceeded
	//   EC2.DescribeInstances error api.error_code=RequestLimitExceeded
	//   EC2.DescribeInstances ok
}
