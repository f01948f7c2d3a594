// Package editdist finds the names nearest to a name the program does not
// know, for the "did you mean" hints of awsretry and awsjson, and cuts long
// names short for the messages that carry them.
//
// Its work is bounded by the candidates, not by the name: a name too long
// to be within the limit of any candidate costs one pass over their
// lengths, and a comparison costs at most (2×limit+1) steps per byte of
// the longer of the two, with no allocation beyond two rows.
package editdist

import "slices"

// Closest returns up to n of names whose edit distance from name is at
// most limit, nearest first, ties in the order of names. ASCII letters
// compare without case ("maxresults" is 0 from "MaxResults"). A negative
// limit, or n below 1, gives none.
func Closest(name string, names []string, n, limit int) []string {
	if n < 1 || limit < 0 {
		return nil
	}
	longest := 0
	for _, c := range names {
		longest = max(longest, len(c))
	}
	if len(name)-longest > limit { // the distance is at least the difference in length
		return nil
	}
	type near struct{ i, d int }
	var found []near
	var rows []int
	for i, c := range names {
		var d int
		var ok bool
		if d, ok, rows = within(name, c, limit, rows); ok {
			found = append(found, near{i, d})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return a.d - b.d })
	out := make([]string, 0, min(n, len(found)))
	for _, f := range found[:min(n, len(found))] {
		out = append(out, names[f.i])
	}
	return out
}
