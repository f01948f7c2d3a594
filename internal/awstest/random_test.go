package awstest

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRandomFaultsHitTheirChancesAndReplay(t *testing.T) {
	chances := []Chance{{Throttle, 0.10}, {Internal, 0.02}, {Reset, 0.01}, {Hang, 0.005}, {DropResponse, 0.01}}
	rf, err := NewRandomFaults(42, chances...)
	require.NoError(t, err)
	const n = 200_000
	s := rf.Script(1)
	first := make([]Fault, 100)
	for i := 1; i <= n; i++ {
		f := s(i, nil)
		if i <= len(first) {
			first[i-1] = f
		}
	}
	counts := rf.Counts()
	for _, c := range chances {
		got := float64(counts[c.Fault]) / n
		// 5 standard deviations of a binomial proportion.
		require.InDelta(t, c.P, got, 5*math.Sqrt(c.P*(1-c.P)/n), "%v", c.Fault)
	}
	require.EqualValues(t, n, counts[Pass]+counts[Throttle]+counts[Internal]+counts[Reset]+counts[Hang]+counts[DropResponse])

	again, err := NewRandomFaults(42, chances...)
	require.NoError(t, err)
	replay := again.Script(1)
	other, _ := NewRandomFaults(43, chances...)
	otherScript := other.Script(1)
	differs := false
	for i := 1; i <= len(first); i++ {
		require.Equal(t, first[i-1], replay(i, nil), "request %d", i)
		differs = differs || otherScript(i, nil) != first[i-1]
	}
	require.True(t, differs, "another seed gave the same 100 faults")
}

func TestNewRandomFaultsRejectsBadChances(t *testing.T) {
	cases := []struct {
		name    string
		chances []Chance
		want    string
	}{
		{"negative", []Chance{{Throttle, -0.1}}, "out of range"},
		{"NaN", []Chance{{Throttle, math.NaN()}}, "out of range"},
		{"unknown fault", []Chance{{Fault(99), 0.1}}, "out of range"},
		{"more than 1", []Chance{{Throttle, 0.6}, {Reset, 0.5}}, "more than 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewRandomFaults(1, tc.chances...)
			require.ErrorContains(t, err, tc.want)
		})
	}
}
