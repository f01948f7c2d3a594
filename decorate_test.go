package awsretry_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

type noMethods struct{}

// ptrOnly has a value method and a pointer method.
type ptrOnly struct{}

func (ptrOnly) V()        {}
func (*ptrOnly) P() error { return nil }

func TestDecorateRejectsBadClients(t *testing.T) {
	var nilPtr *scripted
	var nilMap map[string]int
	tests := []struct {
		name   string
		client any
		want   string
	}{
		{"nil", nil, "client is nil"},
		{"typed nil", nilPtr, "client is a nil *awsretry_test.scripted"},
		{"nil map", nilMap, "client is a nil map[string]int"},
		{"no methods", noMethods{}, "awsretry_test.noMethods has no exported methods"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			p, err := awsretry.Decorate(tt.client)
			is.True(p == nil)
			is.True(errors.Is(err, awsretry.ErrInvalidClient))
			is.True(strings.Contains(err.Error(), tt.want)) // names what was wrong
		})
	}
}

func TestDecorateRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*awsretry.Options)
		want string
	}{
		{"zero tries", func(o *awsretry.Options) { o.Tries = 0 }, "Tries is 0"},
		{"negative delay", func(o *awsretry.Options) { o.Delay = -time.Second }, "Delay is -1s"},
		{"zero backoff", func(o *awsretry.Options) { o.Backoff = 0 }, "Backoff is 0"},
		{"negative backoff", func(o *awsretry.Options) { o.Backoff = -2 }, "Backoff is -2"},
		{"NaN backoff", func(o *awsretry.Options) { o.Backoff = math.NaN() }, "Backoff is NaN"},
		{"infinite backoff", func(o *awsretry.Options) { o.Backoff = math.Inf(1) }, "Backoff is +Inf"},
		{"negative cap", func(o *awsretry.Options) { o.MaxDelay = -1 }, "MaxDelay is -1ns"},
		{"delay in Python's seconds", func(o *awsretry.Options) { o.Delay = 2 }, "Delay is 2ns; awsretry's delay is in seconds: did you mean 2 * time.Second?"},
		{"cap in Python's seconds", func(o *awsretry.Options) { o.MaxDelay = 30 }, "MaxDelay is 30ns; awsretry's delay is in seconds: did you mean 30 * time.Second?"},
		{"delay below a millisecond", func(o *awsretry.Options) { o.Delay = 500 * time.Microsecond }, "Delay is 500µs, want 0 or at least 1ms"},
		{"unknown jitter", func(o *awsretry.Options) { o.Jitter = 9 }, "Jitter is Jitter(9)"},
		{"nil option", nil, "option function 0 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			s := newScripted()
			_, err := awsretry.Decorate(s, tt.fn)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.True(strings.Contains(err.Error(), tt.want))

			p := awsretry.MustDecorate(s)
			q, err := p.With(tt.fn)
			is.True(q == nil)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.Equal(s.Calls(), 0) // nothing called
		})
	}
}

func TestMustDecoratePanicsOnError(t *testing.T) {
	is := is.New(t)
	defer func() {
		err, ok := recover().(error)
		is.True(ok)
		is.True(errors.Is(err, awsretry.ErrInvalidClient))
	}()
	awsretry.MustDecorate(nil)
}

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

