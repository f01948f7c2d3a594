package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/matryer/is"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestMustWrap(t *testing.T) {
	is := is.New(t)
	s := newScripted(apiErr("InternalError"))
	op := awsretry.MustWrap(s.Op, (&sleeps{}).fast)
	out, err := op(context.Background(), &OpInput{})
	is.NoErr(err)
	is.Equal(out.N, 2) // retried once

	defer func() {
		err, ok := recover().(error)
		is.True(ok)
		is.True(errors.Is(err, awsretry.ErrInvalidOptions))
	}()
	awsretry.MustWrap(s.Op, func(o *awsretry.Options) { o.Delay = 3 })
}

func TestWrap(t *testing.T) {
	is := is.New(t)
	var sl sleeps
	s := newScripted(apiErr("InvalidInstanceID.NotFound"), apiErr("InternalError"))
	var events []awsretry.RetryEvent
	op, err := awsretry.Wrap(s.Op, sl.fast, func(o *awsretry.Options) {
		o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
	})
	is.NoErr(err)
	out, err := op(context.Background(), &OpInput{}, func(o *OpOptions) { o.Region = "r" })
	is.NoErr(err)
	is.Equal(out.N, 3)
	is.Equal(len(events), 2)
	is.Equal(events[0].Method, "Op") // the method value's name
	is.Equal(s.regions, []string{"r", "r", "r"})

	plain := func(n int) (int, error) { return 0, apiErr("AuthFailure") }
	wp, err := awsretry.Wrap(plain)
	is.NoErr(err)
	n, err := wp(1)
	is.Equal(n, 0)
	is.Equal(awsretry.ErrorCode(err), "AuthFailure")
}

func TestWrapGivesUpWithZeroResults(t *testing.T) {
	is := is.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	fn := func(ctx context.Context, s string) (string, int, error) {
		calls++
		return "partial", 7, apiErr("RequestLimitExceeded")
	}
	w, err := awsretry.Wrap(fn, func(o *awsretry.Options) {
		o.Sleep = func(c context.Context, d time.Duration) error { cancel(); return c.Err() }
	})
	is.NoErr(err)
	s, n, err := w(ctx, "x")
	is.Equal(s, "")
	is.Equal(n, 0)
	is.True(errors.Is(err, context.Canceled)) // the wrapped function's context governs the sleep
	is.Equal(calls, 1)
}

func TestWrapRejects(t *testing.T) {
	var nilFn func() error
	tests := []struct {
		name string
		wrap func() error
		want error
	}{
		{"not a func", func() error { _, err := awsretry.Wrap(42); return err }, awsretry.ErrInvalidArguments},
		{"nil func", func() error { _, err := awsretry.Wrap(nilFn); return err }, awsretry.ErrInvalidArguments},
		{"nil any", func() error { _, err := awsretry.Wrap[any](nil); return err }, awsretry.ErrInvalidArguments},
		{"no error result", func() error { _, err := awsretry.Wrap(strings.ToUpper); return err }, awsretry.ErrInvalidArguments},
		{"bad options", func() error {
			_, err := awsretry.Wrap(func() error { return nil }, func(o *awsretry.Options) { o.Tries = -1 })
			return err
		}, awsretry.ErrInvalidOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is.New(t).True(errors.Is(tt.wrap(), tt.want))
		})
	}
}

func TestWrapRejectsANilContext(t *testing.T) {
	is := is.New(t)
	calls := 0
	fn := func(ctx context.Context) error { calls++; return nil }
	w, err := awsretry.Wrap(fn, (&sleeps{}).fast)
	is.NoErr(err)
	err = w(nil) //nolint:staticcheck // a nil context on purpose
	is.True(errors.Is(err, awsretry.ErrInvalidArguments))
	is.True(strings.Contains(err.Error(), "argument 1 is a nil context.Context"))
	is.Equal(calls, 0) // nothing called
}

// wrapTarget is a package-level function for TestWrapNamesTheFunction.
func wrapTarget(ctx context.Context) error { return apiErr("InternalError") }

// TestWrapNamesTheFunction: events and errors name a method value or a
// method expression by the method, and a function or a closure by its
// package and name, as Go does.
func TestWrapNamesTheFunction(t *testing.T) {
	closure := func(ctx context.Context) error { return apiErr("InternalError") }
	s := newScripted(repeat(apiErr("InternalError"), 10)...)
	ctx := context.Background()
	type wrapFunc = func(t *testing.T, opt func(*awsretry.Options)) error
	tests := []struct {
		name string
		wrap wrapFunc
		want string
	}{
		{"method value", func(t *testing.T, opt func(*awsretry.Options)) error {
			w, err := awsretry.Wrap(s.OnlyErr, opt)
			require.NoError(t, err)
			return w(ctx)
		}, "OnlyErr"},
		{"method expression", func(t *testing.T, opt func(*awsretry.Options)) error {
			w, err := awsretry.Wrap((*scripted).OnlyErr, opt)
			require.NoError(t, err)
			return w(s, ctx)
		}, "OnlyErr"},
		{"function", func(t *testing.T, opt func(*awsretry.Options)) error {
			w, err := awsretry.Wrap(wrapTarget, opt)
			require.NoError(t, err)
			return w(ctx)
		}, "awsretry_test.wrapTarget"},
		{"closure", func(t *testing.T, opt func(*awsretry.Options)) error {
			w, err := awsretry.Wrap(closure, opt)
			require.NoError(t, err)
			return w(ctx)
		}, "awsretry_test.TestWrapNamesTheFunction.func1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var methods []string
			err := tt.wrap(t, func(o *awsretry.Options) {
				o.Tries, o.Sleep = 2, (&sleeps{}).sleep
				o.OnRetry = func(ev awsretry.RetryEvent) { methods = append(methods, ev.Method) }
			})
			var re *awsretry.RetryError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.want, re.Method)
			assert.Equal(t, []string{tt.want}, methods)
		})
	}
}
