package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

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
	_, err = p.Call("Nilables", nil, nil, nil, nil, nil) // map, slice, func, interface, chan
	is.NoErr(err)
	is.Equal(s.regions, []string{"eu-west-1", "us-east-2", "us-east-2", ""})
}

// nilCtx is a context type whose nil pointer would panic when used.
type nilCtx struct{ context.Context }
