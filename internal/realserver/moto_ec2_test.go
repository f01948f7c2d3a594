package realserver_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// Scenario 2: EC2 on moto, through the proxy.
func TestMotoEC2(t *testing.T) {
	moto := awstest.StartMoto(t)
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, nil) // counts requests, passes all
	client := awstest.EC2(t, fp.URL)
	const tries = 4

	t.Run("RunInstances, CreateTags and DescribeInstances succeed at once", func(t *testing.T) {
		var log retryLog
		p := mustDecorate(t, client, fastRetries(tries, time.Millisecond), log.option)
		ctx := t.Context()

		run, err := awsretry.Invoke[*ec2.RunInstancesOutput](p, "RunInstances", ctx, &ec2.RunInstancesInput{
			ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		})
		require.NoError(t, err)
		require.Len(t, run.Instances, 1)
		id := aws.ToString(run.Instances[0].InstanceId)

		_, err = p.Call("CreateTags", ctx, &ec2.CreateTagsInput{
			Resources: []string{id},
			Tags:      []types.Tag{{Key: aws.String("owner"), Value: aws.String("awsretry-test")}},
		})
		require.NoError(t, err)

		out, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx, &ec2.DescribeInstancesInput{
			Filters: []types.Filter{{Name: aws.String("tag:owner"), Values: []string{"awsretry-test"}}},
		})
		require.NoError(t, err)
		require.Len(t, out.Reservations, 1)
		require.Len(t, out.Reservations[0].Instances, 1)
		require.Equal(t, id, aws.ToString(out.Reservations[0].Instances[0].InstanceId))
		require.Empty(t, log.codes())
	})

	t.Run("an unknown instance id is retried to exhaustion", func(t *testing.T) {
		var log retryLog
		p := mustDecorate(t, client, fastRetries(tries, time.Millisecond), log.option)
		before := len(requestsFor(fp, "DescribeInstances"))

		_, err := p.Call("DescribeInstances", t.Context(),
			&ec2.DescribeInstancesInput{InstanceIds: []string{"i-0123456789abcdef0"}})

		var re *awsretry.RetryError
		require.ErrorAs(t, err, &re)
		require.Equal(t, tries, re.Attempts)
		require.Equal(t, "DescribeInstances", re.Method)
		var ae smithy.APIError
		require.ErrorAs(t, err, &ae)
		require.Equal(t, "InvalidInstanceID.NotFound", ae.ErrorCode())
		require.Equal(t, []string{"InvalidInstanceID.NotFound", "InvalidInstanceID.NotFound", "InvalidInstanceID.NotFound"}, log.codes())
		// The SDK does not retry NotFound itself: one request per attempt.
		require.Len(t, requestsFor(fp, "DescribeInstances"), before+tries)
	})

	// Errors that are not retried come back unchanged after one attempt.
	authMoto := awstest.StartMoto(t, "INITIAL_NO_AUTH_ACTION_COUNT=0") // checks credentials
	cases := []struct {
		name     string
		client   *ec2.Client
		method   string
		input    any
		code     string // "" for the SDK's own, client-side validation error
		requests int    // HTTP requests that reached moto
	}{
		{"AuthFailure", awstest.EC2(t, authMoto.URL), "DescribeInstances", &ec2.DescribeInstancesInput{}, "AuthFailure", 1},
		{"InvalidParameterValue", client, "CreateVpc", &ec2.CreateVpcInput{CidrBlock: aws.String("not-a-cidr")}, "InvalidParameterValue", 1},
		{"client-side validation", client, "RunInstances", &ec2.RunInstancesInput{}, "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is not retried", func(t *testing.T) {
			var log retryLog
			p := mustDecorate(t, tc.client, fastRetries(tries, time.Millisecond), log.option)
			before := fp.Forwarded()

			_, err := p.Call(tc.method, t.Context(), tc.input)

			require.Error(t, err)
			var re *awsretry.RetryError
			require.False(t, errors.As(err, &re), "got a RetryError: %v", err)
			require.Equal(t, tc.code, awsretry.ErrorCode(err))
			require.Empty(t, log.codes())
			if tc.client == client {
				require.Equal(t, before+tc.requests, fp.Forwarded())
			}
		})
	}
}
