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

// clients is the table of decorated clients, by service name.
func clients(cfg aws.Config) map[string]*awsretry.Proxy {
	return map[string]*awsretry.Proxy{
		"ec2":      awsretry.MustDecorate(ec2.NewFromConfig(cfg)),
		"dynamodb": awsretry.MustDecorate(dynamodb.NewFromConfig(cfg)),
		"s3":       awsretry.MustDecorate(s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })),
	}
}

// request is one line of input.
type request struct {
	Service string          `json:"service"`
	Op      string          `json:"op"`
	Input   json.RawMessage `json:"input"`
}

// run dispatches each line of in and writes one result line to out.
func run(ctx context.Context, cfg aws.Config, in io.Reader, out io.Writer) error {
	table := clients(cfg)
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

// dispatch runs one line through its service's proxy.
func dispatch(ctx context.Context, table map[string]*awsretry.Proxy, line []byte) ([]byte, error) {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return nil, fmt.Errorf("a line must be {\"service\": ..., \"op\": ..., \"input\": {...}}: %w", err)
	}
	p, ok := table[req.Service]
	if !ok {
		return nil, fmt.Errorf("unknown service %q: ec2, dynamodb or s3", req.Service)
	}
	return awsjson.Call(ctx, p, req.Op, req.Input, awsjson.OpenStream(awsjson.TextStreams), awsjson.SaveStream(discard))
}

// discard reads a streamed body to its end; a real tool would save it.
func discard(_ string, body io.Reader) error {
	_, err := io.Copy(io.Discard, body)
	return err
}
