package realserver_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// dropFirst returns a Script that forwards the first n requests for
// operation to the server and then drops the answer, and passes all others.
func dropFirst(operation string, n int32) awstest.Script {
	var seen atomic.Int32
	return func(_ int, req *awstest.Request) awstest.Fault {
		if req.Operation == operation && seen.Add(1) <= n {
			return awstest.DropResponse
		}
		return awstest.Pass
	}
}

// Scenario 5: nothing duplicated. The server launches the instance, then the
// answer is lost, so RunInstances is retried. Every request of that one Call
// must carry the same ClientToken, AWS's idempotency key, so that AWS would
// launch one instance. moto does not de-duplicate by ClientToken, so the
// token seen at the fault proxy is the proof, not moto's instance count.
func TestRunInstancesRetriesKeepTheClientToken(t *testing.T) {
	moto := awstest.StartMoto(t)
	cases := []struct {
		name      string
		clientOpt func(*ec2.Options)
		drops     int32 // answers dropped after moto acted
		requests  int   // RunInstances requests in all
	}{
		// awsretry's attempts are the only retries.
		{"SDK retries off", sdkOneAttempt, 2, 3},
		// The SDK retries the reset 3 times itself, then awsretry tries again.
		{"SDK retryer as it is", func(*ec2.Options) {}, 4, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, dropFirst("RunInstances", tc.drops))
			var log retryLog
			p := mustDecorate(t, awstest.EC2(t, fp.URL, tc.clientOpt),
				fastRetries(3, time.Millisecond), log.option, func(o *awsretry.Options) { o.Retryable = sendFailed })
			in := &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)}

			out, err := awsretry.Invoke[*ec2.RunInstancesOutput](p, "RunInstances", t.Context(), in)
			require.NoError(t, err)
			require.Len(t, out.Instances, 1)

			runs := requestsFor(fp, "RunInstances")
			require.Len(t, runs, tc.requests)
			require.Equal(t, tc.requests, fp.Forwarded(), "every request reached moto")
			token := runs[0].Params.Get("ClientToken")
			require.NotEmpty(t, token)
			for i, r := range runs {
				require.Equal(t, token, r.Params.Get("ClientToken"), "RunInstances request %d", i+1)
			}
			// The SDK's idempotency middleware keeps the token by writing it
			// into the caller's input, which awsretry passes to every attempt.
			require.Equal(t, token, aws.ToString(in.ClientToken))

			// Another Call with a new input gets a new token.
			_, err = p.Call("RunInstances", t.Context(),
				&ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
			require.NoError(t, err)
			runs = requestsFor(fp, "RunInstances")
			require.NotEqual(t, token, runs[len(runs)-1].Params.Get("ClientToken"))
		})
	}
}
