package awsjson_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestMoto runs boto3/CLI-shaped JSON through real SDK clients, the proxy
// and awsjson.Call against moto, and compares the output's shape with the
// AWS CLI's for the same calls where the CLI is installed.
func TestMoto(t *testing.T) {
	moto := awstest.StartMoto(t)
	ctx := t.Context()
	fast := func(o *awsretry.Options) { o.Tries = 3; o.Delay = 1e6 }

	t.Run("EC2: run_instances, describe-instances with Filters, CreateTags", func(t *testing.T) {
		p := awsretry.MustDecorate(awstest.EC2(t, moto.URL), fast)
		run := call(t, p, "run_instances", `{"ImageId":"ami-12345678","MinCount":1,"MaxCount":1,"UserData":"IyEvYmluL3NoCg==",
			"TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"team","Value":"awsjson"}]}]}`)
		id := jsonAt(t, run, "Instances", 0, "InstanceId").(string)

		// Unlike boto3, the Go SDK sends UserData as it is given: base64 text.
		attr := call(t, p, "describe_instance_attribute", `{"InstanceId":"`+id+`","Attribute":"userData"}`)
		require.Equal(t, "IyEvYmluL3NoCg==", jsonAt(t, attr, "UserData", "Value"))

		call(t, p, "CreateTags", `{"Resources":["`+id+`"],"Tags":[{"Key":"owner","Value":"ops"}]}`)
		desc := call(t, p, "describe-instances", `{"Filters":[{"Name":"tag:owner","Values":["ops"]}]}`)
		require.Len(t, jsonAt(t, desc, "Reservations"), 1)
		require.Equal(t, id, jsonAt(t, desc, "Reservations", 0, "Instances", 0, "InstanceId"))
		require.NotContains(t, string(desc), "null")
		require.NotContains(t, string(desc), "ResultMetadata")

		none := call(t, p, "describe_instances", `{"Filters":[{"Name":"tag:owner","Values":["nobody"]}]}`)
		require.Equal(t, `{"Reservations":[]}`, string(none))

		_, err := awsjson.Call(ctx, p, "describe_instances", []byte(`{"Filter":[{"Name":"tag:owner","Values":["nobody"]}]}`))
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments, "EC2's wire name is not a member: an error, not every instance")
		require.Contains(t, err.Error(), `"Filter" at /: did you mean "Filters"?`)

		cli := awsCLI(t, moto.URL, "ec2", "describe-instances", "--filters", "Name=tag:owner,Values=ops")
		compareShapes(t, desc, cli, knownEC2Differences)
	})

	t.Run("DynamoDB: PutItem and GetItem with a union-valued Item", func(t *testing.T) {
		p := awsretry.MustDecorate(awstest.DynamoDB(t, moto.URL), fast)
		call(t, p, "create_table", `{"TableName":"t","BillingMode":"PAY_PER_REQUEST",
			"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
			"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}`)
		item := `{"bin":{"B":"AAEC"},"flag":{"BOOL":false},"list":{"L":[{"N":"1"},{"M":{"x":{"S":"y"}}}]},` +
			`"n":{"N":"42"},"none":{"NULL":true},"pk":{"S":"k1"},"set":{"SS":["a","b"]}}`
		call(t, p, "put_item", `{"TableName":"t","Item":`+item+`}`)
		got := call(t, p, "get-item", `{"TableName":"t","Key":{"pk":{"S":"k1"}},"ConsistentRead":true}`)
		require.JSONEq(t, `{"Item":`+item+`}`, string(got))

		cli := awsCLI(t, moto.URL, "dynamodb", "get-item", "--table-name", "t", "--key", `{"pk":{"S":"k1"}}`)
		compareShapes(t, got, cli, nil)
	})

	t.Run("nulls in a map or a list: an error, and nothing sent", func(t *testing.T) {
		ddbProxy := awstest.NewFaultProxy(t, awstest.JSON10, moto.URL, nil)
		ddb := awsretry.MustDecorate(awstest.DynamoDB(t, ddbProxy.URL), fast)
		ec2Proxy := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, nil)
		ec2p := awsretry.MustDecorate(awstest.EC2(t, ec2Proxy.URL), fast)
		call(t, ddb, "create_table", `{"TableName":"nulls","BillingMode":"PAY_PER_REQUEST",
			"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
			"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}`)
		sent := ddbProxy.Seen()
		for _, tc := range []struct {
			p     *awsretry.Proxy
			op    string
			input string
		}{
			{ddb, "put_item", `{"TableName":"nulls","Item":{"pk":null}}`},
			{ddb, "put_item", `{"TableName":"nulls","Item":{"pk":{"S":"a"},"m":{"M":{"x":null}}}}`},
			{ddb, "put_item", `{"TableName":"nulls","Item":{"pk":{"S":"a"},"l":{"L":[null,{"S":"b"}]}}}`},
			{ddb, "put_item", `{"TableName":"nulls","Item":{"pk":{"S":"a"},"s":{"SS":[null]}}}`},
			{ec2p, "describe_instances", `{"InstanceIds":[null,"i-1"]}`},
			{ec2p, "create_tags", `{"Resources":["i-1"],"Tags":[null]}`},
		} {
			_, err := awsjson.Call(ctx, tc.p, tc.op, []byte(tc.input))
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments, tc.input)
			require.ErrorContains(t, err, "got a JSON null", tc.input)
		}
		require.Equal(t, sent, ddbProxy.Seen(), "a request reached DynamoDB")
		require.Zero(t, ec2Proxy.Seen(), "a request reached EC2")

		// The same item without the nulls is sent well formed and stored.
		call(t, ddb, "put_item", `{"TableName":"nulls","Item":{"pk":{"S":"a"},"l":{"L":[{"S":"b"}]},"m":{"M":{}}}}`)
		reqs := ddbProxy.Requests()
		last := reqs[len(reqs)-1]
		require.Equal(t, "PutItem", last.Operation)
		require.True(t, json.Valid(last.Body), "the request body is not JSON")
		require.Equal(t, 200, last.Status)
		got := call(t, ddb, "get_item", `{"TableName":"nulls","Key":{"pk":{"S":"a"}}}`)
		require.JSONEq(t, `{"Item":{"pk":{"S":"a"},"l":{"L":[{"S":"b"}]},"m":{"M":{}}}}`, string(got))
	})

	t.Run("S3: PutObject and GetObject through the stream hooks, ListObjectsV2", func(t *testing.T) {
		p := awsretry.MustDecorate(awstest.S3(t, moto.URL), fast)
		call(t, p, "create_bucket", `{"Bucket":"awsjson-test"}`)
		dir := t.TempDir()
		src := filepath.Join(dir, "in.txt")
		require.NoError(t, os.WriteFile(src, []byte("hello from a file"), 0o600))
		var opened []*os.File
		open := awsjson.OpenStream(func(_, name string) (io.Reader, error) {
			f, err := os.Open(filepath.Join(dir, filepath.Base(name)))
			opened = append(opened, f)
			return f, err
		})
		put, err := awsjson.Call(ctx, p, "put_object", []byte(`{"Bucket":"awsjson-test","Key":"k.txt","Body":"in.txt"}`), open)
		require.NoError(t, err)
		callsBefore := p.Stats().Calls
		require.NotEmpty(t, jsonAt(t, put, "ETag"))
		for _, f := range opened {
			f.Close()
		}

		_, err = awsjson.Call(ctx, p, "get_object", []byte(`{"Bucket":"awsjson-test","Key":"k.txt"}`))
		require.ErrorIs(t, err, awsretry.ErrInvalidOptions, "a body is never dropped silently")
		require.Contains(t, err.Error(), "at /Body: GetObject's output has a streaming member: pass awsjson.SaveStream")
		require.Zero(t, p.Stats().Calls-callsBefore, "checked before the call")

		var body bytes.Buffer
		got, err := awsjson.Call(ctx, p, "get-object", []byte(`{"Bucket":"awsjson-test","Key":"k.txt"}`), awsjson.SaveStream(func(_ string, r io.Reader) error {
			_, err := io.Copy(&body, r)
			return err
		}))
		require.NoError(t, err)
		require.Equal(t, "hello from a file", body.String())
		require.EqualValues(t, 17, jsonAt(t, got, "ContentLength"))
		require.NotContains(t, string(got), `"Body"`)

		list := call(t, p, "list_objects_v2", `{"Bucket":"awsjson-test"}`)
		require.Equal(t, "k.txt", jsonAt(t, list, "Contents", 0, "Key"))
		require.EqualValues(t, 17, jsonAt(t, list, "Contents", 0, "Size"))
		require.EqualValues(t, 1, jsonAt(t, list, "KeyCount"))

		cli := awsCLI(t, moto.URL, "s3api", "list-objects-v2", "--bucket", "awsjson-test", "--no-paginate")
		compareShapes(t, list, cli, knownS3ListDifferences)
	})
}

