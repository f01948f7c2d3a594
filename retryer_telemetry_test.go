package awsretry_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestNewRetryerMetrics: inside a real ec2.Client, the retryer reports each
// retry by operation and code, each sleep it asks for, and a call that its
// Budget stopped.
func TestNewRetryerMetrics(t *testing.T) {
	tests := []struct {
		name        string
		codes       []string
		budget      int
		wantRetries float64
		wantGaveUp  map[string]float64
	}{
		{"retried twice", []string{"RequestLimitExceeded", "RequestLimitExceeded"}, 0, 2, map[string]float64{}},
		{"budget stops the second retry", repeat("RequestLimitExceeded", 5), awsretry.BudgetRetryCost, 1,
			map[string]float64{"awsretry.give_up_reason=budget rpc.method=DescribeInstances": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp := new(recMetrics)
			url, _ := ec2Endpoint(t, tt.codes...)
			r, err := awsretry.NewRetryer(func(o *awsretry.Options) {
				o.Delay = 0 // the SDK sleeps itself
				o.MeterProvider = mp
				if tt.budget > 0 {
					o.Budget = awsretry.NewBudget(tt.budget)
				}
			})
			require.NoError(t, err)
			c := awstest.EC2(t, url, func(o *ec2.Options) { o.Retryer = r })
			_, _ = c.DescribeInstances(context.Background(), describeIn())

			assert.Equal(t, map[string]float64{"awsretry.code=RequestLimitExceeded rpc.method=DescribeInstances": tt.wantRetries}, mp.sums("awsretry.retries"))
			assert.Equal(t, int(tt.wantRetries), mp.count("awsretry.sleep.duration"))
			assert.Equal(t, tt.wantGaveUp, mp.sums("awsretry.gave_up"))
		})
	}
}

// TestNewRetryerMetricsSleep: the sleep histogram gets the delays the
// retryer returns, in seconds.
func TestNewRetryerMetricsSleep(t *testing.T) {
	mp := new(recMetrics)
	r, err := awsretry.NewRetryer(func(o *awsretry.Options) { o.MeterProvider = mp })
	require.NoError(t, err)
	d, err := r.RetryDelay(1, apiErr("RequestLimitExceeded"))
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, d)
	assert.Equal(t, map[string]float64{"": 3}, mp.sums("awsretry.sleep.duration"))
}
