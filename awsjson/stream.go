package awsjson

import (
	"fmt"
	"io"
	"reflect"
)

// stream decodes a streaming input member through the OpenStream hook.
func (d *decoder) stream(v reflect.Value) error {
	if d.opts.open == nil {
		return &Error{Path: pathString(d.path), Reason: "a streaming member (io.Reader): pass awsjson.OpenStream (or awsjson.OpenStream(awsjson.TextStreams)) to give its content", Err: errOptions}
	}
	if d.peek() != '"' {
		return d.mismatch(v.Type())
	}
	s, err := d.str()
	if err != nil {
		return err
	}
	path := pathString(d.path)
	r, err := d.opts.open(path, string(s))
	if err != nil {
		return &Error{Path: path, Reason: "the OpenStream hook failed (its error is in Error.Cause)", Err: errInput, Cause: err}
	}
	if r == nil {
		return &Error{Path: path, Reason: "the OpenStream hook returned a nil reader", Err: errOptions}
	}
	v.Set(reflect.ValueOf(r))
	return nil
}

// saveStream hands a streaming output member to the SaveStream hook and
// closes it; with no hook it closes it and fails.
func (e *encoder) saveStream(r io.Reader) error {
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	path := pathString(e.path)
	if e.opts.save == nil {
		return &Error{Path: path, Reason: "a streaming member (io.Reader) is not printed: pass awsjson.SaveStream to read it", Err: errOptions}
	}
	if err := e.opts.save(path, r); err != nil {
		return &Error{Path: path, Reason: "the SaveStream hook failed (its error is in Error.Cause)", Err: errInput, Cause: err}
	}
	return nil
}

// checkStreams fails when the output of client type ct's method has a
// streaming member, which Encode could not print without a SaveStream hook:
// better said before the call than after it.
func checkStreams(ct reflect.Type, method string) error {
	m, ok := ct.MethodByName(method)
	if !ok || m.Type.NumOut() == 0 {
		return nil
	}
	out := m.Type.Out(0)
	if out.Kind() == reflect.Pointer {
		out = out.Elem()
	}
	if out.Kind() != reflect.Struct {
		return nil
	}
	for i := range out.NumField() {
		f := out.Field(i)
		if f.IsExported() && f.Type.Kind() == reflect.Interface && f.Type.Implements(readerType) {
			return &Error{Path: "/" + f.Name, Reason: fmt.Sprintf("%s's output has a streaming member: pass awsjson.SaveStream to read it", method), Err: errOptions}
		}
	}
	return nil
}
