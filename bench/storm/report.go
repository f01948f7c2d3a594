package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// row is one strategy's medians over its runs.
type row struct {
	Name       string
	Extra      bool
	TimeRatio  float64       // completion time / ideal
	AttPerOK   float64       // server requests / server successes
	GaveUp     int           // calls that returned an error
	P99        time.Duration // of one call
	Successful int           // successful calls
}

// summarize takes each figure's median over runs, figure by figure.
func summarize(st strategy, runs []result, l load) row {
	f := func(get func(result) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		return median(v)
	}
	out := row{
		Name:      st.Name,
		Extra:     st.Extra,
		TimeRatio: f(func(r result) float64 { return r.Elapsed.Seconds() / l.ideal().Seconds() }),
		AttPerOK:  f(result.attemptsPerSuccess),
		GaveUp:    int(f(func(r result) float64 { return float64(r.GaveUp) })),
		P99:       time.Duration(f(func(r result) float64 { return float64(r.P99) })),
	}
	// Every run makes every call, so this is the median run's count too.
	out.Successful = l.Workers*l.Calls - out.GaveUp
	return out
}

// median of v; v is reordered. For an even count, the lower middle value,
// so that every figure is one that a run measured.
func median(v []float64) float64 {
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

// markdownTable renders rows; extra rows are labelled as experiments.
func markdownTable(rows []row) string {
	var b strings.Builder
	b.WriteString("| strategy | time / ideal | attempts per success | gave up | successful calls | p99 of a call |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range rows {
		name := r.Name
		if r.Extra {
			name = "*extra:* " + name
		}
		fmt.Fprintf(&b, "| %s | %.2f× | %.2f | %d | %d | %v |\n",
			name, r.TimeRatio, r.AttPerOK, r.GaveUp, r.Successful, r.P99.Round(time.Millisecond))
	}
	return b.String()
}

// Markers around the part of BENCHMARKS.md's "Retry storms" section that a
// run rewrites; the prose around them is kept.
const (
	sectionHeading = "## Retry storms"
	costHeading    = "## Cost per call"
	beginMarker    = "<!-- storm:begin: written by `make bench-storm`, do not edit by hand -->"
	endMarker      = "<!-- storm:end -->"
)

// writeOutputs draws storm.png and puts the table into BENCHMARKS.md in dir.
func writeOutputs(dir string, rows []row, l load, s schedule, reps int, table string) error {
	if err := drawPlot(filepath.Join(dir, "storm.png"), rows); err != nil {
		return err
	}
	block := fmt.Sprintf("%s\n\nW = %d workers × M = %d calls, C = %.0f requests/s (bucket %.0f), ideal %v; "+
		"delay %v, awsretry backoff %g, max delay %v, %d tries, Budget %d; median of %d runs; %s/%s, %d cores, %s.\n\n%s\n![completion time and attempts per success, by strategy](storm.png)\n\n%s",
		beginMarker, l.Workers, l.Calls, l.Rate, l.Burst, l.ideal(), s.Delay, s.Backoff, s.MaxDelay, s.Tries, s.Budget,
		reps, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), table, endMarker)
	path := filepath.Join(dir, "BENCHMARKS.md")
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.WriteFile(path, []byte(spliceSection(string(old), block)), 0o644)
}

// spliceSection returns doc with block in the "Retry storms" section: in
// place of an earlier block, else at the end of the section, else in a new
// section at the end. Everything outside the block is kept as it was. An
// empty doc gets both sections, "Cost per call" left pending.
func spliceSection(doc, block string) string {
	if doc == "" {
		doc = "# Benchmarks\n\n" + costHeading + "\n\n(pending)\n\n" + sectionHeading + "\n"
	}
	if i, j := strings.Index(doc, beginMarker), strings.Index(doc, endMarker); i >= 0 && j > i {
		return doc[:i] + block + doc[j+len(endMarker):]
	}
	h := strings.Index(doc, sectionHeading)
	if h < 0 {
		return strings.TrimRight(doc, "\n") + "\n\n" + sectionHeading + "\n\n" + block + "\n"
	}
	end := len(doc)
	if k := strings.Index(doc[h+len(sectionHeading):], "\n## "); k >= 0 {
		end = h + len(sectionHeading) + k + 1
	}
	body := strings.TrimRight(doc[:end], "\n")
	rest := doc[end:]
	if rest != "" {
		rest = "\n" + rest
	}
	return body + "\n\n" + block + "\n" + rest
}

// Markers around the loopback tables of the Limiter's scenarios 6 to 10,
// which -scenarios -out rewrites.
const (
	scenariosBegin = "<!-- storm-scenarios:begin: written by `go run ./storm -scenarios -out ../docs`, do not edit by hand -->"
	scenariosEnd   = "<!-- storm-scenarios:end -->"
)

// writeScenarios puts the scenarios' tables into BENCHMARKS.md in dir,
// between their markers, which must be there.
func writeScenarios(dir, tables string, reps int) error {
	path := filepath.Join(dir, "BENCHMARKS.md")
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(old)
	i, j := strings.Index(doc, scenariosBegin), strings.Index(doc, scenariosEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %q … %q markers to write between", path, scenariosBegin, scenariosEnd)
	}
	block := fmt.Sprintf("%s\n\nLoopback, medians of %d interleaved runs; %s/%s, %d cores, %s.\n%s\n%s", scenariosBegin, reps,
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), tables, scenariosEnd)
	return os.WriteFile(path, []byte(doc[:i]+block+doc[j+len(scenariosEnd):]), 0o644)
}