// knownEC2Differences and knownS3ListDifferences are the shape differences
// from the AWS CLI 1.45 measured on these calls against moto; the package
// documentation has them in its table. "+" is a path only awsjson prints,
// "-" one only the CLI prints.
var (
	knownEC2Differences    = []string{}
	knownS3ListDifferences = []string{"-/EncodingType"} // the CLI asks for EncodingType=url and decodes keys itself
)

// call runs op through awsjson.Call and fails t on error.
func call(t *testing.T, p *awsretry.Proxy, op, input string) []byte {
	t.Helper()
	out, err := awsjson.Call(t.Context(), p, op, []byte(input))
	require.NoError(t, err, op)
	require.True(t, json.Valid(out), op)
	return out
}

// jsonAt returns the value at a path of keys and indexes in data.
func jsonAt(t *testing.T, data []byte, path ...any) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	for _, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(t, ok, "no object at %v", step)
			v = m[s]
		case int:
			a, ok := v.([]any)
			require.True(t, ok && len(a) > s, "no element %d", s)
			v = a[s]
		}
	}
	return v
}

// awsCLI runs the AWS CLI against endpoint with test credentials and returns
// its JSON output; it skips t when the CLI is not installed.
func awsCLI(t *testing.T, endpoint string, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Log("the AWS CLI is not installed: the comparison with its output is skipped")
		return nil
	}
	cmd := exec.CommandContext(t.Context(), "aws", append([]string{"--endpoint-url", endpoint, "--output", "json"}, args...)...)
	dir := t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
		"AWS_DEFAULT_REGION="+awstest.Region,
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1", "AWS_PAGER=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "aws %s: %s", strings.Join(args, " "), stderr.String())
	return out
}

// compareShapes checks that ours and the CLI's output have the same paths
// (keys, with every array index as *), but for the known differences.
func compareShapes(t *testing.T, ours, cli []byte, known []string) {
	t.Helper()
	if cli == nil {
		return
	}
	a, b := jsonPaths(t, ours), jsonPaths(t, cli)
	diff := []string{}
	for p := range a {
		if !b[p] {
			diff = append(diff, "+"+p)
		}
	}
	for p := range b {
		if !a[p] {
			diff = append(diff, "-"+p)
		}
	}
	sort.Strings(diff)
	want := append([]string{}, known...) // never nil, as diff is not
	sort.Strings(want)
	require.Equal(t, want, diff, "shape differences from the AWS CLI")
}

// jsonPaths returns the set of JSON paths in data.
func jsonPaths(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	paths := map[string]bool{}
	var walk func(string, any)
	walk = func(at string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				paths[at+"/"+k] = true
				walk(at+"/"+k, e)
			}
		case []any:
			for _, e := range x {
				walk(at+"/*", e)
			}
		}
	}
	walk("", v)
	return paths
}
