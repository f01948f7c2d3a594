package awsretry

import (
	"fmt"
	"reflect"
)

// Invoke is Call with a typed result:
//
//	out, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx, in)
//
// T must be a type the method's result can be assigned to (for a method with
// several results, []any or any). For a method with no result besides error,
// any T is accepted and the value is T's zero value.
//
// Errors: Call's, and ErrInvalidArguments when T does not fit the result;
// then the method is not called.
func Invoke[T any](p *Proxy, method string, args ...any) (T, error) {
	var zero T
	m, err := p.lookup(method)
	if err != nil {
		return zero, err
	}
	if err := resultFits[T]("Invoke", m); err != nil {
		return zero, err
	}
	v, err := p.call(m, args)
	if err != nil {
		return zero, err
	}
	t, _ := v.(T) // a nil result gives the zero T
	return t, nil
}

// resultFits rejects a T that m's result cannot be assigned to, for the
// typed entry point named by fn: Invoke or PagesOf.
func resultFits[T any](fn string, m *method) error {
	if want := reflect.TypeFor[T](); m.result != nil && !m.result.AssignableTo(want) {
		return fmt.Errorf("%w: %s[%s]: %s returns %s", ErrInvalidArguments, fn, want, m.name, m.result)
	}
	return nil
}
