package awsjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Encode returns out, usually an SDK output such as
// *ec2.DescribeInstancesOutput, as JSON that reads like the AWS CLI's:
//   - members left out: nil pointers, nil slices and maps, unset unions,
//     empty value-typed strings (enums), and ResultMetadata;
//   - value-typed numbers and bools are kept, zero or not;
//   - a union is {"Tag": value}; map keys are sorted; times are ISO 8601 in
//     UTC ("2024-01-02T03:04:05+00:00"), with their fraction of a second to
//     the nanosecond, trailing zeros dropped; blobs follow the blob mode;
//   - a streaming member goes to the SaveStream hook and is left out.
//
// Errors: an *Error wrapping awsretry.ErrInvalidOptions for a streaming
// member with no SaveStream hook (the stream is closed); one wrapping
// awsretry.ErrInvalidArguments for a value JSON cannot hold (NaN, a channel).
func Encode(out any, opts ...Option) ([]byte, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	e := encoders.Get().(*encoder)
	defer e.release()
	e.opts = &o
	err = e.value(reflect.ValueOf(out))
	if err != nil {
		return nil, err
	}
	if o.indent == "" {
		return bytes.Clone(e.buf), nil
	}
	var b bytes.Buffer
	if err := json.Indent(&b, e.buf, "", o.indent); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encoders holds encoders whose buffers and stacks are reused; Encode
// returns a copy of the bytes written, one allocation of the right size.
var encoders = sync.Pool{New: func() any { return new(encoder) }}

// maxPooled bounds the buffer an encoder keeps for the next Encode.
const maxPooled = 1 << 20

// release empties e and returns it to the pool.
func (e *encoder) release() {
	if cap(e.buf) > maxPooled {
		e.buf = nil
	}
	clear(e.pairs[:cap(e.pairs)]) // no map keys kept alive
	clear(e.path[:cap(e.path)])
	*e = encoder{buf: e.buf[:0], path: e.path[:0], pairs: e.pairs[:0]}
	encoders.Put(e)
}

type encoder struct {
	buf   []byte
	opts  *options
	path  []seg
	pairs []pair // map keys being written, a stack for nested maps
}

// pair is a map key and the index of its value.
type pair struct {
	key string
	i   int
}

// value appends v. An invalid v (a nil interface) is null.
func (e *encoder) value(v reflect.Value) error {
	if len(e.path) > maxDepth {
		return &Error{Path: pathString(e.path), Reason: fmt.Sprintf("nested deeper than %d levels: a cycle?", maxDepth), Err: errInput}
	}
	if !v.IsValid() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	t := v.Type()
	if t == timeType {
		if v.CanAddr() { // no copy into an interface
			e.buf = appendTime(e.buf, *v.Addr().Interface().(*time.Time))
		} else {
			e.buf = appendTime(e.buf, v.Interface().(time.Time))
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(v.Elem())
	case reflect.Interface:
		return e.iface(v)
	case reflect.Struct:
		return e.structure(v, infoFor(t))
	case reflect.String:
		e.buf = appendString(e.buf, v.String())
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return e.float(v.Float(), t.Bits())
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			e.buf = appendBlob(e.buf, v.Bytes(), e.opts.blobs)
			return nil
		}
		return e.list(v)
	case reflect.Array:
		return e.list(v)
	case reflect.Map:
		return e.mapping(v)
	default:
		return &Error{Path: pathString(e.path), Reason: fmt.Sprintf("Go type %s cannot be JSON", t), Err: errInput}
	}
	return nil
}

// omit reports whether Encode leaves a member with value v out.
func omit(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return true
	}
	return false
}

func (e *encoder) structure(v reflect.Value, si *structInfo) error {
	e.buf = append(e.buf, '{')
	first := true
	for i := range si.members {
		m := &si.members[i]
		f := v.Field(m.index)
		if omit(f) {
			continue
		}
		e.path = append(e.path, seg{name: m.name, idx: -1})
		if f.Kind() == reflect.Interface && kindOf(f.Elem().Type()).reader {
			if err := e.saveStream(f.Elem().Interface().(io.Reader)); err != nil {
				return err
			}
			e.path = e.path[:len(e.path)-1]
			continue
		}
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		e.buf = append(e.buf, m.key...)
		if err := e.value(f); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, '}')
	return nil
}

