// Command fleet is make bench-fleet: N real OS processes of
// examples/fleet, each with its own client, Limiter and Redis client,
// against one loopback EC2 endpoint that holds one account-wide token
// bucket. Rows: no Limiter, a Limiter per process, Limiters sharing Redis,
// the same with redis-server killed at 4 s and restarted at 7 s, and the
// oracle (one GCRA schedule in Redis at the true capacity). Sizes 20
// processes × 5 workers and 100 × 1, 10 s a run, 3 repeats, medians.
//
//	cd bench && go run ./fleet -out ../docs
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// row is one line of the table: how the processes pace themselves.
type row struct {
	Name    string
	Limiter string // examples/fleet's -limiter
	Kill    bool   // kill redis-server at 4 s, restart it at 7 s
}

var rows = []row{
	{"no Limiter", "none", false},
	{"a Limiter per process", "local", false},
	{"Limiters sharing Redis", "redis", false},
	{"sharing Redis, Redis killed at 4 s and restarted at 7 s", "redis", true},
	{"oracle: one GCRA schedule in Redis at C", "oracle", false},
}

// size is a fleet's shape.
type size struct{ Procs, Workers int }

// sizes are the fleets that -sizes names.
var sizes []size

func main() {
	out := flag.String("out", "", "directory of BENCHMARKS.md and fleet.png to write; empty: print only")
	dur := flag.Duration("duration", 10*time.Second, "length of a run")
	reps := flag.Int("repeats", 3, "runs of each row and size")
	rate := flag.Float64("rate", 400, "the bucket's refill, requests a second: C")
	burst := flag.Float64("burst", 400, "the bucket's size")
	only := flag.String("rows", "", "run only the rows whose -limiter is this (none, local, redis, oracle)")
	trace = flag.Bool("trace", false, "print each run's attempts and successes a second")
	shapes := flag.String("sizes", "20x5,100x1", "the fleets: processes x workers, apart by commas")
	flag.Parse()
	sizes = nil
	for _, f := range strings.Split(*shapes, ",") {
		var sz size
		if _, err := fmt.Sscanf(f, "%dx%d", &sz.Procs, &sz.Workers); err != nil || sz.Procs < 1 || sz.Workers < 1 {
			fmt.Fprintf(os.Stderr, "bench-fleet: -sizes %q: want processes x workers, such as 20x5\n", f)
			os.Exit(2)
		}
		sizes = append(sizes, sz)
	}
	if *only != "" {
		rows = slices.DeleteFunc(rows, func(r row) bool { return r.Limiter != *only })
	}
	if err := bench(*out, *dur, *reps, *rate, *burst); err != nil {
		fmt.Fprintln(os.Stderr, "bench-fleet:", err)
		os.Exit(1)
	}
}

// trace is -trace.
var trace *bool

func bench(out string, dur time.Duration, reps int, rate, burst float64) error {
	bin, err := build()
	if err != nil {
		return err
	}
	srv, err := startEndpoint(bin, rate, burst)
	if err != nil {
		return err
	}
	defer srv.stop()
	rds, err := startRedis()
	if err != nil {
		return err
	}
	defer func() { rds.kill() }()
	var results []figures
	var picture *run
	for _, sz := range sizes {
		for _, rw := range rows {
			var runs []run
			for i := range reps {
				r, err := fleetRun(bin, srv, rds, rw, sz, dur, rate, fmt.Sprintf("bench%d:%d", time.Now().UnixNano(), i))
				if err != nil {
					return err
				}
				fmt.Fprintf(os.Stderr, "%d×%d %s, run %d: %s\n", sz.Procs, sz.Workers, rw.Name, i+1, r.figures(rate, burst, dur).short())
				if *trace {
					fmt.Fprintln(os.Stderr, "  per second, attempts/successes:", r.perSecond())
				}
				runs = append(runs, r)
			}
			results = append(results, medians(runs, rate, burst, dur))
			if rw.Kill && picture == nil {
				picture = &runs[len(runs)/2]
			}
		}
	}
	table := markdown(results)
	fmt.Print(table)
	if out == "" {
		return nil
	}
	if err := drawFleet(filepath.Join(out, "fleet.png"), picture, rate); err != nil {
		return err
	}
	return writeSection(filepath.Join(out, "BENCHMARKS.md"), table, dur, reps, rate, burst)
}

// build compiles examples/fleet once, into bench/out.
func build() (string, error) {
	bin, err := filepath.Abs(filepath.Join("out", "fleet"))
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Join("..", "examples", "fleet")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build examples/fleet: %w", err)
	}
	return bin, nil
}
