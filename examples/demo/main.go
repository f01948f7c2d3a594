// Command demo shows awsretry retrying a real AWS SDK call, with no AWS
// account and no network beyond loopback.
//
// It starts a fake EC2 endpoint on 127.0.0.1 (see endpoint.go) that answers
// DescribeInstances with InvalidInstanceID.NotFound twice and
// RequestLimitExceeded once, in the EC2 query protocol's real XML error
// format, and then with a reservation. A real *ec2.Client calls it through
// awsretry.Decorate: each retry is logged (method, attempt, code, delay),
// then the instance is printed.
//
// Run it from the module root with:
//
//	make demo
//	go run ./examples/demo
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awsretry/awsretry"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// run does the whole demo, writing everything a person should see to w.
func run(ctx context.Context, w io.Writer) error {
	// 1. A fake EC2 endpoint on loopback that fails three times, then answers.
	endpoint := startEndpoint()
	defer endpoint.Close()

	// 2. A real EC2 client pointed at it. Static dummy credentials: requests
	// are signed as usual but never leave 127.0.0.1. RetryMaxAttempts: 1
	// turns the SDK's own retryer off, so awsretry is the only retry layer and
	// every failure below reaches it.
	client := ec2.New(ec2.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(endpoint.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDDEMO", "demo-secret", ""),
		RetryMaxAttempts: 1,
	})

	// 3. Decorate the client. awsretry's defaults are Python awsretry's:
	// 10 tries, a 3s first delay and a backoff of 1.1. The demo keeps 10
	// tries but sleeps 100ms, then 150ms, then 225ms, so it ends in under a
	// second. The Logger prints one line per retry; Stats counts them.
	p, err := awsretry.Decorate(client, func(o *awsretry.Options) {
		o.Delay = 100 * time.Millisecond
		o.Backoff = 1.5
		o.Logger = newLogger(w)
	})
	if err != nil {
		return err
	}
	opts, defaults := p.Options(), awsretry.DefaultOptions()
	fmt.Fprintf(w, "Calling DescribeInstances on the fake EC2 endpoint at %s\n", endpoint.URL)
	fmt.Fprintf(w, "It will answer: %s, then the instance.\n", scriptCodes())
	fmt.Fprintf(w, "Retrying with Tries=%d, Delay=%v, Backoff=%v (awsretry's defaults: %d tries, %v, %v).\n\n",
		opts.Tries, opts.Delay, opts.Backoff, defaults.Tries, defaults.Delay, defaults.Backoff)

	// 4. Call the method by name, with the arguments the client's own method
	// takes. Invoke is p.Call with a typed result; p.Call returns any.
	// InvalidInstanceID.NotFound matches awsretry's "...NotFound" rule and
	// RequestLimitExceeded is a default exception, so both are retried; any
	// other error would come back at once.
	start := time.Now()
	out, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx,
		&ec2.DescribeInstancesInput{InstanceIds: []string{instanceID}})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)

	// 5. The result, exactly as the SDK returned it.
	fmt.Fprintln(w)
	for _, r := range out.Reservations {
		for _, inst := range r.Instances {
			printInstance(w, inst)
		}
	}
	st := p.Stats()
	fmt.Fprintf(w, "\nDescribeInstances succeeded after %d attempts (%d retries) in %.2fs\n",
		st.Attempts, st.Retries, elapsed.Seconds())
	return nil
}

// newLogger returns a slog text logger for w that leaves out the time, so
// that each retry reads as one short line.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// printInstance prints an instance's id, state, type and Name tag.
func printInstance(w io.Writer, inst types.Instance) {
	state := "unknown"
	if inst.State != nil {
		state = string(inst.State.Name)
	}
	fmt.Fprintf(w, "Instance %s\n", aws.ToString(inst.InstanceId))
	fmt.Fprintf(w, "  state: %s\n", state)
	fmt.Fprintf(w, "  type:  %s\n", inst.InstanceType)
	fmt.Fprintf(w, "  name:  %s\n", nameTag(inst.Tags))
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
