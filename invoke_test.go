package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/matryer/is"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestInvoke(t *testing.T) {
	is := is.New(t)
	s := newScripted(apiErr("InternalError"))
	p := awsretry.MustDecorate(s, (&sleeps{}).fast)

	out, err := awsretry.Invoke[*OpOutput](p, "Op", context.Background(), &OpInput{})
	is.NoErr(err)
	is.Equal(out.N, 2)

	pair, err := awsretry.Invoke[[]any](p, "Pair", 1, "x")
	is.NoErr(err)
	is.Equal(pair, []any{2, "xx"})

	_, err = awsretry.Invoke[any](p, "OnlyErr", context.Background())
	is.NoErr(err)

	_, err = awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "Op", context.Background(), &OpInput{})
	is.True(errors.Is(err, awsretry.ErrInvalidArguments))
	is.True(strings.Contains(err.Error(), "Op returns *awsretry_test.OpOutput"))
	is.Equal(s.Calls(), 4) // the mismatched Invoke called nothing

	_, err = awsretry.Invoke[*OpOutput](p, "Nope")
	is.True(errors.Is(err, awsretry.ErrUnknownMethod))
}

// TestInvokeResultTypes: T may be the result's type or an interface it
// implements; a method with no result besides error accepts any T and gives
// its zero value; a T the result does not fit calls nothing.
func TestInvokeResultTypes(t *testing.T) {
	s := newScripted()
	p := awsretry.MustDecorate(s)
	ctx := context.Background()

	out, err := awsretry.Invoke[any](p, "Op", ctx, &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, &OpOutput{N: 1}, out)

	n, err := awsretry.Invoke[int](p, "OnlyErr", ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	str, err := awsretry.Invoke[string](p, "Nothing")
	require.NoError(t, err)
	assert.Empty(t, str)

	pair, err := awsretry.Invoke[any](p, "Pair", 2, "y")
	require.NoError(t, err)
	assert.Equal(t, []any{4, "yy"}, pair)
	assert.Equal(t, 4, s.Calls())

	_, err = awsretry.Invoke[[]int](p, "Pair", 2, "y")
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	assert.Contains(t, err.Error(), "Invoke[[]int]: Pair returns []interface {}")
	_, err = awsretry.Invoke[OpOutput](p, "NoErr", &OpInput{})
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	assert.Equal(t, 4, s.Calls(), "a T that does not fit calls nothing")
}
