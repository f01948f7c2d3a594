package editdist_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry/internal/editdist"
)

func TestClosest(t *testing.T) {
	names := []string{"Filters", "MaxResults", "NextToken", "DryRun", "InstanceIds"}
	tests := []struct {
		name  string
		n     int
		limit int
		want  []string
	}{
		{"Filter", 1, 2, []string{"Filters"}},
		{"maxresults", 1, 3, []string{"MaxResults"}},
		{"DryRn", 3, 2, []string{"DryRun"}},
		{"Zzzzzzzzzz", 3, 3, []string{}},
		{"Filter", 0, 2, nil},
		{"Filter", 1, -1, nil},
		{"", 3, 0, []string{}},
		{strings.Repeat("Q", 10<<20), 3, 10 << 20 / 3, nil}, // longer than any name by more than the limit
	}
	for _, tt := range tests {
		got := editdist.Closest(tt.name, names, tt.n, tt.limit)
		require.Equal(t, tt.want, got, "%.20q", tt.name)
	}
	// Nearest first; ties keep the order of names.
	require.Equal(t, []string{"ab", "ac", "ba"}, editdist.Closest("ab", []string{"ba", "ac", "ab", "zz"}, 3, 2))
	require.Equal(t, []string{"ab", "ac", "bb"}, editdist.Closest("ab", []string{"ac", "ab", "zz", "bb"}, 3, 1))
}

func TestShortenAndQuote(t *testing.T) {
	long := strings.Repeat("Q", 1<<20)
	tests := []struct {
		name, short, quoted string
	}{
		{"Filters", "Filters", `"Filters"`},
		{"", "", `""`},
		{strings.Repeat("a", 64), strings.Repeat("a", 64), `"` + strings.Repeat("a", 64) + `"`},
		{long, strings.Repeat("Q", 64) + "…", `"` + strings.Repeat("Q", 64) + `…" (1048576 bytes)`},
		// A cut never splits a character: é is two bytes, and byte 64 is its second.
		{strings.Repeat("a", 63) + "é" + "b", strings.Repeat("a", 63) + "…", `"` + strings.Repeat("a", 63) + `…" (66 bytes)`},
		{"a\"b\n", "a\"b\n", `"a\"b\n"`},
	}
	for _, tt := range tests {
		require.Equal(t, tt.short, editdist.Shorten(tt.name))
		require.Equal(t, tt.quoted, editdist.Quote(tt.name))
		require.LessOrEqual(t, len(editdist.Quote(tt.name)), editdist.MaxShown+32)
	}
}

func ExampleClosest() {
	members := []string{"Filters", "MaxResults", "NextToken"}
	fmt.Println(editdist.Closest("filter", members, 1, 2))
	fmt.Println(editdist.Quote(strings.Repeat("Q", 100)))
	// Output:
	// [Filters]
	// "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ…" (100 bytes)
}
