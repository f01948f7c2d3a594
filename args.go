package awsretry

import (
	"context"
	"fmt"
	"reflect"
)

// arguments checks args against m and returns them as reflect values,
// receiver first and a variadic parameter as one slice, with the first
// argument that is a context. Nothing in it can make reflect panic later:
// every value is assignable to its parameter.
func (m *method) arguments(recv reflect.Value, args []any) ([]reflect.Value, context.Context, error) {
	n := len(m.in)
	fixed := n
	if m.variadic {
		fixed--
	}
	if len(args) < fixed || (!m.variadic && len(args) > n) {
		return nil, nil, m.countError(len(args))
	}
	vals := make([]reflect.Value, n+1)
	vals[0] = recv
	var ctx context.Context
	for i := 0; i < fixed; i++ {
		v, err := m.argument(i, m.in[i], args[i])
		if err != nil {
			return nil, nil, err
		}
		vals[i+1] = v
		if ctx == nil {
			ctx = contextOf(args[i], v)
		}
	}
	if m.variadic {
		extra, err := m.variadicArgument(args[fixed:])
		if err != nil {
			return nil, nil, err
		}
		vals[n] = extra
	}
	return vals, ctx, nil
}

// variadicArgument builds the variadic slice from the arguments passed flat,
// as in a Go call. A lone argument that is already of the slice type (and
// not of its element type) is passed as the slice, as with f(xs...).
func (m *method) variadicArgument(extra []any) (reflect.Value, error) {
	st := m.in[len(m.in)-1]
	et := st.Elem()
	if len(extra) == 0 {
		return m.noExtra, nil
	}
	if len(extra) == 1 && extra[0] != nil {
		if t := reflect.TypeOf(extra[0]); t.AssignableTo(st) && !t.AssignableTo(et) {
			return reflect.ValueOf(extra[0]), nil
		}
	}
	s := reflect.MakeSlice(st, len(extra), len(extra))
	for j, a := range extra {
		v, err := m.argument(len(m.in)-1+j, et, a)
		if err != nil {
			return reflect.Value{}, err
		}
		s.Index(j).Set(v)
	}
	return s, nil
}

// argument converts the argument at position i (0-based) for a parameter of
// type t: an untyped nil becomes t's zero value where t can be nil.
func (m *method) argument(i int, t reflect.Type, a any) (reflect.Value, error) {
	if a == nil {
		if nilable(t.Kind()) {
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("%w: %s: argument %d is nil, want %s", ErrInvalidArguments, m.name, i+1, t)
	}
	v := reflect.ValueOf(a)
	if vt := v.Type(); vt != t && !vt.AssignableTo(t) {
		return reflect.Value{}, fmt.Errorf("%w: %s: argument %d is %s, want %s", ErrInvalidArguments, m.name, i+1, vt, t)
	}
	return v, nil
}

func (m *method) countError(got int) error {
	want := fmt.Sprint(len(m.in))
	if m.variadic {
		want = fmt.Sprintf("at least %d", len(m.in)-1)
	}
	return fmt.Errorf("%w: %s: %d arguments, want %s (%s)", ErrInvalidArguments, m.name, got, want, m.params())
}

// params lists the parameter types, as in a Go signature.
func (m *method) params() string {
	s := ""
	for i, t := range m.in {
		if i > 0 {
			s += ", "
		}
		if m.variadic && i == len(m.in)-1 {
			s += "..." + t.Elem().String()
			continue
		}
		s += t.String()
	}
	return s
}

func nilable(k reflect.Kind) bool {
	switch k {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return true
	}
	return false
}

// contextOf returns a as a context when it is a usable one: a nil pointer
// that happens to implement context.Context is not.
func contextOf(a any, v reflect.Value) context.Context {
	c, ok := a.(context.Context)
	if !ok || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return nil
	}
	return c
}
