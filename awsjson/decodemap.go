package awsjson

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// DecodeMap is Decode for a value already parsed, such as a map from YAML or
// from encoding/json. Its values are what encoding/json would make JSON of:
// a time.Time is RFC 3339 and a []byte is base64 text. Errors are Decode's,
// and are found before encoding/json runs: a value nested deeper than 512
// levels (a map in a map in a map..., or a cycle), and a string or a map
// key that is not valid UTF-8, which encoding/json would replace silently.
func DecodeMap(m map[string]any, in any, opts ...Option) error {
	if m == nil {
		m = map[string]any{}
	}
	w := walker{}
	if err := w.walk(reflect.ValueOf(m), 0); err != nil {
		return err
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

// walker checks a Go value for DecodeMap, as deep as Decode would read its
// JSON and no deeper, so that nothing recurses without bound: encoding/json
// would exhaust the stack on a map nested a million deep, which no recover
// catches.
type walker struct {
	path []seg
	hops int // pointers followed on the path
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// walk checks v, a value at depth objects and arrays deep.
func (w *walker) walk(v reflect.Value, depth int) error {
	hops := w.hops
	defer func() { w.hops = hops }()
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		if v.Kind() == reflect.Pointer {
			if marshals(v.Type()) {
				return nil
			}
			if w.hops++; w.hops > maxDepth {
				return w.fail(fmt.Sprintf("pointers nested deeper than %d levels", maxDepth))
			}
		}
		v = v.Elem()
	}
	if marshals(v.Type()) { // its own JSON, which Decode checks
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return w.fail("a string is not valid UTF-8")
		}
	case reflect.Map:
		return w.container(depth, func() error { return w.mapping(v, depth) })
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // base64 text
		}
		return w.container(depth, func() error {
			for i := range v.Len() {
				if err := w.step(seg{idx: i}, v.Index(i), depth); err != nil {
					return err
				}
			}
			return nil
		})
	case reflect.Struct:
		return w.container(depth, func() error { return w.structure(v, depth) })
	}
	return nil
}

// container checks that one more level of objects or arrays fits, then runs
// fn on its contents.
func (w *walker) container(depth int, fn func() error) error {
	if depth+1 > maxDepth {
		return w.fail(fmt.Sprintf("nested deeper than %d levels", maxDepth))
	}
	return fn()
}

func (w *walker) mapping(v reflect.Value, depth int) error {
	for it := v.MapRange(); it.Next(); {
		k := it.Key()
		name := ""
		if k.Kind() == reflect.String {
			if name = k.String(); !utf8.ValidString(name) {
				return w.fail("a map key is not valid UTF-8")
			}
		}
		if err := w.step(seg{name: name, idx: -1}, it.Value(), depth); err != nil {
			return err
		}
	}
	return nil
}

// structure walks the fields encoding/json writes: exported, not "-".
func (w *walker) structure(v reflect.Value, depth int) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() && !f.Anonymous || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if err := w.step(seg{name: name, idx: -1}, v.Field(i), depth); err != nil {
			return err
		}
	}
	return nil
}

// step walks one value inside a container at depth, with s on the path.
func (w *walker) step(s seg, v reflect.Value, depth int) error {
	w.path = append(w.path, s)
	if err := w.walk(v, depth+1); err != nil {
		return err
	}
	w.path = w.path[:len(w.path)-1]
	return nil
}

func (w *walker) fail(reason string) error {
	return &Error{Path: pathString(w.path), Reason: reason, Err: errInput}
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
