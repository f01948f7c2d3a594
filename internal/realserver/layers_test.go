package realserver_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// Scenario 4: retries multiply across layers. Against a server that always
// throttles, one Call makes Tries × the SDK's attempts HTTP requests; with
// the SDK's RetryMaxAttempts set to 1 for the Call, it makes Tries.
func TestRetriesMultiplyAcrossLayers(t *testing.T) {
	const tries = 3
	moto := awstest.StartMoto(t)
	cases := []struct {
		name     string
		callOpts []any // option functions passed to Call after the input
		requests int
	}{
		{"SDK retryer as it is (3 attempts)", nil, tries * 3},
		{"SDK RetryMaxAttempts 1 through Call", []any{sdkOneAttempt}, tries},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, awstest.Always(awstest.Throttle))
			p := mustDecorate(t, awstest.EC2(t, fp.URL), fastRetries(tries, time.Millisecond))

			args := append([]any{t.Context(), &ec2.DescribeInstancesInput{}}, tc.callOpts...)
			_, err := p.Call("DescribeInstances", args...)

			var re *awsretry.RetryError
			require.ErrorAs(t, err, &re)
			require.Equal(t, tries, re.Attempts)
			require.Equal(t, "RequestLimitExceeded", awsretry.ErrorCode(err))
			require.Equal(t, tc.requests, fp.Seen(), "HTTP requests for one Call")
			require.Zero(t, fp.Forwarded())
			t.Logf("one Call with Tries=%d made %d HTTP requests", tries, fp.Seen())
		})
	}
}