func TestUnknownMethodSuggestsClosestNames(t *testing.T) {
	p := awsretry.MustDecorate(ec2.New(ec2.Options{Region: "us-east-1"}))
	tests := []struct{ name, want string }{
		{"DescribeInstance", "did you mean DescribeInstances"},
		{"describeinstances", "did you mean DescribeInstances"},
		{"DescribeInstancez", "did you mean DescribeInstances"},
		{"NoSuchThingAtAll", `*ec2.Client has no exported method "NoSuchThingAtAll"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			out, err := p.Call(tt.name, context.Background(), &ec2.DescribeInstancesInput{})
			is.True(out == nil)
			is.True(errors.Is(err, awsretry.ErrUnknownMethod))
			is.True(strings.Contains(err.Error(), tt.want))
		})
	}
	_, err := awsretry.MustDecorate(ptrOnly{}).Call("P")
	is.New(t).True(strings.Contains(err.Error(), "it is a method of *awsretry_test.ptrOnly: decorate a pointer"))
}

func TestArgumentChecks(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		method string
		args   []any
		want   string
	}{
		{"too few", "Op", []any{ctx}, "Op: 1 argument, want at least 2 (context.Context, *awsretry_test.OpInput, ...func(*awsretry_test.OpOptions))"},
		{"none", "Op", nil, "Op: 0 arguments, want at least 2"},
		{"too many", "Pair", []any{1, "a", 3}, "Pair: 3 arguments, want 2 (int, string)"},
		{"wrong type", "Op", []any{ctx, OpInput{}}, "Op: argument 2 is awsretry_test.OpInput, want *awsretry_test.OpInput"},
		{"not a context", "Op", []any{"ctx", &OpInput{}}, "Op: argument 1 is string, want context.Context"},
		{"nil for int", "Pair", []any{nil, "a"}, "Pair: argument 1 is nil, want int"},
		{"wrong variadic", "Op", []any{ctx, &OpInput{}, func(*OpOptions) {}, 7}, "Op: argument 4 is int, want func(*awsretry_test.OpOptions)"},
		{"nil variadic elem is fine but a string is not", "Op", []any{ctx, &OpInput{}, nil, "x"}, "Op: argument 4 is string"},
		{"int64 for int", "Pair", []any{int64(1), "a"}, "Pair: argument 1 is int64, want int"},
		{"nil context", "Op", []any{nil, &OpInput{}}, "Op: argument 1 is a nil context.Context; pass context.Background() or context.TODO()"},
		{"nil context pointer", "Op", []any{(*nilCtx)(nil), &OpInput{}}, "Op: argument 1 is a nil context.Context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			s := newScripted()
			p := awsretry.MustDecorate(s)
			out, err := p.Call(tt.method, tt.args...)
			is.True(out == nil)
			is.True(errors.Is(err, awsretry.ErrInvalidArguments))
			is.True(strings.Contains(err.Error(), tt.want)) // names method, position and types
			is.Equal(s.Calls(), 0)                          // nothing called
		})
	}
}

func TestArgumentShapes(t *testing.T) {
	is := is.New(t)
	ctx := context.Background()
	s := newScripted()
	p := awsretry.MustDecorate(s)
	eu := func(o *OpOptions) { o.Region = "eu-west-1" }
	us := func(o *OpOptions) { o.Region = "us-east-2" }

	_, err := p.Call("Op", ctx, &OpInput{}, eu) // flat variadic
	is.NoErr(err)
	_, err = p.Call("Op", ctx, &OpInput{}, eu, us) // several
	is.NoErr(err)
	_, err = p.Call("Op", ctx, &OpInput{}, []func(*OpOptions){us}) // as a slice, like f(xs...)
	is.NoErr(err)
	_, err = p.Call("Op", ctx, nil) // untyped nil for a pointer
	is.NoErr(err)
	_, err = p.Call("Op", ctx, &OpInput{}, nil) // untyped nil for a func
	is.NoErr(err)
	_, err = p.Call("Nilables", nil, nil, nil, nil, nil) // map, slice, func, interface, chan
	is.NoErr(err)
	is.Equal(s.regions, []string{"eu-west-1", "us-east-2", "us-east-2", "", ""})
}

func TestResultShapes(t *testing.T) {
	is := is.New(t)
	p := awsretry.MustDecorate(newScripted())

	out, err := p.Call("Op", context.Background(), &OpInput{})
	is.NoErr(err)
	is.Equal(out, &OpOutput{N: 1}) // (T, error)

	out, err = p.Call("OnlyErr", context.Background())
	is.NoErr(err)
	is.True(out == nil) // (error)

	out, err = p.Call("NoErr", &OpInput{})
	is.NoErr(err)
	is.Equal(out, &OpOutput{N: 3}) // (T)

	out, err = p.Call("Pair", 21, "ab")
	is.NoErr(err)
	is.Equal(out, []any{42, "abab"}) // several

	out, err = p.Call("Nothing")
	is.NoErr(err)
	is.True(out == nil) // ()
}

func TestErrorGivesUntypedNil(t *testing.T) {
	is := is.New(t)
	p := awsretry.MustDecorate(newScripted(errPlain))
	out, err := p.Call("Op", context.Background(), &OpInput{})
	is.Equal(err, errPlain)
	is.True(out == nil) // not a (*OpOutput)(nil) inside any
}

func TestPanicInTheClientPropagates(t *testing.T) {
	is := is.New(t)
	defer func() { is.Equal(recover(), "boom from the client") }()
	_, _ = awsretry.MustDecorate(newScripted()).Call("Boom")
	t.Fatal("no panic")
}

func TestMethodsAndClient(t *testing.T) {
	is := is.New(t)
	s := newScripted()
	p := awsretry.MustDecorate(s)
	is.Equal(p.Methods(), []string{"Boom", "Calls", "Nilables", "NoErr", "Nothing", "OnlyErr", "Op", "OpNoAlloc", "Pair"})
	p.Methods()[0] = "changed"
	is.Equal(p.Methods()[0], "Boom") // a copy
	is.Equal(p.Client(), any(s))

	c := ec2.New(ec2.Options{Region: "us-east-1"})
	ms := awsretry.MustDecorate(c).Methods()
	is.True(len(ms) > 500)
}

func TestWithNeverChangesItsParent(t *testing.T) {
	is := is.New(t)
	var sl sleeps
	s := newScripted(repeat(apiErr("Custom"), 30)...)
	parent := awsretry.MustDecorate(s, sl.fast, func(o *awsretry.Options) {
		o.Tries = 3
		o.AddedExceptions = make([]string, 0, 8) // room that an append could write into
	})
	child, err := parent.With(func(o *awsretry.Options) {
		o.AddedExceptions = append(o.AddedExceptions, "Custom")
		o.Tries = 5
	})
	is.NoErr(err)
	is.Equal(child.Client(), parent.Client())
	is.Equal(parent.Options().Tries, 3)
	is.Equal(child.Options().Tries, 5)
	is.Equal(child.Options().AddedExceptions, []string{"Custom"})
	is.Equal(len(parent.Options().AddedExceptions), 0)

	_, _ = parent.Call("Op", context.Background(), &OpInput{})
	is.Equal(s.Calls(), 1) // Custom is not retried by the parent
	_, err = child.Call("Op", context.Background(), &OpInput{})
	var re *awsretry.RetryError
	is.True(errors.As(err, &re))
	is.Equal(re.Attempts, 5) // the child's Tries
	_, _ = parent.Call("Op", context.Background(), &OpInput{})
	is.Equal(s.Calls(), 7) // still once for the parent
}

func TestConcurrentCalls(t *testing.T) {
	is := is.New(t)
	s := newScripted(repeat(apiErr("RequestLimitExceeded"), 50)...)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) { o.Tries, o.Jitter = 100, awsretry.FullJitter })
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.Call("Op", context.Background(), &OpInput{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		is.NoErr(err)
	}
	is.Equal(s.Calls(), 70) // 50 throttled attempts, 20 successes
}

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

func TestConcurrentCallsOfDifferentMethods(t *testing.T) {
	is := is.New(t)
	p := awsretry.MustDecorate(newScripted())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if (g+i)%2 == 0 {
					out, err := p.Call("Pair", i, "x")
					is.NoErr(err)
					is.Equal(out, []any{2 * i, "xx"})
					continue
				}
				out, err := p.Call("NoErr", &OpInput{})
				is.NoErr(err)
				_, ok := out.(*OpOutput)
				is.True(ok) // never another method's result
			}
		}()
	}
	wg.Wait()
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

// nilCtx is a context type whose nil pointer would panic when used.
type nilCtx struct{ context.Context }
