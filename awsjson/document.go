package awsjson

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/aws/smithy-go/document"
)

// documents maps a service's document interface type to its constructor.
var documents sync.Map // reflect.Type → func(any) reflect.Value

// RegisterDocument tells the decoder how to make a document member, such as
// Bedrock's document.Interface, from plain JSON: newDoc is the service's
// document.NewLazyDocument.
//
//	awsjson.RegisterDocument(document.NewLazyDocument)
//
// The JSON value becomes map[string]any, []any, string, bool, nil or
// smithy-go's document.Number (the number's exact text) and is passed to
// newDoc. Like RegisterUnion it records facts about types and is safe for
// concurrent use. It panics when I is not an interface or newDoc is nil.
// Encode needs no registration: it writes a document as its JSON.
func RegisterDocument[I any](newDoc func(v any) I) {
	it := reflect.TypeFor[I]()
	if it.Kind() != reflect.Interface || newDoc == nil {
		panic(fmt.Sprintf("awsjson: RegisterDocument[%s]: want an interface type and a constructor", it))
	}
	documents.Store(it, func(v any) reflect.Value { return reflect.ValueOf(newDoc(v)) })
}

// isDocument reports whether interface type t is a service's document type.
func isDocument(t reflect.Type) bool {
	_, ok := t.MethodByName("MarshalSmithyDocument")
	return ok
}

// document decodes any JSON value into a document member.
func (d *decoder) document(v reflect.Value) error {
	t := v.Type()
	ctor, ok := documents.Load(t)
	if !ok {
		return d.fail(fmt.Sprintf("%s is a document: register its constructor with awsjson.RegisterDocument(document.NewLazyDocument)", t))
	}
	val, err := d.any()
	if err != nil {
		return err
	}
	doc := ctor.(func(any) reflect.Value)(val)
	if !doc.IsValid() || doc.Type() != t && !doc.Type().AssignableTo(t) {
		return d.fail(fmt.Sprintf("the RegisterDocument constructor for %s returned nil", t))
	}
	v.Set(doc)
	return nil
}

// any decodes the next value as plain data for a document.
func (d *decoder) any() (any, error) {
	switch c := d.peek(); c {
	case '{':
		m := map[string]any{}
		err := d.object(func(key []byte) error {
			if _, dup := m[string(key)]; dup {
				return d.keyError(key, "the key appears twice")
			}
			v, err := d.any()
			m[string(key)] = v
			return err
		})
		return m, err
	case '[':
		a := []any{}
		err := d.array(func(int) error {
			v, err := d.any()
			a = append(a, v)
			return err
		})
		return a, err
	case '"':
		s, err := d.str()
		return string(s), err
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		n, err := d.scanner.number()
		return document.Number(string(n)), err
	}
	return nil, d.syntax("want a JSON value")
}
