package awsretry

import (
	"context"
	"fmt"
	"reflect"
	"unsafe"
)

// WrapOp is the decorator for an SDK-shaped function, with its type
// parameters inferred:
//
//	describe, err := awsretry.WrapOp(client.DescribeInstances)
//	out, err := describe(ctx, in)
//
// The returned function runs the same loop as Call, with no reflection and
// no allocation on a call that succeeds. With DisableSDKRetries, a call
// that passes its own option functions allocates one slice. A call with a
// nil ctx or a nil option function is not made: it returns an error that
// wraps ErrInvalidArguments and names the argument.
//
// Errors: ErrInvalidArguments for a nil fn; Decorate's option errors.
func WrapOp[In, Out, Opt any](fn func(context.Context, In, ...Opt) (Out, error), optFns ...func(*Options)) (func(context.Context, In, ...Opt) (Out, error), error) {
	if fn == nil {
		return nil, fmt.Errorf("%w: WrapOp: fn is nil", ErrInvalidArguments)
	}
	r, err := newRetrier(DefaultOptions(), optFns, nil, nil)
	if err != nil {
		return nil, err
	}
	return retried(r, funcName(reflect.ValueOf(fn)), fn), nil
}

// Method resolves a method of p's client by name, once, and returns it as a
// typed function that runs through p's loop and options and counts in p's
// Stats, with no reflection per call:
//
//	describe, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](p, "DescribeInstances")
//
// A call with a nil ctx or a nil option function is not made: it returns
// an error that wraps ErrInvalidArguments and names the argument.
//
// Errors: ErrUnknownMethod; ErrInvalidArguments when the method's type is
// not func(context.Context, In, ...Opt) (Out, error).
func Method[In, Out, Opt any](p *Proxy, name string) (func(context.Context, In, ...Opt) (Out, error), error) {
	m, err := p.lookup(name)
	if err != nil {
		return nil, err
	}
	fn, err := boundMethod[In, Out, Opt](p.recv, m)
	if err != nil {
		return nil, err
	}
	return retried(p.r, name, fn), nil
}

// retried returns fn run through r's loop.
func retried[In, Out, Opt any](r *retrier, name string, fn func(context.Context, In, ...Opt) (Out, error)) func(context.Context, In, ...Opt) (Out, error) {
	noRetry := typedExtraOptions[Opt](r)
	optType := reflect.TypeFor[Opt]()
	checkNil := isOptionFunc(optType)
	return func(ctx context.Context, in In, optFns ...Opt) (Out, error) {
		if ctx == nil {
			var zero Out
			return zero, nilContextError(name, 1)
		}
		if checkNil {
			if j := firstNilFunc(optFns); j >= 0 {
				var zero Out
				return zero, nilOptionError(name, 3+j, optType)
			}
		}
		switch {
		case noRetry == nil:
		case len(optFns) == 0:
			optFns = noRetry // shared and never written to
		default:
			optFns = append(optFns[:len(optFns):len(optFns)], noRetry...)
		}
		var out Out
		err := r.do(ctx, name, func(ctx context.Context) error {
			var err error
			out, err = fn(ctx, in, optFns...)
			return err
		})
		if err != nil {
			var zero Out
			return zero, err
		}
		return out, nil
	}
}

// firstNilFunc returns the index of the first nil value in fns, or -1. Opt
// must be a func type: a func value is one pointer, nil for a nil func. It
// reads that pointer rather than asking reflect, which would cost more
// than the rest of the call.
func firstNilFunc[Opt any](fns []Opt) int {
	for j := range fns {
		if *(*unsafe.Pointer)(unsafe.Pointer(&fns[j])) == nil {
			return j
		}
	}
	return -1
}
