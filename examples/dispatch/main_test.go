package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestDispatch runs a script of JSON lines against moto and checks each
// result line.
func TestDispatch(t *testing.T) {
	moto := awstest.StartMoto(t)
	script := strings.Join([]string{
		`{"service":"ec2","op":"run_instances","input":{"ImageId":"ami-12345678","MinCount":1,"MaxCount":1}}`,
		`{"service":"ec2","op":"describe-instances","input":{"Filters":[{"Name":"instance-state-name","Values":["running"]}]}}`,
		`{"service":"ec2","op":"describe_instances","input":{"Filter":[]}}`,
		``,
		`{"service":"dynamodb","op":"list_tables"}`,
		`{"service":"s3","op":"create_bucket","input":{"Bucket":"dispatch-test"}}`,
		`{"service":"s3","op":"put_object","input":{"Bucket":"dispatch-test","Key":"k","Body":"hello"}}`,
		`{"service":"s3","op":"list-objects-v2","input":{"Bucket":"dispatch-test"}}`,
		`{"service":"sqs","op":"list_queues"}`,
		`{"service":"ec2","op":"describe_instancez"}`,
		`{"service":"ec2","op":"describe_instances","input":{"InstanceIds":["i-0123456789abcdef0"]}}`,
		`{"service":"ec2","op":"create_tags","input":{"Resources":["i-0123456789abcdef0"],"Tags":[{"Key":"a","Value":"b"}]}}`,
		`not json`,
	}, "\n")
	var out bytes.Buffer
	var sleeps []time.Duration
	noSleep := func(o *awsretry.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error { sleeps = append(sleeps, d); return ctx.Err() }
	}
	if err := run(t.Context(), awstest.Config(t, moto.URL), strings.NewReader(script), &out, noSleep); err != nil {
		t.Fatal(err)
	}
	// The typo'd read gives up after 3 tries and 2.1 s of sleep; the write
	// to the same ID (which moto takes as it is) is not retried.
	if want := []time.Duration{time.Second, 1100 * time.Millisecond}; !slices.Equal(sleeps, want) {
		t.Errorf("sleeps %v, want %v", sleeps, want)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`"InstanceId":"i-`,
		`"Name":"running"`,
		`"error":"DescribeInstances: awsjson: \"Filter\" at /: did you mean \"Filters\"?`,
		`{"output":{"TableNames":[]}}`,
		`{"output":{"Location":"/dispatch-test"}}`,
		`"ETag":`,
		`"Key":"k"`,
		`"error":"unknown service \"sqs\"`,
		`did you mean DescribeInstances?`,
		`gave up after 3 attempts: operation error EC2: DescribeInstances`,
		`{"output":{}}`,
		`"error":"a line must be`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if !json.Valid([]byte(lines[i])) {
			t.Errorf("line %d is not JSON: %s", i+1, lines[i])
		}
		if !strings.Contains(lines[i], w) {
			t.Errorf("line %d lacks %s:\n%s", i+1, w, lines[i])
		}
	}
}
