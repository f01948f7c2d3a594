package awsjson

import (
	"strings"

	"github.com/awsretry/awsretry/internal/editdist"
)

// closest returns the name nearest to key, ignoring case, or "" when none
// is within a small edit distance: a third of key's length, at least 1, and
// less than all of it.
func closest(key string, names []string) string {
	best, bestD := "", min(max(1, len(key)/3), len(key)-1)+1
	lower := strings.ToLower(key)
	for _, n := range names {
		if d := editdist.Distance(lower, strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}
