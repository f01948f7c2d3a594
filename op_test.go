package awsretry_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestWrapOpWithARealClient(t *testing.T) {
	c, requests := ec2Server(t, "InvalidInstanceID.NotFound", "RequestLimitExceeded")
	var events []awsretry.RetryEvent
	describe, err := awsretry.WrapOp(c.DescribeInstances, (&sleeps{}).fast, func(o *awsretry.Options) {
		o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
	})
	require.NoError(t, err)
	out, err := describe(context.Background(), &ec2.DescribeInstancesInput{})
	require.NoError(t, err)
	assert.Equal(t, "r-0abc", aws.ToString(out.Reservations[0].ReservationId))
	assert.EqualValues(t, 3, requests.Load())
	require.Len(t, events, 2)
	assert.Equal(t, "DescribeInstances", events[0].Method)
}

func TestMethodResolvesOnceAndSharesTheProxy(t *testing.T) {
	c, requests := ec2Server(t, "RequestLimitExceeded", "AuthFailure")
	p := awsretry.MustDecorate(c, (&sleeps{}).fast)
	describe, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](p, "DescribeInstances")
	require.NoError(t, err)

	out, err := describe(context.Background(), &ec2.DescribeInstancesInput{})
	assert.Nil(t, out, "on error the result is the zero value")
	assert.Equal(t, "AuthFailure", awsretry.ErrorCode(err))
	assert.EqualValues(t, 2, requests.Load())
	st := p.Stats()
	assert.Equal(t, int64(2), st.Attempts, "counted in the proxy's Stats")
	assert.Equal(t, map[string]int64{"RequestLimitExceeded": 1}, st.ByCode)
}

func TestMethodRejects(t *testing.T) {
	p := awsretry.MustDecorate(newScripted())
	_, err := awsretry.Method[*ec2.DescribeInstancesInput, *OpOutput, func(*OpOptions)](p, "Op")
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	assert.Contains(t, err.Error(), "Op is func(context.Context, *awsretry_test.OpInput, ...func(*awsretry_test.OpOptions)) (*awsretry_test.OpOutput, error)")

	_, err = awsretry.Method[*OpInput, *OpOutput, func(*OpOptions)](p, "Opp")
	require.ErrorIs(t, err, awsretry.ErrUnknownMethod)

	var nilOp func(context.Context, *OpInput, ...func(*OpOptions)) (*OpOutput, error)
	_, err = awsretry.WrapOp(nilOp)
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)

	s := newScripted()
	_, err = awsretry.WrapOp(s.Op, func(o *awsretry.Options) { o.Backoff = -1 })
	require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
}

func TestTypedPathsDoNotAllocateOnSuccess(t *testing.T) {
	s := newScripted()
	op, err := awsretry.WrapOp(s.OpNoAlloc)
	require.NoError(t, err)
	p := awsretry.MustDecorate(s)
	m, err := awsretry.Method[*OpInput, *OpOutput, func(*OpOptions)](p, "OpNoAlloc")
	require.NoError(t, err)
	ctx, in := context.Background(), &OpInput{}
	for name, fn := range map[string]func(context.Context, *OpInput, ...func(*OpOptions)) (*OpOutput, error){"WrapOp": op, "Method": m} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := fn(ctx, in); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, name)
		opts := []func(*OpOptions){func(*OpOptions) {}}
		allocs = testing.AllocsPerRun(100, func() {
			if _, err := fn(ctx, in, opts...); err != nil { // each one checked for nil
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, name+" with an option function")
	}
	assert.False(t, errors.Is(err, awsretry.ErrInvalidArguments))
}
