// Command dispatch runs AWS operations given as data, one JSON line each,
// the way an internal tool gets them from a runbook, an HTTP request or a
// queue:
//
//	{"service": "ec2", "op": "describe_instances", "input": {"Filters": [{"Name": "tag:team", "Values": ["ops"]}]}}
//
// op is a Go, boto3 or AWS CLI name; input has boto3's and the CLI's member
// names. Each line goes through a decorated client, so it is retried as
// awsretry retries, and gives one JSON line: {"output": {...}} with the
// output as the AWS CLI prints it, or {"error": "..."}. A bad line never
// stops the rest.
//
// The retry policy is a runbook's (see policies): a read of something that
// does not exist is more likely a typo than a resource not visible yet, so
// reads try 3 times over about 2 s instead of awsretry's 10 over 40 s;
// writes keep awsretry's schedule, for the NotFound that follows a create;
// and every service's throttles are retried (RetryThrottles).
//
// Credentials come from the SDK's default chain; -endpoint points every
// client at one endpoint, such as moto_server:
//
//	moto_server -p 5000 &
//	echo '{"service":"ec2","op":"describe-instances"}' | AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
//		go run ./examples/dispatch -endpoint http://127.0.0.1:5000
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
	"github.com/awsretry/awsretry/examples/internal/cli"
)

func main() {
	endpoint := flag.String("endpoint", "", "endpoint URL for every service, such as http://127.0.0.1:5000 (default: AWS's own)")
	region := flag.String("region", "us-east-1", "AWS region")
	flag.Parse()
	cli.Main("dispatch", func(ctx context.Context) error {
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(*region))
		if err != nil {
			return fmt.Errorf("load AWS config: %w", err)
		}
		if *endpoint != "" {
			cfg.BaseEndpoint = aws.String(*endpoint)
		}
		return run(ctx, cfg, os.Stdin, os.Stdout)
	})
}

// service is one service's decorated client, with the policy for writes,
// and a copy with the policy for reads.
type service struct{ write, read *awsretry.Proxy }

// clients is the table of decorated clients, by service name. optFns
// change every proxy's options after the policies (tests set Sleep).
func clients(cfg aws.Config, optFns ...func(*awsretry.Options)) map[string]service {
	table := map[string]service{}
	for name, client := range map[string]any{
		"ec2":      ec2.NewFromConfig(cfg),
		"dynamodb": dynamodb.NewFromConfig(cfg),
		"s3":       s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
	} {
		write := awsretry.MustDecorate(client, append([]func(*awsretry.Options){awsretry.RetryThrottles}, optFns...)...)
		read, err := write.With(readPolicy)
		if err != nil {
			panic(err) // write's options were valid, and so are readPolicy's
		}
		table[name] = service{write: write, read: read}
	}
	return table
}

// readPolicy is the runbook's schedule for reads: 3 tries, sleeps of 1s
// and 1.1s. A typo in an ID or a name fails in about 2 s; with awsretry's
// defaults it would wait 40 s, since awsretry retries "...NotFound". The
// other way is to exclude the NotFound codes the runbook meets, exactly:
//
//	o.ExcludedExceptions = []string{"InvalidInstanceID.NotFound", "ResourceNotFoundException"}
func readPolicy(o *awsretry.Options) { o.Tries, o.Delay = 3, time.Second }

// isRead reports whether the operation named op (a Go name) only reads.
func isRead(op string) bool {
	for _, prefix := range []string{"Describe", "Get", "List", "Head", "Scan", "Query", "BatchGet"} {
		if strings.HasPrefix(op, prefix) {
			return true
		}
	}
	return false
}

// request is one line of input.
type request struct {
	Service string          `json:"service"`
	Op      string          `json:"op"`
	Input   json.RawMessage `json:"input"`
}

// run dispatches each line of in and writes one result line to out.
// optFns change every proxy's options.
func run(ctx context.Context, cfg aws.Config, in io.Reader, out io.Writer, optFns ...func(*awsretry.Options)) error {
	table := clients(cfg, optFns...)
	lines := bufio.NewScanner(in)
	lines.Buffer(make([]byte, 0, 64<<10), 16<<20)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for lines.Scan() {
		if len(lines.Bytes()) == 0 {
			continue
		}
		output, err := dispatch(ctx, table, lines.Bytes())
		var result any = map[string]json.RawMessage{"output": output}
		if err != nil {
			result = map[string]string{"error": err.Error()}
		}
		if err := enc.Encode(result); err != nil {
			return err
		}
	}
	return lines.Err()
}

// dispatch runs one line through its service's proxy for reads or for
// writes.
func dispatch(ctx context.Context, table map[string]service, line []byte) ([]byte, error) {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return nil, fmt.Errorf("a line must be {\"service\": ..., \"op\": ..., \"input\": {...}}: %w", err)
	}
	svc, ok := table[req.Service]
	if !ok {
		return nil, fmt.Errorf("unknown service %q: ec2, dynamodb or s3", req.Service)
	}
	p := svc.write
	if op, err := p.Resolve(req.Op); err == nil && isRead(op) {
		p = svc.read
	}
	return awsjson.Call(ctx, p, req.Op, req.Input, awsjson.OpenStream(awsjson.TextStreams), awsjson.SaveStream(discard))
}

// discard reads a streamed body to its end; a real tool would save it.
func discard(_ string, body io.Reader) error {
	_, err := io.Copy(io.Discard, body)
	return err
}
