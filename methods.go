package awsretry

import (
	"reflect"
	"sort"
	"sync"
)

// method is one exported method of a client type.
type method struct {
	name  string
	index int           // in the type's method set
	fn    reflect.Value // the method's func; the receiver is its first argument
	*signature
}

// methodTable holds the exported methods of one client type.
type methodTable struct {
	typ    reflect.Type
	byName map[string]*method
	names  []string // sorted
}

// tables caches one methodTable per client type: the only global state in
// the package. Tables never change once stored.
var tables sync.Map // reflect.Type → *methodTable

// tableFor returns the method table of t, building it on first use.
func tableFor(t reflect.Type) *methodTable {
	if tb, ok := tables.Load(t); ok {
		return tb.(*methodTable)
	}
	tb, _ := tables.LoadOrStore(t, buildTable(t))
	return tb.(*methodTable)
}

func buildTable(t reflect.Type) *methodTable {
	n := t.NumMethod()
	tb := &methodTable{typ: t, byName: make(map[string]*method, n), names: make([]string, 0, n)}
	for i := range n {
		m := t.Method(i) // exported methods only
		tb.byName[m.Name] = &method{name: m.Name, index: i, fn: m.Func, signature: newSignature(m.Type, 1)}
		tb.names = append(tb.names, m.Name)
	}
	sort.Strings(tb.names)
	return tb
}
