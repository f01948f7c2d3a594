package awsjson

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
)

// Decode fills in, a pointer to an SDK input struct such as
// *ec2.DescribeInstancesInput, from data, a JSON object keyed by API member
// names as boto3 and the AWS CLI's --cli-input-json take them.
//
// Decoding is strict; each of these is an *Error that wraps
// awsretry.ErrInvalidArguments and names the JSON path:
//   - a key that names no member (with the closest member name); a key
//     matches a member's exact name, or the name with only its first
//     letter's case changed ("cluster" for ECS's Cluster), nothing looser;
//   - two keys for one member, or one key twice in a map;
//   - a JSON type that does not fit the member (naming both types);
//   - a number out of its member's range, such as an int32 above 2147483647,
//     or with a fraction for an integer member; an integer member takes a
//     whole value in any notation (5, 5.0, 5e0, as Python's int(5.0)), and
//     -0 as 0, signed or not;
//   - invalid UTF-8, or an escaped UTF-16 surrogate not in a pair (RFC 8259,
//     RFC 7493): never replaced with U+FFFD, since in a blob that changes
//     the data;
//   - a top-level value that is not an object (the error says which type
//     it is);
//   - invalid JSON, or data after the object, with its byte offset: a
//     syntax error anywhere in data is reported before any other error.
//
// Timestamps take RFC 3339, ISO 8601 with no zone (taken as UTC), a date
// alone, or epoch seconds as a number or a numeric string (read in decimal,
// to the nanosecond), from 0001-01-01 to 9999-12-31 in UTC: the times that
// Encode writes and Decode reads back, as Python's datetime holds them; a
// time out of that range is an error that says so. Blobs follow the
// blob mode (base64 by default). A union is an object with one key, its
// member's tag: {"S": "a"} for DynamoDB's AttributeValueMemberS. A null
// structure member is the same as leaving the member out; a null in a list,
// as a map's value or as a union's member is an error at its path, since
// the SDK cannot send it (only a document takes null as a value). Streaming
// members need OpenStream.
//
// Decode writes to in only what data sets, so in may hold defaults; on an
// error, in may be partly filled and must not be used.
func Decode(data []byte, in any, opts ...Option) error {
	o, err := buildOptions(opts)
	if err != nil {
		return err
	}
	root, err := target(in)
	if err != nil {
		return err
	}
	d := decoder{scanner: scanner{data: data}, opts: &o}
	if d.peek() != '{' {
		return firstSyntaxError(data, d.notObject())
	}
	if err := d.value(root); err != nil {
		return firstSyntaxError(data, err)
	}
	return d.end()
}

// notObject explains a top-level value that is not an object: invalid
// JSON as such, and valid JSON by its type.
func (d *decoder) notObject() error {
	c := d.peek()
	if c == 0 {
		return d.syntax("want a JSON object")
	}
	start := d.i
	if err := d.skip(); err != nil {
		return err
	}
	reason := "the input must be a JSON object, not a JSON " + jsonKind(c)
	if c == '"' && bytes.HasPrefix(bytes.TrimLeft(d.data[start+1:], " \t\n\r"), []byte("{")) {
		reason += " (JSON text in a string: decode the string first)"
	}
	return d.fail(reason)
}

// target checks that in is a non-nil pointer to a struct.
func target(in any) (reflect.Value, error) {
	v := reflect.ValueOf(in)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, &Error{Path: "/", Reason: fmt.Sprintf("the input must be a non-nil pointer to an SDK input struct, not %s", typeName(v)), Err: errInput}
	}
	return v.Elem(), nil
}

func typeName(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	return v.Type().String()
}

type decoder struct {
	scanner
	opts *options
}

// value decodes the next JSON value into v, which is settable. A null is
// an error here: structure calls value only for a member that is not null,
// and a document takes null as a value of its own.
func (d *decoder) value(v reflect.Value) error {
	t := v.Type()
	if d.peek() == 'n' && (t.Kind() != reflect.Interface || !isDocument(t)) {
		return d.null(t)
	}
	switch t {
	case timeType:
		return d.time(v)
	case readerType:
		return d.stream(v)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return d.value(v.Elem())
	case reflect.Struct:
		return d.structure(v, infoFor(t))
	case reflect.String:
		if d.peek() != '"' {
			return d.mismatch(t)
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(string(s))
		return nil
	case reflect.Bool:
		switch d.peek() {
		case 't':
			v.SetBool(true)
			return d.literal("true")
		case 'f':
			v.SetBool(false)
			return d.literal("false")
		}
		return d.mismatch(t)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return d.number(v)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return d.blob(v)
		}
		return d.list(v)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return d.fail(fmt.Sprintf("Go type %s is not supported", t))
		}
		return d.mapping(v)
	case reflect.Interface:
		if isDocument(t) {
			return d.document(v)
		}
		return d.union(v)
	}
	return d.fail(fmt.Sprintf("Go type %s is not supported", t))
}

