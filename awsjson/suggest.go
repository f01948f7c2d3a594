package awsjson

import (
	"github.com/awsretry/awsretry/internal/editdist"
)

// closest returns the name nearest to key, ignoring case, or "" when none
// is within a small edit distance: a third of key's length, at least 1, and
// less than all of it. A key much longer than every name costs one look at
// their lengths.
func closest(key []byte, names []string) string {
	if c := editdist.Closest(string(key), names, 1, min(max(1, len(key)/3), len(key)-1)); len(c) > 0 {
		return c[0]
	}
	return ""
}

// shortKey is key as an error shows it: whole up to editdist.MaxShown
// bytes, else cut short with "…". Only the bytes shown are copied.
func shortKey(key []byte) string {
	return editdist.Shorten(string(key[:min(len(key), editdist.MaxShown+1)]))
}
