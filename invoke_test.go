package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/matryer/is"

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
