package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// figures are one row's columns, of one run or the medians of several.
type figures struct {
	Name, Size   string
	Goodput      float64 // successes a second from 1 s on (the burst spent), over C
	AttPerOK     float64 // the endpoint's requests over its successes
	Jain         float64 // of the processes' successful calls
	P50, P99     time.Duration
	CmdsPerAtt   float64 // Redis commands over attempts
	Failed       int64   // calls that returned an error
	StoreFailed  int64   // of them, errors from Redis
	StoreErrors  int64   // Redis operations that failed or timed out
	DownGoodput  float64 // kill row: goodput over C while Redis was down (4-7 s)
	AfterAttPerS float64 // kill row: attempts per success from 8 s on
	Wired        bool    // the Limiter used the Store
}

func (r run) figures(rate, burst float64, dur time.Duration) figures {
	f := figures{Name: r.row.Name, Wired: true}
	var lat []int64
	var oks []float64
	var att, cmds int64
	for _, p := range r.procs {
		f.Failed += p.Failed
		f.StoreFailed += p.StoreFailed
		f.StoreErrors += p.StoreErrors
		att += p.Attempts
		cmds += p.RedisCommands
		lat = append(lat, p.Latencies...)
		oks = append(oks, float64(p.Calls-p.Failed))
		f.Wired = f.Wired && p.StoreWired
	}
	f.Size = fmt.Sprintf("%d × %d", r.size.Procs, r.size.Workers)
	slices.Sort(lat)
	if len(lat) > 0 {
		f.P50 = time.Duration(lat[len(lat)/2]) * time.Microsecond
		f.P99 = time.Duration(lat[len(lat)*99/100]) * time.Microsecond
	}
	if att > 0 {
		f.CmdsPerAtt = float64(cmds) / float64(att)
	}
	f.Jain = jain(oks)
	secs := func(from, to time.Duration) (req, ok int64) {
		for i, b := range r.bins {
			if at := time.Duration(i) * bin; at >= from && at < to {
				req, ok = req+b[0], ok+b[1]
			}
		}
		return req, ok
	}
	_, ok := secs(time.Second, dur)
	f.Goodput = float64(ok) / (dur - time.Second).Seconds() / rate
	req, all := secs(0, dur+time.Second)
	if all > 0 {
		f.AttPerOK = float64(req) / float64(all)
	}
	_, ok = secs(4*time.Second, 7*time.Second)
	f.DownGoodput = float64(ok) / 3 / rate
	if req, ok := secs(8*time.Second, dur); ok > 0 {
		f.AfterAttPerS = float64(req) / float64(ok)
	}
	return f
}

func (f figures) short() string {
	return fmt.Sprintf("goodput %.2f C, %.2f attempts/success, Jain %.3f, p50 %v, p99 %v, %.2f Redis commands/attempt (%d failed or late), %d failed (%d by Redis)",
		f.Goodput, f.AttPerOK, f.Jain, f.P50.Round(time.Millisecond), f.P99.Round(time.Millisecond), f.CmdsPerAtt, f.StoreErrors, f.Failed, f.StoreFailed)
}

// jain is Jain's fairness index: (Σx)² / (n Σx²).
func jain(x []float64) float64 {
	var s, s2 float64
	for _, v := range x {
		s, s2 = s+v, s2+v*v
	}
	if s2 == 0 {
		return 0
	}
	return s * s / (float64(len(x)) * s2)
}

