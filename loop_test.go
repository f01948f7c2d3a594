package awsretry_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestRetriesUntilSuccessWithTheSchedule(t *testing.T) {
	var sl sleeps
	s := newScripted(apiErr("RequestLimitExceeded"), apiErr("InvalidInstanceID.NotFound"), apiErr("InternalError"))
	p, err := awsretry.Decorate(s, sl.fast)
	require.NoError(t, err)

	out, err := p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, &OpOutput{N: 4}, out)
	assert.Equal(t, []time.Duration{3 * time.Second, 3300 * time.Millisecond, 3630 * time.Millisecond}, sl.got())
}

func TestTriesRunOut(t *testing.T) {
	for _, tries := range []int{1, 2, 10} {
		var sl sleeps
		s := newScripted(repeat(apiErr("ServiceUnavailable"), 20)...)
		p, err := awsretry.Decorate(s, sl.fast, func(o *awsretry.Options) { o.Tries = tries })
		require.NoError(t, err)

		out, err := p.Call("Op", context.Background(), &OpInput{})
		assert.Nil(t, out)
		var re *awsretry.RetryError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, tries, re.Attempts)
		assert.Equal(t, "Op", re.Method)
		assert.Nil(t, re.Cause)
		var ae smithy.APIError
		require.ErrorAs(t, err, &ae, "the API error is still found through the RetryError")
		assert.Equal(t, "ServiceUnavailable", ae.ErrorCode())
		assert.Equal(t, tries, s.Calls())
		assert.Len(t, sl.got(), tries-1)
		assert.Contains(t, err.Error(), "gave up after")
	}
}

func TestNonRetryableAfterRetriesComesBackUnchanged(t *testing.T) {
	final := apiErr("AuthFailure")
	s := newScripted(apiErr("InternalError"), final)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast)
	_, err := p.Call("Op", context.Background(), &OpInput{})
	assert.Same(t, final, err)
	assert.Equal(t, 2, s.Calls())
}

func TestCancelDuringSleep(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := newScripted(repeat(apiErr("InternalError"), 5)...)
	slept := 0
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			slept++
			if slept == 2 {
				cancel()
			}
			return ctx.Err()
		}
	})
	_, err := p.Call("Op", ctx, &OpInput{})
	require.ErrorIs(t, err, context.Canceled)
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "InternalError", ae.ErrorCode())
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Attempts)
	assert.Equal(t, 2, s.Calls(), "no attempt after the cancellation")
}

func TestRealSleepReturnsAtOnceOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := newScripted(repeat(apiErr("InternalError"), 5)...)
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Delay = time.Hour
		o.OnRetry = func(awsretry.RetryEvent) { cancel() } // just before the hour-long sleep
	})
	done := make(chan error, 1)
	go func() { _, err := p.Call("Op", ctx, &OpInput{}); done <- err }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second): // a bound on a hang, not a timing assertion
		t.Fatal("Call did not return after its context was cancelled")
	}
}

func TestContextDoneBeforeFirstAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := newScripted()
	p := awsretry.MustDecorate(s)
	out, err := p.Call("Op", ctx, &OpInput{})
	assert.Nil(t, out)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, s.Calls(), "no attempt with a done context")
}

func TestSleepPastDeadlineIsNotStarted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	var sl sleeps
	s := newScripted(repeat(apiErr("InternalError"), 5)...)
	p := awsretry.MustDecorate(s, sl.fast, func(o *awsretry.Options) { o.Delay, o.Backoff = 40*time.Minute, 2 })
	_, err := p.Call("Op", ctx, &OpInput{})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, []time.Duration{40 * time.Minute}, sl.got(), "the 80-minute sleep is not started")
	assert.Equal(t, 2, s.Calls())
	assert.Contains(t, err.Error(), "stopped after 2 attempts: the next sleep (1h20m0s) would end after the context's deadline (",
		"says the deadline has not passed, and which wait would pass it")
	assert.NotContains(t, err.Error(), "context deadline exceeded", "the deadline had not passed")
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	require.ErrorIs(t, re.Cause, context.DeadlineExceeded)
}

