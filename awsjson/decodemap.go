package awsjson

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// DecodeMap is Decode for a value already parsed, such as a map from YAML or
// from encoding/json. Its values are what encoding/json would make JSON of:
// a time.Time is RFC 3339 and a []byte is base64 text. Errors are Decode's,
// and are found before encoding/json runs: a value nested deeper than 512
// levels (a map in a map in a map..., or a cycle), and a string or a map
// key that is not valid UTF-8, which encoding/json would replace silently.
// Where several values are wrong, which one is named may vary, as Go's map
// order does.
func DecodeMap(m map[string]any, in any, opts ...Option) error {
	if m == nil {
		m = map[string]any{}
	}
	if err := walk(m, 0, 0); err != nil {
		slices.Reverse(err.rev)
		return &Error{Path: pathString(err.rev), Reason: err.reason, Err: errInput}
	}
	data, err := json.Marshal(m)
	if err != nil {
		var ute *json.UnsupportedTypeError
		reason := "a value cannot be JSON"
		if errors.As(err, &ute) {
			reason = fmt.Sprintf("a value of Go type %s cannot be JSON", ute.Type)
		}
		return &Error{Path: "/", Reason: reason, Err: errInput}
	}
	return Decode(data, in, opts...)
}

// The walk checks a Go value for DecodeMap as deep as Decode would read its
// JSON and no deeper, so that nothing recurses without bound: encoding/json
// would exhaust the stack on a map nested a million deep, which no recover
// catches. It costs no allocation: an error gathers its path on the way
// back up.

// walkError is what the walk found wrong, with the path from it up to the
// top, in reverse.
type walkError struct {
	reason string
	rev    []seg
}

// under adds the step s to the path of err, if any, and returns it.
func (err *walkError) under(s seg) *walkError {
	if err != nil {
		err.rev = append(err.rev, s)
	}
	return err
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	errTooDeep    = fmt.Sprintf("nested deeper than %d levels", maxDepth)
	errKeyUTF8    = "a map key is not valid UTF-8"
	errStringUTF8 = "a string is not valid UTF-8"
)

// walk checks x, a value at depth objects and arrays deep, with hops
// pointers followed on its path. What encoding/json and YAML parsers make
// (maps of any, slices of any, strings, numbers) is checked without
// reflect; anything else goes to walkValue.
func walk(x any, depth, hops int) *walkError {
	switch x := x.(type) {
	case nil, bool, float64, json.Number, int, int64:
		return nil
	case string:
		if !utf8.ValidString(x) {
			return &walkError{reason: errStringUTF8}
		}
		return nil
	case map[string]any:
		if depth+1 > maxDepth {
			return &walkError{reason: errTooDeep}
		}
		for k, e := range x {
			if !utf8.ValidString(k) {
				return &walkError{reason: errKeyUTF8}
			}
			if err := walk(e, depth+1, hops); err != nil {
				return err.under(seg{name: k, idx: -1})
			}
		}
		return nil
	case []any:
		if depth+1 > maxDepth {
			return &walkError{reason: errTooDeep}
		}
		for i, e := range x {
			if err := walk(e, depth+1, hops); err != nil {
				return err.under(seg{idx: i})
			}
		}
		return nil
	}
	return walkValue(reflect.ValueOf(x), depth, hops)
}

// walkValue is walk for any other Go value.
func walkValue(v reflect.Value, depth, hops int) *walkError {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() || marshals(v.Type()) {
			return nil
		}
		if hops++; hops > maxDepth {
			return &walkError{reason: fmt.Sprintf("pointers nested deeper than %d levels", maxDepth)}
		}
		v = v.Elem()
	}
	switch {
	case v.Kind() == reflect.Interface && v.IsNil(), !v.IsValid():
		return nil
	case v.Kind() == reflect.Interface:
		return walk(v.Interface(), depth, hops)
	case marshals(v.Type()): // its own JSON, which Decode checks
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return &walkError{reason: errStringUTF8}
		}
		return nil
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // base64 text
		}
	case reflect.Map, reflect.Struct:
	default:
		return nil
	}
	if depth+1 > maxDepth { // one more level of objects or arrays
		return &walkError{reason: errTooDeep}
	}
	switch v.Kind() {
	case reflect.Map:
		return walkMap(v, depth, hops)
	case reflect.Struct:
		return walkStruct(v, depth, hops)
	}
	for i := range v.Len() {
		if err := walkValue(v.Index(i), depth+1, hops); err != nil {
			return err.under(seg{idx: i})
		}
	}
	return nil
}

// walkMap walks a map's keys and values, copied into one key and one value
// for the whole map, not a reflect.Value each.
func walkMap(v reflect.Value, depth, hops int) *walkError {
	k := reflect.New(v.Type().Key()).Elem()
	e := reflect.New(v.Type().Elem()).Elem()
	for it := v.MapRange(); it.Next(); {
		k.SetIterKey(it)
		e.SetIterValue(it)
		name := ""
		if k.Kind() == reflect.String {
			if name = k.String(); !utf8.ValidString(name) {
				return &walkError{reason: errKeyUTF8}
			}
		}
		if err := walkValue(e, depth+1, hops); err != nil {
			return err.under(seg{name: name, idx: -1})
		}
	}
	return nil
}

// walkStruct walks the fields encoding/json writes: exported, not "-".
func walkStruct(v reflect.Value, depth, hops int) *walkError {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() && !f.Anonymous || tag == "-" {
			continue
		}
		if err := walkValue(v.Field(i), depth+1, hops); err != nil {
			name, _, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			return err.under(seg{name: name, idx: -1})
		}
	}
	return nil
}

// marshals reports whether encoding/json writes t with t's own method.
func marshals(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct, reflect.Pointer:
	default:
		if t.PkgPath() == "" { // string, float64, map[string]any, []any: no methods
			return false
		}
	}
	return t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		t.Kind() != reflect.Pointer && (reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler))
}
