package awsretry_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// sdkThreeTries is the SDK's standard retryer, 3 attempts, without its sleeps.
func sdkThreeTries(o *ec2.Options) {
	o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = 3
		so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

func TestDisableSDKRetriesMakesOneRequestPerAttempt(t *testing.T) {
	tests := []struct {
		name         string
		disable      bool
		wantRequests int32
	}{
		{"SDK retries inside each attempt", false, 6},
		{"one request per attempt", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, requests := ec2Endpoint(t, repeat("RequestLimitExceeded", 50)...)
			p := awsretry.MustDecorate(awstest.EC2(t, url, sdkThreeTries), (&sleeps{}).fast, func(o *awsretry.Options) {
				o.Tries = 2
				o.DisableSDKRetries = tt.disable
			})
			var seen []string
			mine := func(o *ec2.Options) { seen = append(seen, o.Region) }
			callerFns := make([]func(*ec2.Options), 1, 4) // spare room an append could write into
			callerFns[0] = mine

			_, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{}, callerFns)
			var re *awsretry.RetryError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 2, re.Attempts)
			assert.Equal(t, tt.wantRequests, requests.Load())
			assert.Len(t, seen, 2, "the caller's own option function still runs on every attempt")
			assert.Len(t, callerFns, 1)
			assert.Nil(t, callerFns[:2][1], "the caller's slice is never written to")
		})
	}
}

func TestDisableSDKRetriesLeavesOtherMethodsAlone(t *testing.T) {
	s := newScripted(apiErr("InternalError"))
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) { o.DisableSDKRetries = true })
	_, err := p.Call("Op", context.Background(), &OpInput{}, func(o *OpOptions) { o.Region = "x" })
	require.NoError(t, err)
	assert.Equal(t, []string{"x", "x"}, s.regions, "OpOptions has no Retryer: called as it is")
	_, err = p.Call("Pair", 1, "a")
	require.NoError(t, err)
}

func TestDisableSDKRetriesOnTypedPaths(t *testing.T) {
	url, requests := ec2Endpoint(t, repeat("RequestLimitExceeded", 50)...)
	c := awstest.EC2(t, url, sdkThreeTries)
	noSDK := func(o *awsretry.Options) { o.Tries, o.Sleep, o.DisableSDKRetries = 3, (&sleeps{}).sleep, true }

	describe, err := awsretry.WrapOp(c.DescribeInstances, noSDK)
	require.NoError(t, err)
	_, err = describe(context.Background(), &ec2.DescribeInstancesInput{})
	require.Error(t, err)
	assert.EqualValues(t, 3, requests.Load(), "WrapOp: 3 attempts, 3 requests")

	p := awsretry.MustDecorate(c, noSDK)
	m, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](p, "DescribeInstances")
	require.NoError(t, err)
	_, err = m(context.Background(), &ec2.DescribeInstancesInput{}, func(*ec2.Options) {})
	require.Error(t, err)
	assert.EqualValues(t, 6, requests.Load(), "Method: 3 attempts, 3 requests")
}
