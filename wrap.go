package awsretry

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// Wrap is the decorator form: it returns a function of fn's own type whose
// calls run through the retry loop, as awsretry's @AWSRetry.backoff does.
//
//	describe, err := awsretry.Wrap(client.DescribeInstances, func(o *awsretry.Options) { o.Tries = 5 })
//	out, err := describe(ctx, in)
//
// The first parameter whose type is a context governs the sleeps; a call
// that passes a nil context there, or a nil option function (func(*T)) as
// a variadic argument, is not made, and returns an error that wraps
// ErrInvalidArguments. Every option applies as through Call,
// DisableSDKRetries included. Events, log records and spans name the
// function (for a method value, the method); when that parameter's type is
// context.Context itself, fn is called with the span's context. On error
// every non-error result is its zero value.
//
// Errors: ErrInvalidArguments when fn is not a non-nil function or its last
// result is not error (nothing could be retried); Decorate's option errors.
func Wrap[F any](fn F, optFns ...func(*Options)) (F, error) {
	var zero F
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return zero, fmt.Errorf("%w: Wrap: %T is not a non-nil function", ErrInvalidArguments, fn)
	}
	sig := newSignature(v.Type(), 0)
	if !sig.errLast {
		return zero, fmt.Errorf("%w: Wrap: %s does not return error last, so nothing could be retried", ErrInvalidArguments, v.Type())
	}
	r, err := newRetrier(DefaultOptions(), optFns, nil, nil)
	if err != nil {
		return zero, err
	}
	name, ctxAt := funcName(v), contextParam(sig.in)
	passSpan := r.obs.tel.traces() && ctxAt >= 0 && sig.in[ctxAt] == contextType
	wrapped := reflect.MakeFunc(v.Type(), func(in []reflect.Value) []reflect.Value {
		var ctx context.Context
		if ctxAt >= 0 {
			if ctx = contextOf(in[ctxAt].Interface()); ctx == nil {
				return sig.failure(nilContextError(name, ctxAt+1))
			}
		}
		if sig.variadic {
			if j := sig.nilOption(in[len(in)-1]); j >= 0 {
				return sig.failure(nilOptionError(name, len(in)+j, sig.in[len(sig.in)-1].Elem()))
			}
		}
		r.prepare(sig, in)
		var out []reflect.Value
		err := r.do(ctx, name, func(ctx context.Context) error {
			if passSpan {
				in[ctxAt] = contextValue(ctx)
			}
			out = sig.call(v, in)
			return sig.err(out)
		})
		if err != nil {
			return sig.failure(err)
		}
		return out
	})
	return wrapped.Interface().(F), nil
}

// MustWrap is like Wrap but panics on error. It is meant for package-level
// decorated functions, whose function and options are fixed:
//
//	var describe = awsretry.MustWrap(client.DescribeInstances)
func MustWrap[F any](fn F, optFns ...func(*Options)) F {
	w, err := Wrap(fn, optFns...)
	if err != nil {
		panic(err)
	}
	return w
}

// failure returns zero values for the non-error results, then err.
func (s *signature) failure(err error) []reflect.Value {
	out := make([]reflect.Value, len(s.out))
	for i, t := range s.out[:len(s.out)-1] {
		out[i] = reflect.Zero(t)
	}
	out[len(out)-1] = reflect.ValueOf(&err).Elem()
	return out
}

// contextParam returns the index of the first parameter whose type
// implements context.Context, or -1.
func contextParam(params []reflect.Type) int {
	for i, t := range params {
		if t.Implements(contextType) {
			return i
		}
	}
	return -1
}

// funcName returns a short name for fn: "DescribeInstances" for the method
// value client.DescribeInstances, "main.describe" for a function.
func funcName(fn reflect.Value) string {
	f := runtime.FuncForPC(fn.Pointer())
	if f == nil {
		return fn.Type().String()
	}
	name := strings.TrimSuffix(f.Name(), "-fm")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndex(name, ")."); i >= 0 { // a method: pkg.(*T).Name
		name = name[i+2:]
	}
	return name
}
