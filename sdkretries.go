package awsretry

import (
	"reflect"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

var (
	retryerType = reflect.TypeFor[aws.Retryer]()
	nopRetryer  = reflect.ValueOf(new(aws.Retryer)).Elem() // set to aws.NopRetryer{} in init
)

func init() { nopRetryer.Set(reflect.ValueOf(aws.NopRetryer{})) }

// nopOptions caches, per option function type, the function that turns the
// SDK's retries off, or an invalid Value for a type that has no Retryer.
var nopOptions sync.Map // reflect.Type → reflect.Value

// nopRetryerOption returns, for an SDK option function type func(*X) whose
// X has a field Retryer of type aws.Retryer, a function of that type that
// sets the field to aws.NopRetryer{}. ok is false for any other type.
func nopRetryerOption(ft reflect.Type) (fn reflect.Value, ok bool) {
	if v, ok := nopOptions.Load(ft); ok {
		fn = v.(reflect.Value)
		return fn, fn.IsValid()
	}
	fn = buildNopRetryerOption(ft)
	nopOptions.Store(ft, fn)
	return fn, fn.IsValid()
}

func buildNopRetryerOption(ft reflect.Type) reflect.Value {
	if ft.Kind() != reflect.Func || ft.NumIn() != 1 || ft.NumOut() != 0 || ft.IsVariadic() {
		return reflect.Value{}
	}
	pt := ft.In(0)
	if pt.Kind() != reflect.Pointer || pt.Elem().Kind() != reflect.Struct {
		return reflect.Value{}
	}
	f, ok := pt.Elem().FieldByName("Retryer")
	if !ok || !f.IsExported() || f.Type != retryerType {
		return reflect.Value{}
	}
	return reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		if o := args[0]; !o.IsNil() {
			o.Elem().FieldByIndex(f.Index).Set(nopRetryer)
		}
		return nil
	})
}

// withoutSDKRetries returns a copy of the variadic slice extra of an SDK
// operation (s.noRetry is valid) with the NopRetryer option appended. The
// caller's slice is never written to.
func (s *signature) withoutSDKRetries(extra reflect.Value) reflect.Value {
	out := reflect.MakeSlice(extra.Type(), extra.Len()+1, extra.Len()+1)
	reflect.Copy(out, extra)
	out.Index(extra.Len()).Set(s.noRetry)
	return out
}
