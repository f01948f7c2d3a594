package awsjson

import (
	"cmp"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
)

// The JSON-protocol services of the current SDK (DynamoDB from v1.69, SQS,
// Lambda, ECS, KMS) generate Deserialize(smithy.ShapeDeserializer) methods
// that build each union member by a switch on the member's schema. Driving
// those methods with a probe that picks each member in turn makes them
// construct every member type; a walk of the result then finds them. That
// is how Call knows a union's members with no RegisterUnion.
//
// Outputs have Deserialize, inputs do not, so the probe runs the outputs of
// every method of a client; a union in an input is found when it also
// appears in an output or in another union member (DynamoDB's
// AttributeValue: GetItemOutput.Item).

const (
	probeMaxFrames = 24 // deeper shapes are cut off: recursion ends here
	probeMaxUnions = 3  // nested unions followed, such as L in L in L
)

// probed records client types whose outputs have been probed.
var probed sync.Map // reflect.Type → *sync.Once

// learnUnions registers the union members found in the outputs of the
// methods of client's type, once per type.
func learnUnions(ct reflect.Type) {
	once, _ := probed.LoadOrStore(ct, new(sync.Once))
	once.(*sync.Once).Do(func() {
		found := map[reflect.Type]map[string]reflect.Type{}
		for i := range ct.NumMethod() {
			mt := ct.Method(i).Type
			if mt.NumOut() == 0 {
				continue
			}
			if out := mt.Out(0); out.Kind() == reflect.Pointer && out.Elem().Kind() == reflect.Struct && out.Implements(deserializableType) {
				probeType(out.Elem(), found)
			}
		}
		for it, members := range found {
			addUnion(it, members)
		}
	})
}

var deserializableType = reflect.TypeFor[smithy.Deserializable]()

// probeType runs t's Deserialize once per union member index until every
// member of every union met has been chosen, collecting member types.
func probeType(t reflect.Type, found map[reflect.Type]map[string]reflect.Type) {
	for pass, widest := 0, 1; pass < widest; pass++ {
		v := reflect.New(t)
		p := &probe{pass: pass}
		if !p.run(v.Interface().(smithy.Deserializable)) {
			return
		}
		collect(v, found, 0)
		widest = max(widest, p.widest)
	}
}

// collect walks v and records each union member it holds, under the
// interface type of its slot.
func collect(v reflect.Value, found map[reflect.Type]map[string]reflect.Type, depth int) {
	if depth > 2*probeMaxFrames {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			collect(v.Elem(), found, depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		if tag, ok := memberTag(v.Elem().Type()); ok {
			if found[v.Type()] == nil {
				found[v.Type()] = map[string]reflect.Type{}
			}
			found[v.Type()][tag] = v.Elem().Type()
		}
		collect(v.Elem(), found, depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				collect(v.Field(i), found, depth+1)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			collect(v.Index(i), found, depth+1)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			collect(it.Value(), found, depth+1)
		}
	}
}

// frame is one open structure, list, map or union in the probe.
type frame struct {
	kind    byte             // 's', 'l', 'm' or 'u'
	members []*smithy.Schema // a structure's, in name order
	next    int              // the next member or item to give
	schema  *smithy.Schema   // a union's
	started bool             // a union's member value has begun
	done    bool             // a union's member value has been read
}

// probe is a smithy.ShapeDeserializer that reads one of everything: each
// structure member, one list item, one map entry, and one union member,
// chosen by the pass number. Scalars are left zero.
type probe struct {
	pass   int
	widest int // the most members of a union met
	stack  []frame
	unions int // open union frames
}

// run calls d.Deserialize(p), reporting false if it panicked.
func (p *probe) run(d smithy.Deserializable) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_ = d.Deserialize(p)
	return true
}

func (p *probe) top() *frame {
	if len(p.stack) == 0 {
		return nil
	}
	return &p.stack[len(p.stack)-1]
}

// value notes that a value begins (compound) or is read whole (scalar).
func (p *probe) value(compound bool) {
	if f := p.top(); f != nil && f.kind == 'u' && !f.done {
		f.started = true
		f.done = !compound
	}
}

