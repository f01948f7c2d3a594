package awsretry

import (
	"context"
	"reflect"
)

var (
	errorType   = reflect.TypeFor[error]()
	anySliceTy  = reflect.TypeFor[[]any]()
	contextType = reflect.TypeFor[context.Context]()
)

// signature is what the loop needs to know of a function type: its
// parameters, whether it is variadic, and how to read its results.
type signature struct {
	in       []reflect.Type // parameters, a method's receiver excluded
	variadic bool
	out      []reflect.Type
	errLast  bool          // the last result is error: the call can be retried
	result   reflect.Type  // what Call returns on success; nil when nothing
	noExtra  reflect.Value // an empty variadic slice, for CallSlice
	noRetry  reflect.Value // for an SDK operation, the option that turns its retries off
	ctxAt    int           // 1 + the index in in of the first context.Context parameter; 0 if none
	optFns   bool          // the variadic parameter is option functions, func(*T): a nil one is rejected
}

// newSignature describes t, a func type; skip is 1 for a method's func (its
// receiver comes first) and 0 for a plain function.
func newSignature(t reflect.Type, skip int) *signature {
	s := &signature{variadic: t.IsVariadic()}
	s.in = make([]reflect.Type, t.NumIn()-skip)
	for i := range s.in {
		s.in[i] = t.In(skip + i)
		if s.in[i] == contextType && s.ctxAt == 0 {
			s.ctxAt = i + 1
		}
	}
	s.out = make([]reflect.Type, t.NumOut())
	for i := range s.out {
		s.out[i] = t.Out(i)
	}
	s.errLast = len(s.out) > 0 && s.out[len(s.out)-1] == errorType
	values := len(s.out)
	if s.errLast {
		values--
	}
	switch {
	case values == 1:
		s.result = s.out[0]
	case values > 1:
		s.result = anySliceTy
	}
	if s.variadic {
		s.noExtra = reflect.Zero(s.in[len(s.in)-1])
		s.noRetry, _ = nopRetryerOption(s.in[len(s.in)-1].Elem())
		s.optFns = isOptionFunc(s.in[len(s.in)-1].Elem())
	}
	return s
}

// isOptionFunc reports whether t is the type of an SDK-style option
// function, func(*T), as the variadic parameter of every SDK operation is.
func isOptionFunc(t reflect.Type) bool {
	return t.Kind() == reflect.Func && t.NumIn() == 1 && t.In(0).Kind() == reflect.Pointer && t.NumOut() == 0 && !t.IsVariadic()
}

// call calls fn with in, which holds the variadic parameter as a slice.
func (s *signature) call(fn reflect.Value, in []reflect.Value) []reflect.Value {
	if s.variadic {
		return fn.CallSlice(in)
	}
	return fn.Call(in)
}

// err returns the error result of out, or nil.
func (s *signature) err(out []reflect.Value) error {
	if !s.errLast {
		return nil
	}
	if e := out[len(out)-1]; !e.IsNil() {
		return e.Interface().(error)
	}
	return nil
}

// value returns what Call returns for out on success: the one non-error
// result, an []any of them when there are several, or nil when none.
func (s *signature) value(out []reflect.Value) any {
	if s.errLast {
		out = out[:len(out)-1]
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0].Interface()
	}
	vals := make([]any, len(out))
	for i, v := range out {
		vals[i] = v.Interface()
	}
	return vals
}
