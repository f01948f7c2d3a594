package awsjson

import (
	"fmt"
	"strings"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/editdist"
)

// Error is what Decode, DecodeMap and Encode return for bad input: the JSON
// path of the problem, such as "/Filters/0/Name" ("/" for the top level), and
// what was wrong. It holds member names, JSON and Go types, never a value
// from the input, because inputs can hold secrets.
//
// Unwrap gives awsretry.ErrInvalidArguments for bad input, or
// awsretry.ErrInvalidOptions when an option is missing or wrong, so callers
// can test with errors.Is.
//
// Key and the keys in Path are cut to their first 64 bytes and "…" when
// longer, and a Path of more than 12 steps shows its first 8 and last 4
// with "…" between them, so that an error stays small whatever the input;
// the message gives a cut Key's length. No member name is that long.
type Error struct {
	Key    string // the object key at fault, if one is: an unknown or repeated member
	Path   string // a JSON pointer; "/" is the top level; the key's object for Key
	Reason string // what was wrong, with no input value
	Err    error  // the sentinel: awsretry.ErrInvalidArguments or ErrInvalidOptions

	// Cause is a stream hook's error, when one failed. It is not in the
	// message, because it may hold input, such as a file name.
	Cause error

	keyLen int  // Key's length before it was cut
	syntax bool // the input is not JSON
}

// Error says what was wrong and where, never with an input value.
func (e *Error) Error() string {
	if e.Key != "" {
		size := ""
		if e.keyLen > editdist.MaxShown {
			size = fmt.Sprintf(" (%d bytes)", e.keyLen)
		}
		return fmt.Sprintf("awsjson: %q%s at %s: %s", e.Key, size, e.Path, e.Reason)
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

// pathString renders segments as a JSON pointer, "/" for none. Past
// pathSteps steps it shows the first and last few, with "…" between.
func pathString[S fmt.Stringer](segs []S) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for i, s := range segs {
		if len(segs) > pathSteps && i == pathHead {
			b.WriteString("/…")
		}
		if len(segs) > pathSteps && i >= pathHead && i < len(segs)-(pathSteps-pathHead) {
			continue
		}
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(s.String()))
	}
	return b.String()
}

// pathSteps is the most steps an error's path shows, pathHead of them
// from the start and the rest from the end.
const pathSteps, pathHead = 12, 8

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