func (p *probe) push(f frame) {
	p.value(true)
	p.stack = append(p.stack, f)
	if f.kind == 'u' {
		p.unions++
	}
}

func (p *probe) pop() {
	if p.top().kind == 'u' {
		p.unions--
	}
	p.stack = p.stack[:len(p.stack)-1]
	if f := p.top(); f != nil && f.kind == 'u' {
		f.done = true
	}
}

func (p *probe) scalar() error { p.value(false); return nil }

func (p *probe) ReadInt8(*smithy.Schema, *int8) error          { return p.scalar() }
func (p *probe) ReadInt16(*smithy.Schema, *int16) error        { return p.scalar() }
func (p *probe) ReadInt32(*smithy.Schema, *int32) error        { return p.scalar() }
func (p *probe) ReadInt64(*smithy.Schema, *int64) error        { return p.scalar() }
func (p *probe) ReadFloat32(*smithy.Schema, *float32) error    { return p.scalar() }
func (p *probe) ReadFloat64(*smithy.Schema, *float64) error    { return p.scalar() }
func (p *probe) ReadBool(*smithy.Schema, *bool) error          { return p.scalar() }
func (p *probe) ReadString(*smithy.Schema, *string) error      { return p.scalar() }
func (p *probe) ReadBlob(*smithy.Schema, *[]byte) error        { return p.scalar() }
func (p *probe) ReadTime(*smithy.Schema, *time.Time) error     { return p.scalar() }
func (p *probe) ReadBigInt(*smithy.Schema, *big.Int) error     { return p.scalar() }
func (p *probe) ReadBigFloat(*smithy.Schema, *big.Float) error { return p.scalar() }
func (p *probe) ReadDocument(*smithy.Schema, *document.Value) error {
	return p.scalar()
}
func (p *probe) ReadNil(*smithy.Schema) (bool, error) { return false, nil }

func (p *probe) ReadStruct(s *smithy.Schema) error {
	f := frame{kind: 's'}
	if s != nil && len(p.stack) < probeMaxFrames {
		f.members = slices.SortedFunc(maps.Values(s.Members()), func(a, b *smithy.Schema) int {
			return cmp.Compare(a.MemberName(), b.MemberName())
		})
	}
	p.push(f)
	return nil
}

func (p *probe) ReadStructMember() (*smithy.Schema, error) {
	f := p.top()
	if f == nil || f.kind != 's' || f.next >= len(f.members) {
		if f != nil && f.kind == 's' {
			p.pop()
		}
		return nil, nil
	}
	f.next++
	return f.members[f.next-1], nil
}

func (p *probe) ReadList(*smithy.Schema) error { p.push(frame{kind: 'l'}); return nil }

func (p *probe) ReadListItem(*smithy.Schema) (bool, error) { return p.item('l'), nil }

func (p *probe) ReadMap(*smithy.Schema) error { p.push(frame{kind: 'm'}); return nil }

func (p *probe) ReadMapKey(*smithy.Schema) (string, bool, error) {
	if p.item('m') {
		return "k", true, nil
	}
	return "", false, nil
}

// item gives one element of the open list or map, then ends it.
func (p *probe) item(kind byte) bool {
	f := p.top()
	if f == nil || f.kind != kind {
		return false
	}
	if f.next == 0 && len(p.stack) < probeMaxFrames {
		f.next++
		return true
	}
	p.pop()
	return false
}

// ReadUnion opens a union and gives its member number pass, or closes the
// open one when its member has been read.
func (p *probe) ReadUnion(s *smithy.Schema) (*smithy.Schema, error) {
	if f := p.top(); f != nil && f.kind == 'u' && f.done && f.schema == s {
		p.pop()
		return nil, nil
	}
	if s == nil || len(s.Members()) == 0 || p.unions >= probeMaxUnions || len(p.stack) >= probeMaxFrames {
		p.value(false)
		return nil, nil
	}
	members := slices.SortedFunc(maps.Values(s.Members()), func(a, b *smithy.Schema) int {
		return cmp.Compare(a.MemberName(), b.MemberName())
	})
	p.widest = max(p.widest, len(members))
	p.push(frame{kind: 'u', schema: s})
	return members[p.pass%len(members)], nil
}
