package awsjson_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

type (
	tagInput struct {
		Resources []string
		Tags      []tagPair
		Limit     *int32
	}
	tagPair   struct{ Key, Value *string }
	tagOutput struct {
		Tagged int32
		Names  []string
	}
	tagOptions struct{}
)

// tagClient is a fake client shaped like an SDK one: it fails with
// throttles first, then echoes what it got.
type tagClient struct {
	throttles int32
	calls     atomic.Int32
	last      atomic.Pointer[tagInput]
}

func (c *tagClient) CreateTags(_ context.Context, in *tagInput, _ ...func(*tagOptions)) (*tagOutput, error) {
	if c.calls.Add(1) <= c.throttles {
		return nil, &smithy.GenericAPIError{Code: "RequestLimitExceeded", Message: "slow down"}
	}
	c.last.Store(in)
	out := &tagOutput{Tagged: int32(len(in.Resources))}
	for _, t := range in.Tags {
		out.Names = append(out.Names, aws.ToString(t.Key))
	}
	return out, nil
}

func TestCall(t *testing.T) {
	noSleep := func(o *awsretry.Options) {
		o.Sleep = func(context.Context, time.Duration) error { return nil }
	}
	tests := []struct {
		name      string
		op        string
		input     string
		ctx       context.Context
		throttles int32
		want      string
		wantErr   error
		wantCalls int32
	}{
		{"boto3 name, retried through the proxy", "create_tags", `{"Resources":["i-1","i-2"],"Tags":[{"Key":"k","Value":"v"}]}`, t.Context(), 2,
			`{"Tagged":2,"Names":["k"]}`, nil, 3},
		{"CLI name", "create-tags", `{"Resources":["i-1"]}`, t.Context(), 0, `{"Tagged":1}`, nil, 1},
		{"empty input is {}", "CreateTags", " \n", t.Context(), 0, `{"Tagged":0}`, nil, 1},
		{"bad input: nothing called", "CreateTags", `{"Resource":["i-1"]}`, t.Context(), 0, "", awsretry.ErrInvalidArguments, 0},
		{"overflow: nothing called", "CreateTags", `{"Limit":4294967296}`, t.Context(), 0, "", awsretry.ErrInvalidArguments, 0},
		{"unknown op: nothing called", "delete_tags", `{}`, t.Context(), 0, "", awsretry.ErrUnknownMethod, 0},
		{"nil context: nothing called", "CreateTags", `{}`, nil, 0, "", awsretry.ErrInvalidArguments, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &tagClient{throttles: tt.throttles}
			p := awsretry.MustDecorate(c, noSleep)
			out, err := awsjson.Call(tt.ctx, p, tt.op, []byte(tt.input))
			require.Equal(t, tt.wantCalls, c.calls.Load())
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Nil(t, out)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, string(out))
			require.EqualValues(t, tt.throttles, p.Stats().Retries, "retries counted in Stats")
		})
	}
}

func TestCallErrors(t *testing.T) {
	_, err := awsjson.Call(t.Context(), nil, "CreateTags", nil)
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)

	c := &tagClient{throttles: 100}
	p := awsretry.MustDecorate(c, func(o *awsretry.Options) {
		o.Tries = 2
		o.Sleep = func(context.Context, time.Duration) error { return nil }
	})
	_, err = awsjson.Call(t.Context(), p, "CreateTags", []byte(`{}`))
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re, "the loop's error comes back as it is")
	require.Equal(t, 2, re.Attempts)

	_, err = awsjson.Call(t.Context(), p, "CreateTags", []byte(`{}`), nil)
	require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
	require.Equal(t, int32(2), c.calls.Load(), "a bad option calls nothing")
	require.False(t, errors.Is(err, awsretry.ErrInvalidArguments))
}
