package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"

	"github.com/awsretry/awsretry"
)

func TestMessagesUseTheSingular(t *testing.T) {
	s := newScripted(apiErr("InternalError"))
	_, err := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Tries = 1 }).Call("Op", context.Background(), &OpInput{})
	assert.Contains(t, err.Error(), "gave up after 1 attempt: ")
	_, err = awsretry.MustDecorate(s).Call("Op", context.Background())
	assert.Contains(t, err.Error(), "Op: 1 argument, want at least 2")
}

func TestRetryErrorMessages(t *testing.T) {
	last := apiErr("InternalError")
	tests := []struct {
		err  *awsretry.RetryError
		want string
	}{
		{&awsretry.RetryError{Method: "Op", Attempts: 3, Err: last}, "awsretry: Op: gave up after 3 attempts: "},
		{&awsretry.RetryError{Method: "Op", Attempts: 2, Err: last, Cause: context.Canceled}, "awsretry: Op: stopped after 2 attempts: context canceled; last error: "},
		{&awsretry.RetryError{Method: "Op", Cause: context.Canceled}, "awsretry: Op: not called: context canceled"},
	}
	for _, tt := range tests {
		assert.True(t, strings.HasPrefix(tt.err.Error(), tt.want), tt.err.Error())
	}
}

// TestRetryErrorUnwrap: errors.Is and errors.As see the last error and the
// cause, whichever of them is set, and nothing else.
func TestRetryErrorUnwrap(t *testing.T) {
	last := apiErr("InternalError")
	tests := []struct {
		name string
		err  *awsretry.RetryError
		want []error
	}{
		{"tries ran out", &awsretry.RetryError{Method: "Op", Attempts: 3, Err: last}, []error{last}},
		{"stopped early", &awsretry.RetryError{Method: "Op", Attempts: 2, Err: last, Cause: context.Canceled}, []error{last, context.Canceled}},
		{"not called", &awsretry.RetryError{Method: "Op", Cause: context.DeadlineExceeded}, []error{context.DeadlineExceeded}},
		{"neither", &awsretry.RetryError{Method: "Op"}, []error{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Unwrap())
			for _, e := range tt.want {
				assert.ErrorIs(t, tt.err, e)
			}
			assert.NotErrorIs(t, tt.err, errPlain)
			var ae smithy.APIError
			assert.Equal(t, tt.err.Err != nil, errors.As(tt.err, &ae))
		})
	}
}
