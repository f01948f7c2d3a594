package awsretry

import (
	"context"
	"fmt"
	"reflect"
	"unsafe"
)

// boundMethod returns m bound to recv as a typed function that calls the
// method's code directly, with no reflection per call.
//
// A method value from reflect (recv.Method(i)) would do, but each call of it
// goes through reflect's call machinery: hundreds of nanoseconds and an
// allocation. Instead, for a pointer receiver (every SDK client), it takes
// the method expression func(*T, ctx, In, ...Opt) (Out, error) and calls it
// as func(unsafe.Pointer, ctx, In, ...Opt) (Out, error): the two have the
// same calling convention, since *T and unsafe.Pointer are both one pointer.
// The types are checked first, so only that one substitution is made. Any
// other receiver gets the reflect method value.
func boundMethod[In, Out, Opt any](recv reflect.Value, m *method) (func(context.Context, In, ...Opt) (Out, error), error) {
	type op = func(context.Context, In, ...Opt) (Out, error)
	want := reflect.TypeFor[op]()
	bound := recv.Method(m.index)
	if bound.Type() != want {
		return nil, fmt.Errorf("%w: Method: %s is %s, not %s", ErrInvalidArguments, m.name, bound.Type(), want)
	}
	if recv.Kind() != reflect.Pointer {
		return bound.Interface().(op), nil
	}
	type unbound = func(unsafe.Pointer, context.Context, In, ...Opt) (Out, error)
	expr := m.fn.Interface()                             // func(*T, context.Context, In, ...Opt) (Out, error)
	words := (*[2]unsafe.Pointer)(unsafe.Pointer(&expr)) // type, then the func value
	code := *(*unbound)(unsafe.Pointer(&words[1]))
	self := recv.UnsafePointer()
	return func(ctx context.Context, in In, optFns ...Opt) (Out, error) {
		return code(self, ctx, in, optFns...)
	}, nil
}
