package awsretry_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

func TestThrottleCodes(t *testing.T) {
	codes := awsretry.ThrottleCodes()
	for _, c := range []string{"Throttling", "ThrottlingException", "RequestLimitExceeded", "SlowDown", "ProvisionedThroughputExceededException"} {
		assert.Contains(t, codes, c)
	}
	assert.IsIncreasing(t, codes)
	codes[0] = "changed"
	assert.NotEqual(t, "changed", awsretry.ThrottleCodes()[0], "a new slice each time")

	s := newScripted(apiErr("ThrottlingException"), apiErr("SlowDown"))
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) { o.AddedExceptions = awsretry.ThrottleCodes() })
	_, err := p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, 3, s.Calls())
}

// TestIsTransientWithARealClient gets each failure from a real EC2 client
// through the fault-injecting proxy, and checks IsTransient's verdict.
func TestIsTransientWithARealClient(t *testing.T) {
	upstream, _ := ec2Endpoint(t)
	tests := []struct {
		fault awstest.Fault
		want  bool
	}{
		{awstest.Reset, true},
		{awstest.Hang, true},
		{awstest.Bare500, true},
		{awstest.Bare503, true},
		{awstest.Internal, true},
		{awstest.Throttle, true}, // a 503
		{awstest.Pass, false},    // no error at all
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			fp := awstest.NewFaultProxy(t, awstest.EC2Query, upstream, awstest.Always(tt.fault))
			c := awstest.EC2(t, fp.URL, func(o *ec2.Options) {
				o.RetryMaxAttempts = 1
				o.HTTPClient = awstest.HTTPClient(t, 200*time.Millisecond) // for Hang
			})
			_, err := c.DescribeInstances(context.Background(), &ec2.DescribeInstancesInput{})
			assert.Equal(t, tt.want, awsretry.IsTransient(err), "%v", err)
		})
	}
	t.Run("refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		url := "http://" + l.Addr().String()
		require.NoError(t, l.Close()) // nothing listens there now
		c := awstest.EC2(t, url, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })
		_, err = c.DescribeInstances(context.Background(), &ec2.DescribeInstancesInput{})
		assert.True(t, awsretry.IsTransient(err), "%v", err)
	})
}

func TestIsTransientRejects(t *testing.T) {
	for _, err := range []error{nil, errPlain, apiErr("AuthFailure"), context.Canceled, fmt.Errorf("x: %w", context.Canceled)} {
		assert.False(t, awsretry.IsTransient(err), "%v", err)
	}
	assert.True(t, awsretry.IsTransient(fmt.Errorf("x: %w", context.DeadlineExceeded)), "a timeout below the call")
}

func TestIsTransientAsRetryableThroughTheProxy(t *testing.T) {
	upstream, _ := ec2Endpoint(t)
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, upstream, awstest.Sequence(awstest.Reset, awstest.Bare503))
	c := awstest.EC2(t, fp.URL, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })
	p := awsretry.MustDecorate(c, (&sleeps{}).fast, func(o *awsretry.Options) { o.Retryable = awsretry.IsTransient })
	_, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
	require.NoError(t, err)
	assert.Equal(t, 3, fp.Seen())
}

// TestRetryThrottles: the preset adds every throttle code to what the
// options already had, through any entry point, and keeps the defaults.
func TestRetryThrottles(t *testing.T) {
	for _, code := range []string{"ProvisionedThroughputExceededException", "RequestLimitExceeded", "ThrottlingException", "SlowDown"} {
		t.Run(code, func(t *testing.T) {
			s := newScripted(apiErr(code), apiErr("ConcurrentTagAccess"))
			p, err := awsretry.Decorate(s, (&sleeps{}).fast, func(o *awsretry.Options) {
				o.AddedExceptions = []string{"ConcurrentTagAccess"}
			}, awsretry.RetryThrottles)
			require.NoError(t, err)
			_, err = p.Call("Op", context.Background(), &OpInput{})
			require.NoError(t, err)
			assert.Equal(t, 3, s.Calls())
			assert.Equal(t, "ConcurrentTagAccess", p.Options().AddedExceptions[0], "the options' own codes stay")
		})
	}
	o := awsretry.DefaultOptions()
	awsretry.RetryThrottles(&o)
	assert.Equal(t, awsretry.ThrottleCodes(), o.AddedExceptions)
	assert.Equal(t, awsretry.DefaultTries, o.Tries, "nothing else changes")
}
