package sim

import (
	"reflect"
	"testing"
)

// TestSameSeedSameNumbers runs a small storm twice per strategy with one
// seed, and once with another.
func TestSameSeedSameNumbers(t *testing.T) {
	for _, st := range Strategies() {
		t.Run(st.Name, func(t *testing.T) {
			a := Closed(st, 7, 10, 10, 200)
			b := Closed(st, 7, 10, 10, 200)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("seed 7 twice:\n%+v\n%+v", a, b)
			}
			if a.Successes != 100 || a.GaveUp != 0 {
				t.Fatalf("want 100 successes and no give-up, got %+v", a)
			}
			t.Logf("seed 7: %.3f attempts per success, %v", a.APS(), a.Elapsed)
		})
	}
	a, c := Closed(Strategies()[0], 7, 10, 10, 200), Closed(Strategies()[0], 8, 10, 10, 200)
	if a.Attempts == c.Attempts && a.Elapsed == c.Elapsed {
		t.Errorf("seeds 7 and 8 gave the same run: the seed is not used")
	}
}
