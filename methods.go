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

// buildTable describes every exported method of t. The methods, their
// signatures and their types are allocated in a few large pieces, not one
// or more each: *ec2.Client has over 800 methods.
func buildTable(t reflect.Type) *methodTable {
	n := t.NumMethod()
	tb := &methodTable{typ: t, byName: make(map[string]*method, n), names: make([]string, 0, n)}
	methods := make([]method, n)
	sigs := make([]signature, n)
	var types []reflect.Type
	for i := range n {
		rm := t.Method(i) // exported methods only
		sigs[i].describe(rm.Type, 1, &types)
		methods[i] = method{name: rm.Name, index: i, fn: rm.Func, signature: &sigs[i]}
		tb.byName[rm.Name] = &methods[i]
		tb.names = append(tb.names, rm.Name)
	}
	sort.Strings(tb.names)
	return tb
}
