package awsjson

import (
	"fmt"
	"strings"

	"github.com/awsretry/awsretry"
)

// Error is what Decode, DecodeMap and Encode return for bad input: the JSON
// path of the problem, such as "/Filters/0/Name" ("/" for the top level), and
// what was wrong. It holds member names, JSON and Go types, never a value
// from the input, because inputs can hold secrets.
//
// Unwrap gives awsretry.ErrInvalidArguments for bad input, or
// awsretry.ErrInvalidOptions when an option is missing or wrong, so callers
// can test with errors.Is.
type Error struct {
	Key    string // the object key at fault, if one is: an unknown or repeated member
	Path   string // a JSON pointer; "/" is the top level; the key's object for Key
	Reason string // what was wrong, with no input value
	Err    error  // the sentinel: awsretry.ErrInvalidArguments or ErrInvalidOptions

	// Cause is a stream hook's error, when one failed. It is not in the
	// message, because it may hold input, such as a file name.
	Cause error
}

// Error says what was wrong and where, never with an input value.
func (e *Error) Error() string {
	if e.Key != "" {
		return fmt.Sprintf("awsjson: %q at %s: %s", e.Key, e.Path, e.Reason)
	}
	return "awsjson: at " + e.Path + ": " + e.Reason
}

// Unwrap returns the sentinel and the Cause, if any.
func (e *Error) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Err, e.Cause}
	}
	return []error{e.Err}
}

var (
	errInput   = awsretry.ErrInvalidArguments
	errOptions = awsretry.ErrInvalidOptions
)

func invalidOptions(format string, args ...any) error {
	return &Error{Path: "/", Reason: fmt.Sprintf(format, args...), Err: errOptions}
}

// pathString renders segments as a JSON pointer, "/" for none.
func pathString[S fmt.Stringer](segs []S) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(s.String()))
	}
	return b.String()
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// jsonKind names the JSON type of a value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}
