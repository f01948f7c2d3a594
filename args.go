package awsretry

import (
	"context"
	"fmt"
	"reflect"
)

// argsOnStack is how many argument values a caller's stack array holds:
// enough for an SDK operation's receiver, context, input and options.
const argsOnStack = 4

// arguments checks args against m and returns them as reflect values,
// receiver first and a variadic parameter as one slice, with the first
// argument that is a context. Nothing in it can make reflect panic later:
// every value is assignable to its parameter. The values are stored in
// buf[:0] when they fit, so that an array on the caller's stack saves
// allocating them on every call.
//
// A context parameter's argument is given to reflect as a context.Context
// value, not as its concrete type, so that reflect neither checks it again
// (a walk of the method sets) nor converts it (an allocation).
func (m *method) arguments(buf []reflect.Value, recv reflect.Value, args []any) ([]reflect.Value, context.Context, error) {
	n := len(m.in)
	fixed := n
	if m.variadic {
		fixed--
	}
	if len(args) < fixed || (!m.variadic && len(args) > n) {
		return nil, nil, m.countError(len(args))
	}
	vals := buf[:0]
	if n >= cap(buf) {
		vals = make([]reflect.Value, 0, n+1)
	}
	vals = vals[:n+1]
	vals[0] = recv
	var ctx context.Context
	params, ctxAt := m.in[:fixed], m.ctxAt
	for i, t := range params {
		a := args[i]
		if i+1 == ctxAt {
			if a == nil {
				return nil, nil, nilContextError(m.name, i+1)
			}
			at := reflect.TypeOf(a)
			c, ok := a.(context.Context)
			if !ok {
				return nil, nil, m.typeError(i, at, contextType)
			}
			if at.Kind() == reflect.Pointer && reflect.ValueOf(a).IsNil() {
				return nil, nil, nilContextError(m.name, i+1)
			}
			if ctx == nil {
				ctx = c
			}
			vals[i+1] = reflect.ValueOf(contextHome(at, c)).Elem()
			continue
		}
		v, err := m.argument(i, t, a)
		if err != nil {
			return nil, nil, err
		}
		vals[i+1] = v
		if ctx == nil {
			ctx = contextOf(a)
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

// contextHome returns memory holding c, an argument of dynamic type t, as a
// context.Context, for reflect to read it from: a shared, never written
// variable for context.Background() and context.TODO(), the two contexts
// every call can share; otherwise a new one.
func contextHome(t reflect.Type, c context.Context) *context.Context {
	switch {
	case t == backgroundType: // its values are all equal: an empty struct
		return &backgroundCtx
	case t == todoType:
		return &todoCtx
	}
	home := new(context.Context)
	*home = c
	return home
}

// The homes of context.Background() and context.TODO(), and their types, to
// know them by. Nothing writes to them after init.
var (
	backgroundCtx  = context.Background()
	todoCtx        = context.TODO()
	backgroundType = reflect.TypeOf(backgroundCtx)
	todoType       = reflect.TypeOf(todoCtx)
)

// variadicArgument builds the variadic slice from the arguments passed flat,
// as in a Go call. A lone argument that is already of the slice type (and
// not of its element type) is passed as the slice, as with f(xs...).
func (m *method) variadicArgument(extra []any) (reflect.Value, error) {
	if len(extra) == 0 {
		return m.noExtra, nil
	}
	st := m.in[len(m.in)-1]
	et := st.Elem()
	if len(extra) == 1 && extra[0] != nil {
		if t := reflect.TypeOf(extra[0]); t.AssignableTo(st) && !t.AssignableTo(et) {
			s := reflect.ValueOf(extra[0])
			if j := m.nilOption(s); j >= 0 {
				return reflect.Value{}, fmt.Errorf("%w: %s: argument %d holds a nil %s at index %d; leave it out", ErrInvalidArguments, m.name, len(m.in), et, j)
			}
			return s, nil
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
	if j := m.nilOption(s); j >= 0 {
		return reflect.Value{}, nilOptionError(m.name, len(m.in)+j, et)
	}
	return s, nil
}

// nilOption returns the index of the first nil function in extra, a
// variadic slice of option functions, or -1. The SDK would call it and
// panic. Other variadic parameters may hold nil values.
func (s *signature) nilOption(extra reflect.Value) int {
	if !s.optFns {
		return -1
	}
	for j := range extra.Len() {
		if extra.Index(j).IsNil() {
			return j
		}
	}
	return -1
}

// nilOptionError rejects a nil option function of type t at position pos
// (1-based) of name's arguments.
func nilOptionError(name string, pos int, t reflect.Type) error {
	return fmt.Errorf("%w: %s: argument %d is a nil %s; leave it out", ErrInvalidArguments, name, pos, t)
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
	if vt := reflect.TypeOf(a); vt != t && !vt.AssignableTo(t) {
		return reflect.Value{}, m.typeError(i, vt, t)
	}
	return reflect.ValueOf(a), nil
}

// nilContextError rejects a nil context.Context at position pos (1-based)
// of name's arguments: the SDK would panic on it, deep in its middleware.
func nilContextError(name string, pos int) error {
	return fmt.Errorf("%w: %s: argument %d is a nil context.Context; pass context.Background() or context.TODO()", ErrInvalidArguments, name, pos)
}

// typeError says that the argument at position i (0-based) is of type vt,
// which does not fit its parameter's type t.
func (m *method) typeError(i int, vt, t reflect.Type) error {
	return fmt.Errorf("%w: %s: argument %d is %s, want %s", ErrInvalidArguments, m.name, i+1, vt, t)
}

func (m *method) countError(got int) error {
	want := fmt.Sprint(len(m.in))
	if m.variadic {
		want = fmt.Sprintf("at least %d", len(m.in)-1)
	}
	return fmt.Errorf("%w: %s: %s, want %s (%s)", ErrInvalidArguments, m.name, plural(got, "argument"), want, m.params())
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
func contextOf(a any) context.Context {
	c, ok := a.(context.Context)
	if !ok || nilPointer(a) {
		return nil
	}
	return c
}

// nilPointer reports whether a is a nil pointer.
func nilPointer(a any) bool {
	v := reflect.ValueOf(a)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
