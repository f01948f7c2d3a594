package main

import (
	"fmt"
	"slices"
)

// repeatRuns runs every strategy reps times, the repeats interleaved, and
// prints each run's line as it ends.
func repeatRuns[T any](sts []strategy, reps int, name string, run func(strategy) (T, error), line func(T) string) ([][]T, error) {
	runs := make([][]T, len(sts))
	for rep := range reps {
		for i, st := range sts {
			r, err := run(st)
			if err != nil {
				return nil, err
			}
			runs[i] = append(runs[i], r)
			fmt.Printf("  %s run %d  %-56s %s\n", name, rep+1, st.Name, line(r))
		}
	}
	return runs, nil
}

// medianOf is the median of f over rs.
func medianOf[T any](rs []T, f func(T) float64) float64 {
	vs := make([]float64, len(rs))
	for i, r := range rs {
		vs[i] = f(r)
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}
