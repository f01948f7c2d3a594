package awsjson_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

func ExampleDecode() {
	var in ec2.DescribeInstancesInput
	err := awsjson.Decode([]byte(`{"Filters": [{"Name": "tag:team", "Values": ["ops"]}], "MaxResults": 5}`), &in)
	fmt.Println(err, *in.Filters[0].Name, *in.MaxResults)

	// EC2's wire name is not a member name: an error, not every instance.
	err = awsjson.Decode([]byte(`{"Filter": [{"Name": "tag:team", "Values": ["ops"]}]}`), &in)
	fmt.Println(err)
	// Output:
	// <nil> tag:team 5
	// awsjson: "Filter" at /: did you mean "Filters"? (no such member in ec2.DescribeInstancesInput)
}

func ExampleEncode() {
	launch := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	out, _ := awsjson.Encode(&ec2.DescribeInstancesOutput{Reservations: []types.Reservation{{
		Instances: []types.Instance{{
			InstanceId: aws.String("i-0123"), LaunchTime: &launch,
			State: &types.InstanceState{Code: aws.Int32(16), Name: types.InstanceStateNameRunning},
		}},
	}}}, awsjson.Indent("  "))
	fmt.Println(string(out))
	// Output:
	// {
	//   "Reservations": [
	//     {
	//       "Instances": [
	//         {
	//           "InstanceId": "i-0123",
	//           "LaunchTime": "2024-03-01T12:30:00+00:00",
	//           "State": {
	//             "Code": 16,
	//             "Name": "running"
	//           }
	//         }
	//       ]
	//     }
	//   ]
	// }
}

// DynamoDB's unions need no registration where the client is known.
func ExampleUnionsFrom() {
	var in dynamodb.PutItemInput
	err := awsjson.Decode([]byte(`{"TableName": "t", "Item": {"pk": {"S": "k1"}, "n": {"N": "42"}}}`), &in,
		awsjson.UnionsFrom(&dynamodb.Client{}))
	fmt.Println(err, in.Item["pk"].(*ddb.AttributeValueMemberS).Value, in.Item["n"].(*ddb.AttributeValueMemberN).Value)
	// Output: <nil> k1 42
}

func ExampleCall() {
	// Any client works; a real one is ec2.NewFromConfig(cfg).
	p := awsretry.MustDecorate(&tagClient{throttles: 1}, func(o *awsretry.Options) {
		o.Sleep = func(context.Context, time.Duration) error { return nil } // no waiting in an example
	})
	out, err := awsjson.Call(context.Background(), p, "create_tags",
		[]byte(`{"Resources": ["i-1", "i-2"], "Tags": [{"Key": "team", "Value": "ops"}]}`))
	fmt.Println(string(out), err, p.Stats().Retries)
	// Output: {"Tagged":2,"Names":["team"]} <nil> 1
}
