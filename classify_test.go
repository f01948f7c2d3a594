package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestNotFoundPatternEdgeCases(t *testing.T) {
	re := regexp.MustCompile(awsretry.NotFoundPattern)
	tests := []struct {
		code string
		want bool
	}{
		{"InvalidInstanceID.NotFound", true},
		{"InvalidGroup.NotFound", true},
		{"ResourceNotFoundException", true},
		{"XYNotFound", true},
		{"a-NotFound", true},
		{"XNotFound", false},
		{"NotFoundException", false},
		{"NotFound", false},
		{".NotFound", false},
		{"Invalid.notfound", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.want, re.MatchString(tt.code), "the pattern itself")
			s := newScripted(apiErr(tt.code))
			p, err := awsretry.Decorate(s, (&sleeps{}).fast)
			require.NoError(t, err)
			_, err = p.Call("Op", context.Background(), &OpInput{})
			require.Equal(t, tt.code == "" || !tt.want, err != nil, "the proxy agrees with the pattern")
			wantCalls := 1
			if tt.want {
				wantCalls = 2
			}
			assert.Equal(t, wantCalls, s.Calls())
		})
	}
}

func TestClassifierRules(t *testing.T) {
	always := func(error) bool { return true }
	tests := []struct {
		name  string
		err   error
		opts  func(*awsretry.Options)
		retry bool
	}{
		{"RequestLimitExceeded", apiErr("RequestLimitExceeded"), nil, true},
		{"Unavailable", apiErr("Unavailable"), nil, true},
		{"ServiceUnavailable", apiErr("ServiceUnavailable"), nil, true},
		{"InternalFailure", apiErr("InternalFailure"), nil, true},
		{"InternalError", apiErr("InternalError"), nil, true},
		{"NotFound pattern", apiErr("InvalidVolume.NotFound"), nil, true},
		{"other code", apiErr("AuthFailure"), nil, false},
		{"throttling is not a default", apiErr("ThrottlingException"), nil, false},
		{"codes are case-sensitive", apiErr("requestlimitexceeded"), nil, false},
		{"added code", apiErr("ConcurrentTagAccess"), func(o *awsretry.Options) { o.AddedExceptions = []string{"ConcurrentTagAccess"} }, true},
		{"added is exact", apiErr("ConcurrentTagAccessX"), func(o *awsretry.Options) { o.AddedExceptions = []string{"ConcurrentTagAccess"} }, false},
		{"excluded beats default", apiErr("InternalError"), func(o *awsretry.Options) { o.ExcludedExceptions = []string{"InternalError"} }, false},
		{"excluded beats added", apiErr("X"), func(o *awsretry.Options) { o.AddedExceptions, o.ExcludedExceptions = []string{"X"}, []string{"X"} }, false},
		{"excluded beats NotFound", apiErr("InvalidVpcID.NotFound"), func(o *awsretry.Options) { o.ExcludedExceptions = []string{"InvalidVpcID.NotFound"} }, false},
		{"excluded beats Retryable", apiErr("AuthFailure"), func(o *awsretry.Options) { o.ExcludedExceptions, o.Retryable = []string{"AuthFailure"}, always }, false},
		{"Retryable on a code", apiErr("AuthFailure"), func(o *awsretry.Options) { o.Retryable = always }, true},
		{"Retryable without a code", errPlain, func(o *awsretry.Options) { o.Retryable = always }, true},
		{"plain error", errPlain, nil, false},
		{"canceled never", context.Canceled, func(o *awsretry.Options) { o.Retryable = always }, false},
		{"a deadline below the call's context is up to Retryable", fmt.Errorf("op: %w", context.DeadlineExceeded), func(o *awsretry.Options) { o.Retryable = always }, true},
		{"a deadline below the call's context is not retried by default", fmt.Errorf("op: %w", context.DeadlineExceeded), nil, false},
		{"canceled beats a retryable code", errors.Join(apiErr("InternalError"), context.Canceled), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScripted(tt.err)
			opts := []func(*awsretry.Options){(&sleeps{}).fast}
			if tt.opts != nil {
				opts = append(opts, tt.opts)
			}
			p, err := awsretry.Decorate(s, opts...)
			require.NoError(t, err)
			out, err := p.Call("Op", context.Background(), &OpInput{})
			if tt.retry {
				require.NoError(t, err)
				assert.Equal(t, &OpOutput{N: 2}, out)
				assert.Equal(t, 2, s.Calls())
				return
			}
			assert.Same(t, tt.err, err, "a non-retryable error comes back unchanged")
			assert.Nil(t, out)
			assert.Equal(t, 1, s.Calls())
		})
	}
}

func TestTheCallsOwnDeadlineEndsTheLoop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	calls := 0
	expires := func(ctx context.Context) error { // the call's deadline passes during the attempt
		calls++
		cancel()
		return fmt.Errorf("op: %w", ctx.Err())
	}
	fn, err := awsretry.Wrap(expires, func(o *awsretry.Options) { o.Retryable = func(error) bool { return true } })
	require.NoError(t, err)
	err = fn(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, calls, "no retry once the call's own context is done, whatever Retryable says")
}

func TestErrorCode(t *testing.T) {
	assert.Equal(t, "InvalidInstanceID.NotFound", awsretry.ErrorCode(apiErr("InvalidInstanceID.NotFound")))
	assert.Equal(t, "X", awsretry.ErrorCode(fmt.Errorf("outer: %w", &smithy.GenericAPIError{Code: "X"})))
	assert.Equal(t, "", awsretry.ErrorCode(errPlain))
	assert.Equal(t, "", awsretry.ErrorCode(nil))
}

func TestDefaultExceptionsIsACopy(t *testing.T) {
	codes := awsretry.DefaultExceptions()
	assert.Equal(t, []string{"RequestLimitExceeded", "Unavailable", "ServiceUnavailable", "InternalFailure", "InternalError"}, codes)
	codes[0] = "Changed"
	assert.Equal(t, "RequestLimitExceeded", awsretry.DefaultExceptions()[0])
}
