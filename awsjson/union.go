package awsjson

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// unionInfo is the members of one union interface, by tag.
type unionInfo struct {
	byTag map[string]reflect.Type // tag → pointer-to-struct member type
	tags  []string                // sorted
}

// unions is the registry of union members: reflect.Type of the interface →
// *unionInfo. Entries are replaced, never changed, under unionsMu.
var (
	unions   sync.Map
	unionsMu sync.Mutex
)

// RegisterUnion tells the decoder the members of the union interface I, so
// that {"S": "a"} decodes to &types.AttributeValueMemberS{Value: "a"}:
//
//	awsjson.RegisterUnion[types.AttributeValue](
//		&types.AttributeValueMemberS{}, &types.AttributeValueMemberN{}, ...)
//
// A member's tag is its type's name after "Member". Like gob.Register it
// records facts about types, is safe for concurrent use, and may be called
// again with more members. Where a service ships Deserialize methods (the
// JSON-protocol services of the current SDK, such as DynamoDB), the decoder
// finds the members itself and no registration is needed.
//
// RegisterUnion panics, as gob.Register does, when I is not an interface or
// a member is nil, not a pointer to a struct with a Value field, or has no
// "Member" in its type name: these are errors in the program, not in data.
func RegisterUnion[I any](members ...I) {
	it := reflect.TypeFor[I]()
	if it.Kind() != reflect.Interface {
		panic(fmt.Sprintf("awsjson: RegisterUnion: %s is not an interface", it))
	}
	add := map[string]reflect.Type{}
	for i, m := range members {
		mt := reflect.TypeOf(m)
		tag, ok := memberTag(mt)
		if !ok {
			panic(fmt.Sprintf("awsjson: RegisterUnion[%s]: member %d (%v) is not a pointer to a struct named ...Member<Tag> with a Value field", it, i, mt))
		}
		add[tag] = mt
	}
	addUnion(it, add)
}

// addUnion merges members into the registry entry of it.
func addUnion(it reflect.Type, add map[string]reflect.Type) {
	unionsMu.Lock()
	defer unionsMu.Unlock()
	next := &unionInfo{byTag: map[string]reflect.Type{}}
	if old, ok := unions.Load(it); ok {
		maps.Copy(next.byTag, old.(*unionInfo).byTag)
	}
	maps.Copy(next.byTag, add)
	next.tags = slices.Sorted(maps.Keys(next.byTag))
	unions.Store(it, next)
}

// memberTag returns the tag of union member type mt: its name after the
// last "Member". mt must be a pointer to a struct with a Value field.
func memberTag(mt reflect.Type) (string, bool) {
	if mt == nil || mt.Kind() != reflect.Pointer || mt.Elem().Kind() != reflect.Struct {
		return "", false
	}
	if _, ok := mt.Elem().FieldByName("Value"); !ok {
		return "", false
	}
	name := mt.Elem().Name()
	i := strings.LastIndex(name, "Member")
	if i < 0 || i+len("Member") == len(name) {
		return "", false
	}
	return name[i+len("Member"):], true
}

// unionOf returns the members of union interface it: registered, or found
// by learnUnions. ok is false when none are known.
func unionOf(it reflect.Type) (*unionInfo, bool) {
	if u, ok := unions.Load(it); ok {
		return u.(*unionInfo), true
	}
	return nil, false
}

// union decodes {"Tag": value} into an interface that holds a union member.
func (d *decoder) union(v reflect.Value) error {
	t := v.Type()
	u, ok := unionOf(t)
	if !ok && d.opts.client != nil {
		learnUnions(d.opts.client)
		u, ok = unionOf(t)
	}
	if !ok {
		return d.fail(fmt.Sprintf("the members of union %s are unknown: register them with awsjson.RegisterUnion[%s]", t, t))
	}
	if d.peek() != '{' {
		return d.mismatch(t)
	}
	n := 0
	err := d.object(func(key []byte) error {
		mt, ok := u.byTag[string(key)]
		if !ok && d.opts.client != nil { // registered in part: the client may know the rest
			learnUnions(d.opts.client)
			u, _ = unionOf(t)
			mt, ok = u.byTag[string(key)]
		}
		if !ok {
			return d.unknownMember(t, key, u.tags)
		}
		if n++; n > 1 {
			return d.keyError(key, fmt.Sprintf("a second member for union %s, which takes one", t))
		}
		mv := reflect.New(mt.Elem())
		if err := d.value(mv.Elem().FieldByName("Value")); err != nil {
			return err
		}
		v.Set(mv)
		return nil
	})
	if err == nil && n == 0 {
		return d.fail(fmt.Sprintf("union %s needs one member, one of %s", t, strings.Join(u.tags, ", ")))
	}
	return err
}
