package awsjson

import (
	"math/big"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
)

var serializableType = reflect.TypeFor[smithy.Serializable]()

// wireNames returns, for struct type t, its member names as the API model
// spells them, keyed by Go field name, when t has a Serialize method (the
// JSON-protocol services of the current SDK): ECS's "clusterArn" for the
// field ClusterArn. It returns nil for other types; their member names are
// their field names.
//
// Serialize on a zero value writes the struct's schema first, and the
// schema lists every member; nothing else of the value is written.
func wireNames(t reflect.Type) map[string]string {
	if !reflect.PointerTo(t).Implements(serializableType) {
		return nil
	}
	p := &schemaProbe{}
	func() {
		defer func() { _ = recover() }() // a Serialize that cannot take a zero value: no names
		reflect.New(t).Interface().(smithy.Serializable).Serialize(p)
	}()
	if p.schema == nil {
		return nil
	}
	names := map[string]string{}
	for name := range p.schema.Members() {
		r, n := utf8.DecodeRuneInString(name)
		goName := string(unicode.ToUpper(r)) + name[n:]
		if f, ok := t.FieldByName(goName); ok && f.IsExported() && strings.EqualFold(goName, name) {
			names[goName] = name
		}
	}
	return names
}

// schemaProbe is a smithy.ShapeSerializer that keeps the first structure
// schema written and ignores the rest.
type schemaProbe struct{ schema *smithy.Schema }

func (p *schemaProbe) WriteStruct(s *smithy.Schema) {
	if p.schema == nil {
		p.schema = s
	}
}

func (*schemaProbe) Bytes() []byte                                { return nil }
func (*schemaProbe) WriteInt8(*smithy.Schema, int8)               {}
func (*schemaProbe) WriteInt16(*smithy.Schema, int16)             {}
func (*schemaProbe) WriteInt32(*smithy.Schema, int32)             {}
func (*schemaProbe) WriteInt64(*smithy.Schema, int64)             {}
func (*schemaProbe) WriteFloat32(*smithy.Schema, float32)         {}
func (*schemaProbe) WriteFloat64(*smithy.Schema, float64)         {}
func (*schemaProbe) WriteBool(*smithy.Schema, bool)               {}
func (*schemaProbe) WriteString(*smithy.Schema, string)           {}
func (*schemaProbe) WriteBigInt(*smithy.Schema, *big.Int)         {}
func (*schemaProbe) WriteBigFloat(*smithy.Schema, *big.Float)     {}
func (*schemaProbe) WriteBlob(*smithy.Schema, []byte)             {}
func (*schemaProbe) WriteTime(*smithy.Schema, time.Time)          {}
func (*schemaProbe) WriteUnion(_, _ *smithy.Schema)               {}
func (*schemaProbe) CloseUnion()                                  {}
func (*schemaProbe) WriteDocument(*smithy.Schema, document.Value) {}
func (*schemaProbe) WriteNil(*smithy.Schema)                      {}
func (*schemaProbe) CloseStruct()                                 {}
func (*schemaProbe) WriteList(*smithy.Schema)                     {}
func (*schemaProbe) CloseList()                                   {}
func (*schemaProbe) WriteMap(*smithy.Schema)                      {}
func (*schemaProbe) WriteKey(*smithy.Schema, string)              {}
func (*schemaProbe) CloseMap()                                    {}
