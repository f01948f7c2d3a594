package awsretry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

func TestNewRetryerInsideARealClient(t *testing.T) {
	for _, newRetries := range []string{"", "true"} { // the SDK numbers attempts differently under AWS_NEW_RETRIES_2026
		t.Run("AWS_NEW_RETRIES_2026="+newRetries, func(t *testing.T) {
			t.Setenv("AWS_NEW_RETRIES_2026", newRetries)
			url, requests := ec2Endpoint(t, "RequestLimitExceeded", "InvalidInstanceID.NotFound", "InternalError")
			var events []awsretry.RetryEvent
			r, err := awsretry.NewRetryer(func(o *awsretry.Options) {
				o.Delay, o.Backoff = time.Millisecond, 2
				o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
			})
			require.NoError(t, err)
			c := awstest.EC2(t, url, func(o *ec2.Options) { o.Retryer = r })

			out, err := c.DescribeInstances(context.Background(), &ec2.DescribeInstancesInput{})
			require.NoError(t, err)
			assert.Len(t, out.Reservations, 1)
			assert.EqualValues(t, 4, requests.Load())
			require.Len(t, events, 3)
			var delays []time.Duration
			var codes []string
			for i, ev := range events {
				assert.Equal(t, i+1, ev.Attempt)
				assert.Equal(t, "DescribeInstances", ev.Method, "the SDK's operation, carried from GetRetryToken")
				delays = append(delays, ev.Delay)
				codes = append(codes, ev.Code)
			}
			assert.Equal(t, []time.Duration{time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond}, delays)
			assert.Equal(t, []string{"RequestLimitExceeded", "InvalidInstanceID.NotFound", "InternalError"}, codes)
		})
	}
}

func TestNewRetryerStopsWhereTheProxyWould(t *testing.T) {
	tests := []struct {
		name         string
		codes        []string
		opts         func(*awsretry.Options)
		wantRequests int32
		wantErr      error
	}{
		{"tries run out", repeat("RequestLimitExceeded", 10), func(o *awsretry.Options) { o.Tries = 3 }, 3, nil},
		{"not retried", []string{"AuthFailure"}, func(o *awsretry.Options) {}, 1, nil},
		{"excluded", repeat("InvalidGroup.NotFound", 10), func(o *awsretry.Options) { o.ExcludedExceptions = []string{"InvalidGroup.NotFound"} }, 1, nil},
		{"budget", repeat("RequestLimitExceeded", 10), func(o *awsretry.Options) { o.Budget = awsretry.NewBudget(10) }, 3, awsretry.ErrBudgetExhausted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, requests := ec2Endpoint(t, tt.codes...)
			r, err := awsretry.NewRetryer(func(o *awsretry.Options) { o.Delay = time.Millisecond }, tt.opts)
			require.NoError(t, err)
			_, err = awstest.EC2(t, url, func(o *ec2.Options) { o.Retryer = r }).DescribeInstances(context.Background(), &ec2.DescribeInstancesInput{})
			require.Error(t, err)
			assert.Equal(t, tt.codes[0], awsretry.ErrorCode(err))
			assert.Equal(t, tt.wantRequests, requests.Load())
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
			}
			var re *awsretry.RetryError
			if assert.Equal(t, tt.name == "tries run out", errors.As(err, &re), "a *RetryError when the tries run out") && re != nil {
				assert.Equal(t, awsretry.RetryError{Method: "DescribeInstances", Attempts: 3, Err: re.Err}, *re)
				assert.Equal(t, "RequestLimitExceeded", awsretry.ErrorCode(re.Err))
			}
		})
	}
}

func TestNewRetryerRejectsBadOptions(t *testing.T) {
	r, err := awsretry.NewRetryer(func(o *awsretry.Options) { o.Tries = 0 })
	assert.Nil(t, r)
	assert.ErrorIs(t, err, awsretry.ErrInvalidOptions)
}

// TestNewRetryerCarriesTheOperation: RetryDelay reports the retry with the
// operation of the GetRetryToken that came just before it with the same
// error, once; an error that GetRetryToken never saw has no operation.
func TestNewRetryerCarriesTheOperation(t *testing.T) {
	var events []awsretry.RetryEvent
	r, err := awsretry.NewRetryer(func(o *awsretry.Options) {
		o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
	})
	require.NoError(t, err)
	tokenErr := apiErr("RequestLimitExceeded")
	_, err = r.GetRetryToken(awsmiddleware.SetOperationName(context.Background(), "RunInstances"), tokenErr)
	require.NoError(t, err)

	for _, err := range []error{apiErr("RequestLimitExceeded"), tokenErr, tokenErr} {
		_, err = r.RetryDelay(1, err)
		require.NoError(t, err)
	}

	require.Len(t, events, 3)
	assert.Equal(t, []string{"", "RunInstances", ""}, []string{events[0].Method, events[1].Method, events[2].Method})
}

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
