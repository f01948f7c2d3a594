// Command describe-instances is the first example of Python awsretry's
// README in Go:
//
//	@AWSRetry.backoff()
//	def get_instances():
//	    client = boto3.client('ec2')
//	    return client.describe_instances()
//
// It decorates an EC2 client with awsretry's defaults (10 tries, a 3s first
// delay, a backoff of 1.1), calls DescribeInstances through it, and prints
// every instance. Retries are logged to stderr.
//
// Credentials and the rest come from the SDK's default chain (environment,
// shared config files, ...). -endpoint points the client at any
// EC2-compatible endpoint; for example, against moto_server:
//
//	moto_server -p 5000 &
//	AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
//		go run ./examples/describe-instances -endpoint http://127.0.0.1:5000
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/examples/internal/cli"
)

func main() {
	newClient := cli.EC2Flags() // -endpoint, -region
	flag.Parse()

	cli.Main("describe-instances", func(ctx context.Context) error {
		client, err := newClient(ctx)
		if err != nil {
			return err
		}

		// @AWSRetry.backoff(): the defaults, plus a logger so that retries show.
		p, err := awsretry.Decorate(client, func(o *awsretry.Options) {
			o.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
		})
		if err != nil {
			return err
		}
		out, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx,
			&ec2.DescribeInstancesInput{})
		if err != nil {
			return err
		}

		n := 0
		for _, r := range out.Reservations {
			for _, inst := range r.Instances {
				n++
				fmt.Printf("%s\t%s\t%s\t%s\n", aws.ToString(inst.InstanceId), state(inst), inst.InstanceType, nameTag(inst.Tags))
			}
		}
		fmt.Printf("%d instances in %d reservations\n", n, len(out.Reservations))
		return nil
	})
}

// state returns the instance's state name, or "unknown".
func state(inst types.Instance) string {
	if inst.State == nil {
		return "unknown"
	}
	return string(inst.State.Name)
}

// nameTag returns the value of the Name tag, or "-" if there is none.
func nameTag(tags []types.Tag) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == "Name" {
			return aws.ToString(t.Value)
		}
	}
	return "-"
}
