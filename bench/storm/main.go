// Command storm measures retry storms: W workers, each with its own real
// EC2 client, make M DescribeInstances calls each against a loopback server
// that admits C requests a second and throttles the rest as EC2 does. It
// compares awsretry's schedules, with and without a shared Budget, against
// the SDK's standard and adaptive retryers, and prints a table of medians.
//
//	go run ./storm                 # print the table
//	go run ./storm -out ../docs    # also update BENCHMARKS.md and storm.png
//
// Every server listens on 127.0.0.1 only, every run is bounded by -timeout,
// and everything is stopped before the next run starts.
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"time"
)

func main() {
	if err := mainErr(); err != nil {
		fmt.Fprintln(os.Stderr, "storm:", err)
		os.Exit(1)
	}
}

func mainErr() error {
	var (
		l     load
		s     schedule
		reps  int
		out   string
		only  string
		burst float64
	)
	flag.IntVar(&l.Workers, "workers", 50, "W: workers, each with its own EC2 client")
	flag.IntVar(&l.Calls, "calls", 40, "M: calls per worker")
	flag.Float64Var(&l.Rate, "rate", 2000, "C: requests a second the server admits")
	flag.Float64Var(&burst, "burst", 0, "server bucket size (0: rate/20)")
	flag.DurationVar(&l.Timeout, "timeout", 30*time.Second, "bound on one run")
	flag.IntVar(&reps, "repeats", 3, "runs of each strategy; the table shows medians")
	flag.DurationVar(&s.Delay, "delay", 10*time.Millisecond, "base delay of every strategy")
	flag.Float64Var(&s.Backoff, "backoff", 1.1, "awsretry's Backoff (the SDK's is 2)")
	flag.DurationVar(&s.MaxDelay, "max-delay", 250*time.Millisecond, "cap on one sleep, every strategy")
	flag.IntVar(&s.Tries, "tries", 50, "attempts per call, every strategy")
	flag.IntVar(&s.Budget, "budget", 500, "capacity of the shared awsretry.Budget")
	flag.StringVar(&out, "out", "", "directory to write BENCHMARKS.md's section and storm.png into (empty: print only)")
	flag.StringVar(&only, "only", "", "run only the strategies whose name matches this regexp")
	step := flag.Bool("step", false, "run the capacity step instead (C 2000 → 500 at 1 s → 2000 at 3 s, 50 workers for 5 s) and print its table")
	open := flag.Bool("open", false, "run the open loop instead (Poisson arrivals at 1.5 × 2000/s for 2 s, 2 s deadlines, 50 clients) and print its table")
	groups := flag.Bool("groups", false, "run the independent clients instead (20 groups × 5 workers × 20 calls, C 2000/s, each group its own strategy state) and print its table")
	loops := flag.Bool("scenarios", false, "run the Limiter's scenarios 6 to 10 instead (noise, EC2's buckets, limit plus noise, a fleet, 1,000 clients; about 30 minutes for six rows) and print their tables; with -out, also into BENCHMARKS.md")
	flag.Parse()
	if l.Workers < 1 || l.Calls < 1 || l.Rate <= 0 || reps < 1 || burst < 0 {
		return fmt.Errorf("need -workers, -calls, -repeats >= 1, -rate > 0 and -burst >= 0")
	}
	l.Burst = burst
	s.Capacity = l.Rate
	if l.Burst == 0 {
		l.Burst = max(1, l.Rate/20)
	}
	filter, err := regexp.Compile(only)
	if err != nil {
		return fmt.Errorf("-only: %w", err)
	}

	var sts []strategy
	for _, st := range strategies() {
		if filter.MatchString(st.Name) {
			sts = append(sts, st)
		}
	}
	if len(sts) == 0 {
		return fmt.Errorf("-only %q matches no strategy", only)
	}

	if *loops {
		tables, err := loopTables(sts, s, reps)
		if err != nil {
			return err
		}
		fmt.Println()
		fmt.Print(tables)
		if out == "" {
			return nil
		}
		return writeScenarios(out, tables, reps)
	}
	if *step || *groups || *open {
		scenario := stepTable
		switch {
		case *groups:
			scenario = groupsTable
		case *open:
			scenario = openTable
		}
		table, err := scenario(sts, s, reps)
		if err != nil {
			return err
		}
		fmt.Println()
		fmt.Print(table)
		return nil
	}

	fmt.Printf("W=%d M=%d C=%.0f/s burst=%.0f ideal=%v; delay=%v backoff=%g max-delay=%v tries=%d budget=%d; %d repeats, GOMAXPROCS=%d\n",
		l.Workers, l.Calls, l.Rate, l.Burst, l.ideal(), s.Delay, s.Backoff, s.MaxDelay, s.Tries, s.Budget, reps, runtime.GOMAXPROCS(0))
	runs := make([][]result, len(sts))
	// Repeats are interleaved, so that a slow spell of the machine does not
	// fall on one strategy alone.
	for rep := range reps {
		for i, st := range sts {
			r, err := runOnce(st, s, l)
			if err != nil {
				return err
			}
			runs[i] = append(runs[i], r)
			fmt.Printf("  run %d  %-46s %6.2fx  %5.2f att/ok  gave up %4d  p99 %v\n",
				rep+1, st.Name, r.Elapsed.Seconds()/l.ideal().Seconds(), r.attemptsPerSuccess(), r.GaveUp, r.P99.Round(time.Millisecond))
		}
	}
	rows := make([]row, len(sts))
	for i, st := range sts {
		rows[i] = summarize(st, runs[i], l)
	}
	table := markdownTable(rows)
	fmt.Println()
	fmt.Print(table)
	if out == "" {
		return nil
	}
	return writeOutputs(out, rows, l, s, reps, table)
}
