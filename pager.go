package awsretry

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// tokenPair is one way the SDK moves to the next page: the output's field
// out holds the token that goes into the input's field in.
type tokenPair struct {
	in, out string
}

// tokenPairs are the pairs Pages knows, in the order it tries them: an input
// with Marker pairs with an output's NextMarker before its Marker.
var tokenPairs = [...]tokenPair{
	{"NextToken", "NextToken"},
	{"Marker", "NextMarker"},
	{"Marker", "Marker"},
	{"ContinuationToken", "NextContinuationToken"},
	{"ExclusiveStartKey", "LastEvaluatedKey"},
}

// knownPairs lists tokenPairs for error messages.
var knownPairs = func() string {
	s := make([]string, len(tokenPairs))
	for i, tp := range tokenPairs {
		s[i] = tp.in + "/" + tp.out
	}
	s[2] += " (with IsTruncated)"
	return strings.Join(s, ", ")
}()

// pager is what Pages knows of one method type: which argument is the input
// and which fields carry the token from one page to the next.
type pager struct {
	arg       int          // index of the input among the fixed parameters
	inType    reflect.Type // the input's pointer type
	inField   int          // the token's field in the input struct
	outPtr    bool         // the output is a pointer to its struct
	outField  int          // the token's field in the output struct
	truncated int          // the output's IsTruncated field, or -1
}

// pagers caches one *pager (nil when the method has no known token pair)
// per method func type. Like tables, it is only a cache: entries never
// change once stored.
var pagers sync.Map // reflect.Type → *pager

// pagerFor returns m's pager, or an error wrapping ErrInvalidArguments that
// names the method and the known pairs.
func pagerFor(m *method) (*pager, error) {
	t := m.fn.Type()
	pg, ok := pagers.Load(t)
	if !ok {
		pg, _ = pagers.LoadOrStore(t, buildPager(m.signature))
	}
	if pg := pg.(*pager); pg != nil {
		return pg, nil
	}
	return nil, fmt.Errorf("%w: Pages: %s has no known next-page token pair in its input and output (known input/output pairs: %s)",
		ErrInvalidArguments, m.name, knownPairs)
}

// buildPager finds the input parameter, a pointer to a struct, and the
// token pair between it and the single non-error result; nil when none fits.
func buildPager(s *signature) *pager {
	if s.result == nil || s.result == anySliceTy {
		return nil
	}
	out, outPtr := s.result, false
	if out.Kind() == reflect.Pointer {
		out, outPtr = out.Elem(), true
	}
	if out.Kind() != reflect.Struct {
		return nil
	}
	fixed := len(s.in)
	if s.variadic {
		fixed--
	}
	for i := range fixed {
		t := s.in[i]
		if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			continue
		}
		for _, tp := range tokenPairs {
			inF, ok := tokenField(t.Elem(), tp.in)
			if !ok {
				continue
			}
			outF, ok := tokenField(out, tp.out)
			if !ok || !outF.Type.AssignableTo(inF.Type) {
				continue
			}
			return &pager{
				arg: i, inType: t, inField: inF.Index[0],
				outPtr: outPtr, outField: outF.Index[0],
				truncated: truncatedField(out),
			}
		}
	}
	return nil
}

// tokenField returns st's field name when it is a field of st itself (not
// promoted, so reading it never goes through a nil embedded pointer) of a
// token's kind: *string, string, or a map.
func tokenField(st reflect.Type, name string) (reflect.StructField, bool) {
	f, ok := st.FieldByName(name)
	if !ok || len(f.Index) != 1 || !f.IsExported() {
		return f, false
	}
	switch t := f.Type; {
	case t.Kind() == reflect.String, t.Kind() == reflect.Map:
		return f, true
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.String:
		return f, true
	}
	return f, false
}

// truncatedField returns the index of st's IsTruncated field, a bool or
// *bool, or -1.
func truncatedField(st reflect.Type) int {
	f, ok := st.FieldByName("IsTruncated")
	if !ok || len(f.Index) != 1 || !f.IsExported() {
		return -1
	}
	if t := f.Type; t.Kind() == reflect.Bool || (t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Bool) {
		return f.Index[0]
	}
	return -1
}

// emptyToken reports whether v, a token field, holds no token: a nil
// pointer, "", a pointer to "", or an empty map.
func emptyToken(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer:
		return v.IsNil() || v.Elem().Len() == 0
	case reflect.String, reflect.Map:
		return v.Len() == 0
	}
	return true
}

// sameToken reports whether the tokens a and b, of one type, are equal.
func sameToken(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return a.Elem().String() == b.Elem().String()
	case reflect.String:
		return a.String() == b.String()
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// next returns the token in out, a result of the method, for the page after
// it, and whether there is such a page: the token is not empty, differs from
// prev (the token this page was asked for, of the input field's type), and
// IsTruncated, when the output has it, is not false.
func (pg *pager) next(out any, prev reflect.Value) (reflect.Value, bool) {
	v := reflect.ValueOf(out)
	if !v.IsValid() {
		return reflect.Value{}, false
	}
	if pg.outPtr {
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	if pg.truncated >= 0 {
		tr := v.Field(pg.truncated)
		if tr.Kind() == reflect.Pointer {
			if !tr.IsNil() && !tr.Elem().Bool() {
				return reflect.Value{}, false
			}
		} else if !tr.Bool() {
			return reflect.Value{}, false
		}
	}
	tok := v.Field(pg.outField)
	if emptyToken(tok) {
		return reflect.Value{}, false
	}
	if tok.Type() != prev.Type() {
		tok = tok.Convert(prev.Type())
	}
	if sameToken(tok, prev) {
		return reflect.Value{}, false
	}
	return copyToken(tok), true
}

// copyToken returns a copy of tok, so that a consumer who changes a page's
// output does not change where the next page starts. A map is copied
// shallowly.
func copyToken(tok reflect.Value) reflect.Value {
	c := reflect.New(tok.Type()).Elem()
	switch tok.Kind() {
	case reflect.Pointer:
		c.Set(reflect.New(tok.Type().Elem()))
		c.Elem().Set(tok.Elem())
	case reflect.Map:
		c.Set(reflect.MakeMapWithSize(tok.Type(), tok.Len()))
		for it := tok.MapRange(); it.Next(); {
			c.SetMapIndex(it.Key(), it.Value())
		}
	default:
		c.Set(tok)
	}
	return c
}
