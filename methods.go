package awsretry

import (
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// method is one exported method of a client type.
type method struct {
	name  string
	index int           // in the type's method set
	fn    reflect.Value // the method's func; the receiver is its first argument
	*signature
}

// methodTable holds the exported methods of one client type. Each method is
// described on its first lookup, not all up front: *ec2.Client has over 800
// methods and a program calls a few, and describing one costs reflect a new
// func type.
type methodTable struct {
	typ    reflect.Type
	byName atomic.Pointer[map[string]*method] // copied on write: a lookup is one plain map read
	mu     sync.Mutex                         // serializes writers of byName
	names  func() []string                    // sorted, built once on first need
	folded func() map[string][]string         // foldName → names, for Resolve; built once on first need
}

// tables caches one methodTable per client type. Besides it, the package's
// only global state is the caches of nopOptions and pagers. Entries never
// change once stored.
var tables sync.Map // reflect.Type → *methodTable

// tableFor returns the method table of t, making it on first use.
func tableFor(t reflect.Type) *methodTable {
	if tb, ok := tables.Load(t); ok {
		return tb.(*methodTable)
	}
	tb := &methodTable{typ: t, names: sync.OnceValue(func() []string { return methodNames(t) })}
	tb.folded = sync.OnceValue(func() map[string][]string { return foldedNames(tb.names()) })
	tb.byName.Store(new(map[string]*method))
	actual, _ := tables.LoadOrStore(t, tb)
	return actual.(*methodTable)
}

// method returns the exported method called name.
func (tb *methodTable) method(name string) (*method, bool) {
	if m, ok := (*tb.byName.Load())[name]; ok {
		return m, true
	}
	return tb.add(name)
}

// add describes the method called name and stores it, if t has it.
func (tb *methodTable) add(name string) (*method, bool) {
	rm, ok := tb.typ.MethodByName(name) // a binary search; exported methods only
	if !ok {
		return nil, false
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	old := *tb.byName.Load()
	if m, ok := old[name]; ok {
		return m, true
	}
	m := &method{name: rm.Name, index: rm.Index, fn: rm.Func, signature: newSignature(rm.Type, 1)}
	next := make(map[string]*method, len(old)+1)
	maps.Copy(next, old)
	next[name] = m
	tb.byName.Store(&next)
	return m, true
}

// methodNames returns the names of t's exported methods, sorted.
func methodNames(t reflect.Type) []string {
	names := make([]string, t.NumMethod())
	for i := range names {
		names[i] = t.Method(i).Name
	}
	slices.Sort(names)
	return names
}
