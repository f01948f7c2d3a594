package awsretry

import (
	"reflect"

	"github.com/aws/smithy-go/metrics"
	"github.com/aws/smithy-go/tracing"
)

var (
	tracerProviderType = reflect.TypeFor[tracing.TracerProvider]()
	meterProviderType  = reflect.TypeFor[metrics.MeterProvider]()
)

// clientProviders returns the tracer and meter providers of a client whose
// Options method, like every SDK client's, takes nothing and returns a
// struct (or a pointer to one) with the fields TracerProvider and
// MeterProvider of smithy-go's types. Either is nil when the client has no
// such method or field, or the field is nil or one of smithy-go's Nop
// providers. Options is called only when its signature fits.
func clientProviders(recv reflect.Value) (tracing.TracerProvider, metrics.MeterProvider) {
	m, ok := recv.Type().MethodByName("Options")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
		return nil, nil // NumIn counts the receiver
	}
	st := m.Type.Out(0)
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return nil, nil
	}
	tf, hasTP := providerField(st, "TracerProvider", tracerProviderType)
	mf, hasMP := providerField(st, "MeterProvider", meterProviderType)
	if !hasTP && !hasMP {
		return nil, nil
	}
	o := m.Func.Call([]reflect.Value{recv})[0]
	if o.Kind() == reflect.Pointer {
		if o.IsNil() {
			return nil, nil
		}
		o = o.Elem()
	}
	tp, _ := fieldValue(o, tf).(tracing.TracerProvider)
	mp, _ := fieldValue(o, mf).(metrics.MeterProvider)
	return recording(tp, mp)
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

// providerField returns the index of st's exported field name, if it has
// exactly the type want.
func providerField(st reflect.Type, name string, want reflect.Type) ([]int, bool) {
	f, ok := st.FieldByName(name)
	if !ok || !f.IsExported() || f.Type != want {
		return nil, false
	}
	return f.Index, true
}
