package awsjson

import (
	"reflect"
	"sync"
)

// concrete is what Encode needs to know of a type found in an interface,
// learned once per type.
type concrete struct {
	reader   bool   // an io.Reader: a streaming member
	doc      bool   // a smithy document
	tag      string // a union member's tag, or ""
	unknown  bool   // a *UnknownUnionMember, with Tag and Value
	value    int    // the index of a union member's Value field
	tagField int    // the index of an UnknownUnionMember's Tag field
}

var (
	concretes    sync.Map // reflect.Type → *concrete
	documentType = reflect.TypeFor[smithyDocument]()
)

func kindOf(t reflect.Type) *concrete {
	if k, ok := concretes.Load(t); ok {
		return k.(*concrete)
	}
	k := &concrete{reader: t.Implements(readerType), doc: t.Implements(documentType)}
	if tag, ok := memberTag(t); ok {
		f, _ := t.Elem().FieldByName("Value")
		k.tag, k.value = tag, f.Index[0]
	} else if tagF, valF, ok := unknownFields(t); ok {
		k.unknown, k.tagField, k.value = true, tagF, valF
	}
	actual, _ := concretes.LoadOrStore(t, k)
	return actual.(*concrete)
}

// unknownFields finds the Tag and Value fields of *types.UnknownUnionMember,
// the union member the SDK did not know when it was built.
func unknownFields(t reflect.Type) (tag, value int, ok bool) {
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || t.Elem().Name() != "UnknownUnionMember" {
		return 0, 0, false
	}
	tf, ok1 := t.Elem().FieldByName("Tag")
	vf, ok2 := t.Elem().FieldByName("Value")
	if !ok1 || !ok2 || tf.Type.Kind() != reflect.String || vf.Type.Kind() != reflect.Slice || vf.Type.Elem().Kind() != reflect.Uint8 {
		return 0, 0, false
	}
	return tf.Index[0], vf.Index[0], true
}
