package awsjson

import (
	"io"
	"reflect"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aws/smithy-go/middleware"
)

var (
	timeType     = reflect.TypeFor[time.Time]()
	readerType   = reflect.TypeFor[io.Reader]()
	metadataType = reflect.TypeFor[middleware.Metadata]()
)

// member is one exported field of an SDK struct: an API member.
type member struct {
	name  string // the member name: the model's where the type has a schema, else the Go field name
	alt   string // name with its first letter's case changed: "Cluster" for ECS's "cluster"
	index int
	typ   reflect.Type
	key   []byte // `"name":`, as Encode writes it
}

// structInfo is what reflection learns of one struct type, once.
type structInfo struct {
	members []member
	byName  map[string]int // name and alt → index in members
}

// structs caches a *structInfo per struct type; entries never change.
var structs sync.Map

// infoFor returns the members of struct type t. A field is a member when it
// is exported and is not ResultMetadata. Its name is the model's when t has
// a schema (see wireNames).
func infoFor(t reflect.Type) *structInfo {
	if si, ok := structs.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}}
	wire := wireNames(t)
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous || f.Type == metadataType {
			continue
		}
		name := f.Name
		if w, ok := wire[name]; ok {
			name = w
		}
		m := member{name: name, alt: flipFirst(name), index: i, typ: f.Type, key: append(appendString(nil, name), ':')}
		si.byName[m.name] = len(si.members)
		if _, taken := si.byName[m.alt]; !taken {
			si.byName[m.alt] = len(si.members)
		}
		si.members = append(si.members, m)
	}
	actual, _ := structs.LoadOrStore(t, si)
	return actual.(*structInfo)
}

// flipFirst changes the case of name's first letter.
func flipFirst(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	switch {
	case unicode.IsUpper(r):
		return string(unicode.ToLower(r)) + name[n:]
	case unicode.IsLower(r):
		return string(unicode.ToUpper(r)) + name[n:]
	}
	return name
}

// names returns the member names, for suggestions.
func (si *structInfo) names() []string {
	out := make([]string, len(si.members))
	for i, m := range si.members {
		out[i] = m.name
	}
	return out
}