// medians takes each figure's median over runs, figure by figure.
func medians(runs []run, rate, burst float64, dur time.Duration) figures {
	fs := make([]figures, len(runs))
	for i, r := range runs {
		fs[i] = r.figures(rate, burst, dur)
	}
	med := func(get func(figures) float64) float64 {
		v := make([]float64, len(fs))
		for i := range fs {
			v[i] = get(fs[i])
		}
		slices.Sort(v)
		return v[(len(v)-1)/2]
	}
	out := fs[0]
	out.Size = fmt.Sprintf("%d × %d", runs[0].size.Procs, runs[0].size.Workers)
	out.Goodput = med(func(f figures) float64 { return f.Goodput })
	out.AttPerOK = med(func(f figures) float64 { return f.AttPerOK })
	out.Jain = med(func(f figures) float64 { return f.Jain })
	out.P50 = time.Duration(med(func(f figures) float64 { return float64(f.P50) }))
	out.P99 = time.Duration(med(func(f figures) float64 { return float64(f.P99) }))
	out.CmdsPerAtt = med(func(f figures) float64 { return f.CmdsPerAtt })
	out.Failed = int64(med(func(f figures) float64 { return float64(f.Failed) }))
	out.StoreFailed = int64(med(func(f figures) float64 { return float64(f.StoreFailed) }))
	out.DownGoodput = med(func(f figures) float64 { return f.DownGoodput })
	out.AfterAttPerS = med(func(f figures) float64 { return f.AfterAttPerS })
	return out
}

// markdown renders the table.
func markdown(fs []figures) string {
	var b strings.Builder
	b.WriteString("| processes × workers | row | goodput / C | attempts per success | Jain's index | p50 of a call | p99 of a call | Redis commands per attempt | failed calls |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, f := range fs {
		name := f.Name
		if !f.Wired && strings.Contains(f.Limiter(), "redis") {
			name += " (Store not wired yet: a local Limiter)"
		}
		if strings.Contains(f.Name, "killed") {
			name += fmt.Sprintf("; while down: goodput %.2f C; from 8 s: %.2f attempts per success; calls failed by Redis: %d", f.DownGoodput, f.AfterAttPerS, f.StoreFailed)
		}
		fmt.Fprintf(&b, "| %s | %s | %.2f | %.2f | %.3f | %v | %v | %.2f | %d |\n", f.Size, name, f.Goodput, f.AttPerOK, f.Jain,
			f.P50.Round(time.Millisecond), f.P99.Round(time.Millisecond), f.CmdsPerAtt, f.Failed)
	}
	return b.String()
}

// Limiter names the row's pacing.
func (f figures) Limiter() string {
	for _, r := range rows {
		if r.Name == f.Name {
			return r.Limiter
		}
	}
	return ""
}

const (
	heading = "## Many processes"
	begin   = "<!-- fleet:begin: written by `make bench-fleet`, do not edit by hand -->"
	end     = "<!-- fleet:end -->"
)

// writeSection puts the table into the "Many processes" section of path,
// in place of an earlier one, else at the end.
func writeSection(path, table string, dur time.Duration, reps int, rate, burst float64) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	block := fmt.Sprintf("%s\n\nReal OS processes of examples/fleet against one loopback EC2 endpoint with one account-wide token bucket: "+
		"C = %.0f requests/s, burst %.0f. %v a run, median of %d runs; goodput counts from 1 s on, once the burst is spent. "+
		"%s/%s, %d cores, %s.\n\n%s\n![goodput and attempts over time, Redis killed at 4 s and restarted at 7 s](fleet.png)\n%s",
		begin, rate, burst, dur, reps, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), table, end)
	doc := string(old)
	if i, j := strings.Index(doc, begin), strings.Index(doc, end); i >= 0 && j > i {
		doc = doc[:i] + block + doc[j+len(end):]
	} else {
		doc = strings.TrimRight(doc, "\n") + "\n\n" + heading + "\n\n" + block + "\n"
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

// perSecond returns the run's attempts and successes in each second.
func (r run) perSecond() string {
	var b strings.Builder
	per := int(time.Second / bin)
	for i := 0; i < len(r.bins); i += per {
		var req, ok int64
		for _, x := range r.bins[i:min(i+per, len(r.bins))] {
			req, ok = req+x[0], ok+x[1]
		}
		fmt.Fprintf(&b, " %d/%d", req, ok)
	}
	return b.String()
}
