package awsjson

import (
	"encoding/base64"
	"reflect"
	"unicode/utf8"
)

// blob decodes a blob string by the blob mode.
func (d *decoder) blob(v reflect.Value) error {
	if d.peek() != '"' {
		return d.mismatch(v.Type())
	}
	s, err := d.str()
	if err != nil {
		return err
	}
	if d.opts.blobs == Raw {
		v.SetBytes(append([]byte{}, s...))
		return nil
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(b, s)
	if err != nil {
		return d.fail("want base64 text for a blob (or use awsjson.Blobs(awsjson.Raw) for raw text)")
	}
	v.SetBytes(b[:n])
	return nil
}

// appendBlob writes b as a JSON string by the blob mode: base64, or raw text
// when the mode is Raw and b is valid UTF-8.
func appendBlob(buf, b []byte, mode BlobMode) []byte {
	if mode == Raw && utf8.Valid(b) {
		return appendString(buf, string(b))
	}
	buf = append(buf, '"')
	buf = base64.StdEncoding.AppendEncode(buf, b)
	return append(buf, '"')
}
