package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

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
		`not json`,
	}, "\n")
	var out bytes.Buffer
	if err := run(t.Context(), awstest.Config(t, moto.URL), strings.NewReader(script), &out); err != nil {
		t.Fatal(err)
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
