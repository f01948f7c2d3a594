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

// The two functions below are the one place where options change a call's
// arguments (today only DisableSDKRetries does). The reflect entry points
// (Call, Invoke, Pages, Wrap) call prepare on every call; the typed ones
// (WrapOp, Method) call typedExtraOptions once. NewRetryer rejects
// DisableSDKRetries, since it is the SDK's retryer.

// prepare changes in, a call's arguments in reflect form (the variadic
// parameter last, as one slice), as r's options say: with
// DisableSDKRetries, an SDK operation's option functions get one more, which
// turns its own retries off.
func (r *retrier) prepare(s *signature, in []reflect.Value) {
	if r.opts.DisableSDKRetries && s.noRetry.IsValid() {
		in[len(in)-1] = s.withoutSDKRetries(in[len(in)-1])
	}
}

// typedExtraOptions returns the option functions that r's options append to
// every call of an SDK operation whose option functions are of type Opt:
// the NopRetryer option with DisableSDKRetries, else nil. The slice is
// shared and must never be written to.
func typedExtraOptions[Opt any](r *retrier) []Opt {
	if !r.opts.DisableSDKRetries {
		return nil
	}
	if nop, ok := nopRetryerOption(reflect.TypeFor[Opt]()); ok {
		return []Opt{nop.Interface().(Opt)}
	}
	return nil
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
