package awsretry

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync/atomic"
)

// Proxy calls a client's methods by name, retrying each call. A Proxy is safe
// for concurrent use. Make one with Decorate.
type Proxy struct {
	client any
	recv   reflect.Value
	table  *methodTable
	r      *retrier
	last   atomic.Pointer[method] // the method called last: a loop calls one name again and again
}

// Decorate returns a Proxy for client, any value with exported methods,
// usually an SDK client such as *ec2.Client. optFns change DefaultOptions,
// in order.
//
// The client's tracer and meter providers, when its Options() method
// returns a struct with smithy-go's TracerProvider and MeterProvider fields
// (as every SDK client's does), are read once, here, and are the defaults of
// Options.TracerProvider and Options.MeterProvider.
//
// The method table is cached per client type, and each method in it is
// described on its first call, so decorating is cheap even for a client
// with hundreds of methods.
//
// Errors: ErrInvalidClient for nil, a typed nil or a value with no exported
// methods; ErrInvalidOptions for a nil option function or an option out of
// range (see Options).
func Decorate(client any, optFns ...func(*Options)) (*Proxy, error) {
	recv, err := receiver(client)
	if err != nil {
		return nil, err
	}
	if recv.Type().NumMethod() == 0 {
		return nil, fmt.Errorf("%w: %s has no exported methods", ErrInvalidClient, recv.Type())
	}
	base := DefaultOptions()
	base.TracerProvider, base.MeterProvider = clientProviders(recv)
	r, err := newRetrier(base, optFns, nil, nil)
	if err != nil {
		return nil, err
	}
	return &Proxy{client: client, recv: recv, table: tableFor(recv.Type()), r: r}, nil
}

// MustDecorate is like Decorate but panics on error. It is meant for
// package-level variables and scripts whose client and options are fixed.
func MustDecorate(client any, optFns ...func(*Options)) *Proxy {
	p, err := Decorate(client, optFns...)
	if err != nil {
		panic(err)
	}
	return p
}

func receiver(client any) (reflect.Value, error) {
	if client == nil {
		return reflect.Value{}, fmt.Errorf("%w: client is nil", ErrInvalidClient)
	}
	v := reflect.ValueOf(client)
	if nilable(v.Kind()) && v.IsNil() {
		return reflect.Value{}, fmt.Errorf("%w: client is a nil %s", ErrInvalidClient, v.Type())
	}
	return v, nil
}

// Call calls the client's method by name with args, retrying it as the
// options say, and returns its result.
//
// Arguments are passed as in a Go call, a variadic parameter's values flat:
//
//	p.Call("DescribeInstances", ctx, in, func(o *ec2.Options) { o.Region = "eu-west-1" })
//
// An untyped nil stands for a nil pointer, interface, map, slice, func or
// channel. The first argument that is a context.Context governs the sleeps.
//
// Results: a method returning (T, error) gives (T, err); (error) gives
// (nil, err); (T) gives (T, nil); several values give an []any of the
// non-error ones. On error the value is always an untyped nil. Only a method
// whose last result is error is retried; any other is called once.
//
// Errors: ErrUnknownMethod, with the closest names, for a method the client
// lacks; ErrInvalidArguments, naming the position and the types, for a wrong
// count or type, a nil context, or a nil option function (the SDK would
// call it). The method is not called then. A retryable error that
// outlasts the tries gives a *RetryError; any other comes back unchanged.
// A panic inside the method propagates, as in a direct call.
func (p *Proxy) Call(method string, args ...any) (any, error) {
	m, err := p.lookup(method)
	if err != nil {
		return nil, err
	}
	return p.call(m, args)
}

func (p *Proxy) lookup(method string) (*method, error) {
	if m := p.last.Load(); m != nil && m.name == method {
		return m, nil
	}
	if m, ok := p.table.method(method); ok {
		p.last.Store(m)
		return m, nil
	}
	return nil, p.table.unknownMethod(method)
}

// call checks args, then runs m through the retry loop.
func (p *Proxy) call(m *method, args []any) (any, error) {
	var buf [argsOnStack]reflect.Value // the arguments, on the stack when they fit
	in, ctx, err := m.arguments(buf[:0], p.recv, args)
	if err != nil {
		return nil, err
	}
	p.r.prepare(m.signature, in)
	if !m.errLast {
		return m.value(m.call(m.fn, in)), nil
	}
	traced := m.ctxAt > 0 && p.r.obs.tel.traces() // arguments rejected a nil context there
	var out []reflect.Value
	err = p.r.do(ctx, m.name, func(ctx context.Context) error {
		if traced {
			in[m.ctxAt] = contextValue(ctx)
		}
		out = m.call(m.fn, in)
		return m.err(out)
	})
	if err != nil {
		return nil, err
	}
	return m.value(out), nil
}

// With returns a Proxy for the same client and method table whose options
// are p's changed by optFns. p itself never changes; the two share Stats,
// and the tracer and meter providers unless optFns change them.
// Errors are Decorate's.
func (p *Proxy) With(optFns ...func(*Options)) (*Proxy, error) {
	r, err := newRetrier(p.r.opts, optFns, p.r, nil)
	if err != nil {
		return nil, err
	}
	return &Proxy{client: p.client, recv: p.recv, table: p.table, r: r}, nil
}

// Methods returns the names of the client's exported methods, sorted.
func (p *Proxy) Methods() []string { return slices.Clone(p.table.names()) }

// Options returns a copy of p's options.
func (p *Proxy) Options() Options {
	o := p.r.opts
	o.AddedExceptions = slices.Clone(o.AddedExceptions)
	o.ExcludedExceptions = slices.Clone(o.ExcludedExceptions)
	return o
}

// Client returns the decorated client.
func (p *Proxy) Client() any { return p.client }
