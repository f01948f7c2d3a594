// Package cli holds the plumbing that the describe-instances and create-tags
// examples share, none of it about retrying: the -endpoint and -region flags,
// an EC2 client from the SDK's default credential chain, and a main that
// stops on Ctrl-C and exits non-zero on error.
package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// EC2Flags registers -endpoint and -region on the command line. Call the
// function it returns after flag.Parse to get the client.
func EC2Flags() func(ctx context.Context) (*ec2.Client, error) {
	endpoint := flag.String("endpoint", "", "EC2-compatible endpoint URL, such as http://127.0.0.1:5000 (default: AWS's own)")
	region := flag.String("region", "us-east-1", "AWS region")
	return func(ctx context.Context) (*ec2.Client, error) {
		return newEC2(ctx, *endpoint, *region)
	}
}

// newEC2 returns an EC2 client configured by the SDK's default chain
// (environment, shared config files, ...), in region, at endpoint if it is
// not empty.
//
// The SDK's own retryer stays on, as botocore's does under Python awsretry:
// it retries throttling and network errors a few times, and awsretry then
// retries what it gives up on, plus the codes it never retries, such as
// InvalidInstanceID.NotFound or ConcurrentTagAccess.
func newEC2(ctx context.Context, endpoint, region string) (*ec2.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	return ec2.NewFromConfig(cfg, func(o *ec2.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	}), nil
}

// Main runs fn with a context that Ctrl-C cancels (which also ends
// awsretry's sleeps). If fn fails, Main prints "name: error" to stderr and
// exits with status 1.
func Main(name string, fn func(ctx context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := fn(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}
