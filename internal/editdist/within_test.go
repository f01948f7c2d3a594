package editdist

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// distance is the whole Levenshtein table with ASCII letters folded: the
// reference within must agree with.
func distance(a, b string) int {
	a, b = strings.ToLower(a), strings.ToLower(b)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestWithin(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		d     int
		ok    bool
	}{
		{"Filter", "Filters", 2, 1, true},
		{"maxresults", "MaxResults", 0, 0, true},
		{"", "", 0, 0, true},
		{"", "ab", 2, 2, true},
		{"", "ab", 1, 0, false},
		{"kitten", "sitting", 3, 3, true},
		{"kitten", "sitting", 2, 0, false},
		{"DescribeInstance", "DescribeInstances", 4, 1, true},
		{strings.Repeat("Q", 1<<20), "Filters", 1 << 18, 0, false}, // pruned by length
		{"a", "b", -1, 0, false},
	}
	for _, tt := range tests {
		d, ok, _ := within(tt.a, tt.b, tt.limit, nil)
		if d != tt.d || ok != tt.ok {
			t.Errorf("within(%.20q, %.20q, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.limit, d, ok, tt.d, tt.ok)
		}
	}
}

// TestWithinAgreesWithTheWholeTable compares within with the full table on
// random short strings over a small alphabet, where distances are varied,
// for every limit from 0 past the distance. Seeded: a failure replays.
func TestWithinAgreesWithTheWholeTable(t *testing.T) {
	const seed = 18
	r := rand.New(rand.NewPCG(seed, 0))
	word := func() string {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = "abAB-"[r.IntN(5)]
		}
		return string(b)
	}
	var rows []int
	for range 20000 {
		a, b := word(), word()
		want := distance(a, b)
		for limit := 0; limit <= want+2; limit++ {
			var d int
			var ok bool
			d, ok, rows = within(a, b, limit, rows)
			if ok != (want <= limit) || ok && d != want {
				t.Fatalf("seed %d: within(%q, %q, %d) = %d, %v; the table says %d", seed, a, b, limit, d, ok, want)
			}
		}
	}
}