// structure decodes an object into a struct, member by member.
func (d *decoder) structure(v reflect.Value, si *structInfo) error {
	if d.peek() != '{' {
		return d.mismatch(v.Type())
	}
	var seen uint64 // members set so far, when there are at most 64
	var seenMore []bool
	if len(si.members) > 64 {
		seenMore = make([]bool, len(si.members))
	}
	return d.object(func(key []byte) error {
		i, ok := si.byName[string(key)]
		if !ok {
			return d.unknownMember(v.Type(), key, si.names())
		}
		if seenMore != nil && seenMore[i] || seenMore == nil && seen&(1<<i) != 0 {
			return d.keyError(key, fmt.Sprintf("a second key for member %s", si.members[i].name))
		}
		if seenMore != nil {
			seenMore[i] = true
		} else {
			seen |= 1 << i
		}
		f := v.Field(si.members[i].index)
		if d.peek() == 'n' { // a null member is left out
			f.SetZero()
			return d.literal("null")
		}
		return d.value(f)
	})
}

// null explains a null where the SDK has no way to send one: in a list, a
// map or a union, where it would become a malformed or a different
// request ({"pk":} or "" on the wire, or an element dropped).
func (d *decoder) null(t reflect.Type) error {
	if err := d.literal("null"); err != nil {
		return err
	}
	return d.fail(fmt.Sprintf("got a JSON null, want %s: only a structure member may be null, which leaves it out", goKind(t)))
}

// unknownMember explains a key that names no member, one level up.
func (d *decoder) unknownMember(t reflect.Type, key []byte, names []string) error {
	reason := fmt.Sprintf("no such member in %s", t)
	if close := closest(key, names); close != "" {
		reason = fmt.Sprintf("did you mean %q? (no such member in %s)", close, t)
	}
	return d.keyError(key, reason)
}

// keyError is an error about key, at the path of its object.
func (d *decoder) keyError(key []byte, reason string) error {
	return &Error{Key: shortKey(key), keyLen: len(key), Path: pathString(d.path[:len(d.path)-1]), Reason: reason, Err: errInput}
}

func (d *decoder) list(v reflect.Value) error {
	if d.peek() != '[' {
		return d.mismatch(v.Type())
	}
	v.SetLen(0)
	err := d.array(func(i int) error {
		if i >= v.Cap() {
			v.Grow(1) // as append grows
		}
		v.SetLen(i + 1)
		return d.value(v.Index(i))
	})
	if err == nil && v.IsNil() { // [] is an empty list, not an absent one
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	}
	return err
}

func (d *decoder) mapping(v reflect.Value) error {
	if d.peek() != '{' {
		return d.mismatch(v.Type())
	}
	t := v.Type()
	if v.IsNil() {
		v.Set(reflect.MakeMap(t))
	}
	elem := reflect.New(t.Elem()).Elem()
	return d.object(func(key []byte) error {
		k := reflect.ValueOf(string(key)).Convert(t.Key())
		if v.MapIndex(k).IsValid() {
			return d.keyError(key, "the key appears twice")
		}
		elem.SetZero()
		if err := d.value(elem); err != nil {
			return err
		}
		v.SetMapIndex(k, elem)
		return nil
	})
}

// number decodes a JSON number into an int, uint or float of any size,
// failing when it does not fit.
func (d *decoder) number(v reflect.Value) error {
	t := v.Type()
	if c := d.peek(); c != '-' && (c < '0' || c > '9') {
		return d.mismatch(t)
	}
	text, err := d.scanner.number()
	if err != nil {
		return err
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(string(text), t.Bits())
		if err != nil {
			return d.fail(fmt.Sprintf("the number is out of range for %s", t))
		}
		v.SetFloat(f)
		return nil
	}
	i, u, reason := integer(text, t)
	if reason != "" {
		return d.fail(reason)
	}
	if v.CanUint() {
		v.SetUint(u)
	} else {
		v.SetInt(i)
	}
	return nil
}

// mismatch explains a JSON value of the wrong type, once it has checked
// that the value is valid JSON: what is not is reported as invalid JSON.
func (d *decoder) mismatch(t reflect.Type) error {
	c := d.peek()
	if err := d.skip(); err != nil {
		return err
	}
	return d.fail(fmt.Sprintf("got a JSON %s, want %s", jsonKind(c), goKind(t)))
}

// goKind names what JSON a Go type takes, with the type.
func goKind(t reflect.Type) string {
	switch {
	case t == timeType:
		return "a timestamp (time.Time)"
	case t == readerType:
		return "a string (io.Reader), which the OpenStream hook opens"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return "a blob string ([]byte)"
	case t.Kind() == reflect.Slice:
		return "an array (" + t.String() + ")"
	case t.Kind() == reflect.Map, t.Kind() == reflect.Struct:
		return "an object (" + t.String() + ")"
	case t.Kind() == reflect.Interface:
		return "an object with one member (" + t.String() + ")"
	case t.Kind() == reflect.String:
		return "a string (" + t.String() + ")"
	case t.Kind() == reflect.Bool:
		return "a boolean (" + t.String() + ")"
	}
	return "a number (" + t.String() + ")"
}
