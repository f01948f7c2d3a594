package realserver_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// Scenario 3: fault injection between a real SDK client and moto (EC2) or
// dynalite (DynamoDB). Each case fails the first two requests with its fault,
// then passes requests through. The SDK's own retries are off, so every
// request is one awsretry attempt. The table shows what the default rules
// retry and what needs AddedExceptions or Retryable.
func TestFaultInjection(t *testing.T) {
	moto := awstest.StartMoto(t)
	dynalite := awstest.StartDynalite(t, 0)
	const timeout = 300 * time.Millisecond // the client's, for Hang
	// moto loads its EC2 data on the first EC2 request, which takes longer
	// than timeout: make that request now, not through the proxy.
	_, err := awstest.EC2(t, moto.URL).DescribeInstances(t.Context(), &ec2.DescribeInstancesInput{})
	require.NoError(t, err)

	type target struct {
		proto    awstest.Protocol
		upstream string
		client   func(url string) any
		method   string
		input    any
	}
	ec2Target := target{awstest.EC2Query, moto.URL, func(url string) any {
		return awstest.EC2(t, url, sdkOneAttempt, func(o *ec2.Options) { o.HTTPClient = awstest.HTTPClient(t, timeout) })
	}, "DescribeInstances", &ec2.DescribeInstancesInput{}}
	jsonTarget := target{awstest.JSON10, dynalite.URL, func(url string) any {
		return awstest.DynamoDB(t, url, func(o *dynamodb.Options) {
			o.RetryMaxAttempts = 1
			o.HTTPClient = awstest.HTTPClient(t, timeout)
		})
	}, "ListTables", &dynamodb.ListTablesInput{}}

	added := func(codes ...string) func(*awsretry.Options) {
		return func(o *awsretry.Options) { o.AddedExceptions = codes }
	}
	retryable := func(f func(error) bool) func(*awsretry.Options) {
		return func(o *awsretry.Options) { o.Retryable = f }
	}
	defaults := func(*awsretry.Options) {}

	cases := []struct {
		name    string
		target  target
		fault   awstest.Fault
		opt     func(*awsretry.Options)
		retried bool
	}{
		{"EC2 RequestLimitExceeded, default rules", ec2Target, awstest.Throttle, defaults, true},
		{"EC2 InternalError, default rules", ec2Target, awstest.Internal, defaults, true},
		{"EC2 bare 500, default rules", ec2Target, awstest.Bare500, defaults, false},
		{"EC2 bare 500, Retryable on 5xx", ec2Target, awstest.Bare500, retryable(serverFailed), true},
		{"EC2 bare 503, default rules", ec2Target, awstest.Bare503, defaults, false},
		{"EC2 bare 503, AddedExceptions UnknownError", ec2Target, awstest.Bare503, added("UnknownError"), true},
		{"EC2 connection reset, default rules", ec2Target, awstest.Reset, defaults, false},
		{"EC2 connection reset, Retryable on send errors", ec2Target, awstest.Reset, retryable(sendFailed), true},
		{"EC2 hang until client timeout, default rules", ec2Target, awstest.Hang, defaults, false},
		{"EC2 hang until client timeout, Retryable on send errors", ec2Target, awstest.Hang, retryable(sendFailed), true},
		{"JSON ThrottlingException, default rules", jsonTarget, awstest.Throttle, defaults, false},
		{"JSON ThrottlingException, AddedExceptions", jsonTarget, awstest.Throttle, added("ThrottlingException"), true},
		{"JSON InternalServerError, default rules", jsonTarget, awstest.Internal, defaults, false},
		{"JSON InternalServerError, AddedExceptions", jsonTarget, awstest.Internal, added("InternalServerError"), true},
		{"JSON bare 503, Retryable on 5xx", jsonTarget, awstest.Bare503, retryable(serverFailed), true},
		{"JSON connection reset, Retryable on send errors", jsonTarget, awstest.Reset, retryable(sendFailed), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fp := awstest.NewFaultProxy(t, tc.target.proto, tc.target.upstream, awstest.Sequence(tc.fault, tc.fault))
			var log retryLog
			p := mustDecorate(t, tc.target.client(fp.URL), fastRetries(3, time.Millisecond), log.option, tc.opt)

			_, err := p.Call(tc.target.method, t.Context(), tc.target.input)

			if tc.retried {
				require.NoError(t, err)
				require.Len(t, log.codes(), 2)
				require.Equal(t, 3, fp.Seen(), "requests at the fault proxy")
				require.Equal(t, 1, fp.Forwarded(), "requests that reached the server")
				return
			}
			require.Error(t, err)
			var re *awsretry.RetryError
			require.False(t, errors.As(err, &re), "not retried, so not a RetryError: %v", err)
			require.Empty(t, log.codes())
			require.Equal(t, 1, fp.Seen(), "requests at the fault proxy")
			require.Equal(t, 0, fp.Forwarded(), "requests that reached the server")
		})
	}
}
