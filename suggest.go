package awsretry

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/awsretry/awsretry/internal/editdist"
)

// unknownMethod explains that the client has no method name, with the
// closest names it does have, or a hint when the method needs a pointer
// receiver.
func (tb *methodTable) unknownMethod(name string) error {
	hint := ""
	if _, ok := reflect.PointerTo(tb.typ).MethodByName(name); ok && tb.typ.Kind() != reflect.Pointer {
		hint = fmt.Sprintf("; it is a method of *%s: decorate a pointer", tb.typ)
	} else if close := tb.closest(name, 3); len(close) > 0 {
		hint = "; did you mean " + strings.Join(close, ", ") + "?"
	}
	return fmt.Errorf("%w: %s has no exported method %q%s", ErrUnknownMethod, tb.typ, name, hint)
}

// closest returns up to n method names nearest to name, ignoring case:
// those equal but for case first, then those within a small edit distance.
func (tb *methodTable) closest(name string, n int) []string {
	type candidate struct {
		name string
		d    int
	}
	limit := max(2, len(name)/4)
	lower := strings.ToLower(name)
	var cs []candidate
	for _, m := range tb.names() {
		if d := editdist.Distance(lower, strings.ToLower(m)); d <= limit {
			cs = append(cs, candidate{m, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b candidate) int { return cmp.Compare(a.d, b.d) })
	out := make([]string, 0, n)
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.name)
	}
	return out
}
