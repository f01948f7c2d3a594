package awsretry

import (
	"reflect"
	"sync"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

var (
	tracerProviderType = reflect.TypeFor[tracing.TracerProvider]()
	meterProviderType  = reflect.TypeFor[metrics.MeterProvider]()
)

// providerAccess says how to read the providers of one client type: the
// Options method's func and the fields' indexes. A nil *providerAccess
// means the type has no such method or fields.
type providerAccess struct {
	options reflect.Value // func(T) S or func(T) *S
	tp, mp  []int         // field indexes in S; nil when S lacks the field
}

// providerAccesses caches a *providerAccess per client type; entries never
// change once stored.
var providerAccesses sync.Map // reflect.Type → *providerAccess

// clientProviders returns the tracer and meter providers of a client whose
// Options method, like every SDK client's, takes nothing and returns a
// struct (or a pointer to one) with the fields TracerProvider and
// MeterProvider of smithy-go's types. Either is nil when the client has no
// such method or field, or the field is nil or one of smithy-go's Nop
// providers. Options is called only when its signature fits.
func clientProviders(recv reflect.Value) (tracing.TracerProvider, metrics.MeterProvider) {
	a, ok := providerAccesses.Load(recv.Type())
	if !ok {
		a, _ = providerAccesses.LoadOrStore(recv.Type(), newProviderAccess(recv.Type()))
	}
	pa := a.(*providerAccess)
	if pa == nil {
		return nil, nil
	}
	o := pa.options.Call([]reflect.Value{recv})[0]
	if o.Kind() == reflect.Pointer {
		if o.IsNil() {
			return nil, nil
		}
		o = o.Elem()
	}
	tp, _ := fieldValue(o, pa.tp).(tracing.TracerProvider)
	mp, _ := fieldValue(o, pa.mp).(metrics.MeterProvider)
	return recording(tp, mp)
}

// newProviderAccess finds t's Options method and its result's provider
// fields, or returns nil.
func newProviderAccess(t reflect.Type) *providerAccess {
	m, ok := t.MethodByName("Options")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
		return nil // NumIn counts the receiver
	}
	st := m.Type.Out(0)
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return nil
	}
	pa := &providerAccess{options: m.Func, tp: providerField(st, "TracerProvider", tracerProviderType), mp: providerField(st, "MeterProvider", meterProviderType)}
	if pa.tp == nil && pa.mp == nil {
		return nil
	}
	return pa
}

// providerField returns the index of st's exported field name if it has
// exactly the type want, else nil.
func providerField(st reflect.Type, name string, want reflect.Type) []int {
	f, ok := st.FieldByName(name)
	if !ok || !f.IsExported() || f.Type != want {
		return nil
	}
	return f.Index
}

// fieldValue returns the field of the struct o at index, or nil when index
// is nil or the field is behind a nil embedded pointer.
func fieldValue(o reflect.Value, index []int) any {
	if index == nil {
		return nil
	}
	f, err := o.FieldByIndexErr(index)
	if err != nil {
		return nil
	}
	return f.Interface()
}