func (e *encoder) list(v reflect.Value) error {
	e.buf = append(e.buf, '[')
	for i := range v.Len() {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.path = append(e.path, seg{idx: i})
		if err := e.value(v.Index(i)); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, ']')
	return nil
}

func (e *encoder) mapping(v reflect.Value) error {
	if v.Type().Key().Kind() != reflect.String {
		return &Error{Path: pathString(e.path), Reason: fmt.Sprintf("Go type %s cannot be JSON: its keys are not strings", v.Type()), Err: errInput}
	}
	// Keys go on the encoder's stack of pairs, values into one slice, so
	// that no entry costs an allocation; nested maps stack above this one.
	n := v.Len()
	vals := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), n, n)
	key := reflect.New(v.Type().Key()).Elem()
	base := len(e.pairs)
	for i, it := 0, v.MapRange(); it.Next(); i++ {
		key.SetIterKey(it)
		vals.Index(i).SetIterValue(it)
		e.pairs = append(e.pairs, pair{key.String(), i})
	}
	slices.SortFunc(e.pairs[base:], func(a, b pair) int { return strings.Compare(a.key, b.key) })
	e.buf = append(e.buf, '{')
	for i := range n {
		p := e.pairs[base+i]
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, p.key)
		e.buf = append(e.buf, ':')
		e.path = append(e.path, seg{name: p.key, idx: -1})
		if err := e.value(vals.Index(p.i)); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.pairs = e.pairs[:base]
	e.buf = append(e.buf, '}')
	return nil
}

// iface appends what an interface holds: a union member as {"Tag": value},
// a document as its JSON, anything else as itself.
func (e *encoder) iface(v reflect.Value) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	c := v.Elem()
	switch k := kindOf(c.Type()); {
	case k.doc:
		raw, err := c.Interface().(smithyDocument).MarshalSmithyDocument()
		if err != nil {
			return &Error{Path: pathString(e.path), Reason: "a document cannot be JSON", Err: errInput}
		}
		e.buf = append(e.buf, bytes.TrimSpace(raw)...)
		return nil
	case k.tag != "" && !c.IsNil():
		e.buf = append(e.buf, '{')
		e.buf = appendString(e.buf, k.tag)
		e.buf = append(e.buf, ':')
		e.path = append(e.path, seg{name: k.tag, idx: -1})
		if err := e.value(c.Elem().Field(k.value)); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
		e.buf = append(e.buf, '}')
		return nil
	case k.unknown && !c.IsNil():
		u := c.Elem()
		e.buf = append(e.buf, '{')
		e.buf = appendString(e.buf, u.Field(k.tagField).String())
		e.buf = append(e.buf, ':')
		e.buf = appendBlob(e.buf, u.Field(k.value).Bytes(), e.opts.blobs)
		e.buf = append(e.buf, '}')
		return nil
	}
	return e.value(c)
}

// smithyDocument is what every service's document.Interface implements.
type smithyDocument interface {
	MarshalSmithyDocument() ([]byte, error)
}

// float appends f as Python's json.dumps writes it, as the AWS CLI prints:
// exponent form below 1e-4 and from 1e16 on ("1e-05", "1e+16"), and a
// whole number with ".0".
func (e *encoder) float(f float64, bits int) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return &Error{Path: pathString(e.path), Reason: "a NaN or infinite number cannot be JSON", Err: errInput}
	}
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
		e.buf = strconv.AppendFloat(e.buf, f, 'e', -1, bits)
		return nil
	}
	start := len(e.buf)
	e.buf = strconv.AppendFloat(e.buf, f, 'f', -1, bits)
	if !bytes.ContainsRune(e.buf[start:], '.') {
		e.buf = append(e.buf, '.', '0')
	}
	return nil
}

// isoLayout is ISO 8601 as the AWS CLI v2 prints it: "+00:00", not "Z".
// Its fraction goes to the nanosecond, where the CLI's (Python's datetime)
// stops at the microsecond, so that Decode reads back the time the SDK
// holds; trailing zeros are dropped, so a service's milliseconds print as
// the CLI prints them.
const isoLayout = "2006-01-02T15:04:05.999999999-07:00"

func appendTime(buf []byte, t time.Time) []byte {
	buf = append(buf, '"')
	buf = t.UTC().AppendFormat(buf, isoLayout)
	return append(buf, '"')
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string, as encoding/json writes it
// without HTML escaping; invalid UTF-8 becomes U+FFFD.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