func TestMessagesUseTheSingular(t *testing.T) {
	s := newScripted(apiErr("InternalError"))
	_, err := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Tries = 1 }).Call("Op", context.Background(), &OpInput{})
	assert.Contains(t, err.Error(), "gave up after 1 attempt: ")
	_, err = awsretry.MustDecorate(s).Call("Op", context.Background())
	assert.Contains(t, err.Error(), "Op: 1 argument, want at least 2")
}

func TestWithoutContextSleepsRunToTheEnd(t *testing.T) {
	var got []context.Context
	s := newScripted(apiErr("InternalError"))
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error { got = append(got, ctx); return nil }
	})
	out, err := p.Call("Pair", 1, "x")
	require.NoError(t, err)
	assert.Equal(t, []any{2, "xx"}, out)
	require.Len(t, got, 1)
	assert.Nil(t, got[0].Done(), "the sleep gets a context that is never done")
}

func TestOnRetryAndLoggerNeverSeeArguments(t *testing.T) {
	var buf bytes.Buffer
	var events []awsretry.RetryEvent
	s := newScripted(apiErr("RequestLimitExceeded"), errPlain)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&buf, nil))
		o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
		o.Retryable = func(err error) bool { return errors.Is(err, errPlain) }
	})
	const secret = "AKIASECRETVALUE0000"
	_, err := p.Call("Op", context.Background(), &OpInput{Secret: secret})
	require.NoError(t, err)

	require.Len(t, events, 2)
	assert.Equal(t, awsretry.RetryEvent{Method: "Op", Attempt: 1, Code: "RequestLimitExceeded", Err: s.errs[0], Delay: 3 * time.Second}, events[0])
	assert.Equal(t, awsretry.RetryEvent{Method: "Op", Attempt: 2, Code: "", Err: errPlain, Delay: 3300 * time.Millisecond}, events[1])

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 2, "one record per retry")
	for _, want := range []string{"level=INFO", "method=Op", "attempt=1", "code=RequestLimitExceeded", "http_status=400", "delay=3s"} {
		assert.Contains(t, lines[0], want)
	}
	assert.NotContains(t, buf.String(), secret)
	assert.NotContains(t, buf.String(), "error=", "no error text by default: the server's message can quote the input")
	assert.NotContains(t, buf.String(), "message of RequestLimitExceeded")
}

// TestLoggerRecords: what a record holds, with and without LogErrorText.
func TestLoggerRecords(t *testing.T) {
	tests := []struct {
		name     string
		withText bool
		err      error
		want     []string
		wantNot  []string
	}{
		{"API error", false, apiErr("InvalidInstanceID.NotFound"),
			[]string{"code=InvalidInstanceID.NotFound", "http_status=400", "attempt=1"}, []string{"error=", "message of"}},
		{"API error with text", true, apiErr("InvalidInstanceID.NotFound"),
			[]string{"code=InvalidInstanceID.NotFound", `error="operation error EC2: Op`, "message of InvalidInstanceID.NotFound"}, nil},
		{"no code, no response", false, errPlain,
			[]string{`code=""`, "attempt=1"}, []string{"http_status", "request_id", "plain error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := awsretry.MustDecorate(newScripted(tt.err), (&sleeps{}).fast, func(o *awsretry.Options) {
				o.Logger = slog.New(slog.NewTextHandler(&buf, nil))
				o.LogErrorText = tt.withText
				o.Retryable = func(error) bool { return true }
			})
			_, err := p.Call("Op", context.Background(), &OpInput{})
			require.NoError(t, err)
			for _, want := range tt.want {
				assert.Contains(t, buf.String(), want)
			}
			for _, not := range tt.wantNot {
				assert.NotContains(t, buf.String(), not)
			}
		})
	}
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
