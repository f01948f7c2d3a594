package awsretry

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/awsretry/awsretry/internal/editdist"
)

// unknownMethod explains that the client has no method name, with the
// closest names it does have, or a hint when the method needs a pointer
// receiver. The name is cut short in the message when it is long; the
// hint's work is bounded by the method names, whatever name's length.
func (tb *methodTable) unknownMethod(name string) error {
	hint := ""
	if _, ok := reflect.PointerTo(tb.typ).MethodByName(name); ok && tb.typ.Kind() != reflect.Pointer {
		hint = fmt.Sprintf("; it is a method of *%s: decorate a pointer", tb.typ)
	} else if close := tb.closest(name, 3); len(close) > 0 {
		hint = "; did you mean " + strings.Join(close, ", ") + "?"
	}
	return fmt.Errorf("%w: %s has no exported method %s%s", ErrUnknownMethod, tb.typ, editdist.Quote(name), hint)
}

// closest returns up to n method names nearest to name, ignoring case:
// those equal but for case first, then those within a small edit
// distance, a quarter of name's length and at least 2.
func (tb *methodTable) closest(name string, n int) []string {
	return editdist.Closest(name, tb.names(), n, max(2, len(name)/4))
}
