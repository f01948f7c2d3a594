package awsjson

import (
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
