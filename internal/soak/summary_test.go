package soak

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/awsretry/awsretry/internal/awstest"
)

// report is what a run did, for the summary and the checks.
type report struct {
	cfg     config
	faults  *awstest.RandomFaults
	elapsed time.Duration

	calls, libCalls, retries, errors int64
	requests                         int   // requests the fault proxies saw
	sent                             int64 // requests the load's clients sent
	misclassified, overran, maxCall  int64
	maxOverrun, stall                int64            // ns
	invoked                          int64            // SDK operations invoked: attempts
	lateAttempts                     int64            // of them, those after an attempt of their call returned with its context done
	sentLate, returnedLate           int64            // ns after a request's deadline
	overruns                         map[string]int64 // the calls past deadline+grace, by op and class
	lostAnswers                      int64            // write requests whose answer the proxies lost
	byCode, classes                  map[string]int64
	byOp                             [numOps][2]int64 // ok, failed
	budget                           string
	limiter                          string
	limiterGaveUp                    int64 // calls that gave up because the Limiter's slot was past their deadline

	puts, runs writes
	counters   []counterSetting // by setting

	heapWarm, heapEnd                 uint64
	goroutinesBefore, goroutinesAfter int
	leaked                            int
	statsBad                          []string // Stats that differ from the load's counts
}

// heapGrowth is the end's live heap over the warm-up's, minus 1.
func (r *report) heapGrowth() float64 {
	return float64(r.heapEnd)/float64(r.heapWarm) - 1
}

func (r *report) lost() int64       { return r.puts.lost + r.runs.lost }
func (r *report) ambiguous() int64  { return r.puts.landed + r.runs.landed }
func (r *report) duplicates() int64 { return r.puts.duplicates + r.runs.duplicates }
func (r *report) overcount() int64 {
	var n int64
	for _, c := range r.counters {
		n += c.overcount()
	}
	return n
}

// print writes the one-screen summary; its last line is for scripts.
func (r *report) print(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	p("soak: seed=%d duration=%v (warm-up %v) workers=%d; replay with SOAK_SEED=%d", r.cfg.seed, r.elapsed.Round(time.Millisecond), r.cfg.warmup, r.cfg.workers, r.cfg.seed)
	p("  calls       %d (%.0f/s; %d library calls, each page one), successes %d, failures %d", r.calls, float64(r.calls)/r.elapsed.Seconds(), r.libCalls, r.calls-r.errors, r.errors)
	p("  attempts    %d; %d HTTP requests sent, %d reached the proxies; retries %d (%d with no attempt after: the context ended in the sleep); %s at the end",
		r.invoked, r.sent, r.requests, r.retries, r.libCalls+r.retries-r.invoked, r.budget)
	p("  limiter     %s; %d calls gave up at its slot", r.limiter, r.limiterGaveUp)
	p("  retries by code: %s", joinCounts(r.byCode, "(no code)"))
	faults := map[string]int64{}
	for f, n := range r.faults.Counts() {
		faults[f.String()] = n
	}
	p("  faults injected: %s", joinCounts(faults, ""))
	p("  by operation (ok/failed):")
	for k, o := range mix {
		p("    %-18s %-26s %-16s %6d / %d", o.name, o.safety, o.entry, r.byOp[k][0], r.byOp[k][1])
	}
	p("  failures by class (%d not classified as their setting says):", r.misclassified)
	for _, c := range slices.Sorted(maps.Keys(r.classes)) {
		p("    %6d  %s", r.classes[c], c)
	}
	p("  PutItem (Call and awsjson.Call) ok %d, failed %d: %d of them landed (answer lost), %d absent; lost %d, duplicates %d, unexplained %d",
		r.puts.ok, r.puts.failed, r.puts.landed, r.puts.failed-r.puts.landed-r.puts.unexplained, r.puts.lost, r.puts.duplicates, r.puts.unexplained)
	p("  RunInstances ok %d, failed %d: %d of them landed; lost %d, duplicate instances %d, unexplained %d",
		r.runs.ok, r.runs.failed, r.runs.landed, r.runs.lost, r.runs.duplicates, r.runs.unexplained)
	for i, c := range r.counters {
		p("  UpdateItem ADD, %-11s successes %d, counters %d: over-count %d; successes after an unanswered attempt (counted twice if it landed) %d;",
			settings[i].name, c.successes, c.value, c.overcount(), c.okAfterNoAnswer)
		p("                              answers lost by the proxy after the server acted %d, increments without an answer %d; mismatched counters %d",
			c.sure, c.noAnswer, c.mismatched)
	}
	p("  ambiguous writes (failed, yet on the server): %d; write requests whose answer the proxies lost: %d", r.ambiguous(), r.lostAnswers)
	p("  longest call %v (deadline %v), at most %v past it; calls past deadline+%v: %d (%s); longest stall of the process %v",
		time.Duration(r.maxCall).Round(time.Millisecond), r.cfg.callTimeout, time.Duration(r.maxOverrun).Round(time.Millisecond),
		r.cfg.grace, r.overran, joinCounts(r.overruns, ""), time.Duration(r.stall).Round(time.Millisecond))
	p("  HTTP requests: the latest sent %v after its deadline, the latest returned %v after it (negative: before); attempts started after one of their call returned with its context done: %d",
		time.Duration(r.sentLate).Round(time.Millisecond), time.Duration(r.returnedLate).Round(time.Millisecond), r.lateAttempts)
	p("  Stats of the Decorate proxies match the load's counts: %v", len(r.statsBad) == 0)
	for _, b := range r.statsBad {
		p("    %s", b)
	}
	p("  goroutines %d before, %d after, leaked %d", r.goroutinesBefore, r.goroutinesAfter, r.leaked)
	p("  live heap after GC: %.1f MiB after warm-up, %.1f MiB at the end (%+.1f%%)", mib(r.heapWarm), mib(r.heapEnd), 100*r.heapGrowth())
	p("soak: calls=%d lost=%d duplicates=%d leaked=%d ambiguous=%d overcount=%d", r.calls, r.lost(), r.duplicates(), r.leaked, r.ambiguous(), r.overcount())
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// joinCounts writes m as "k=v, ..." sorted by key; empty names an empty key.
func joinCounts(m map[string]int64, empty string) string {
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		name := k
		if name == "" {
			name = empty
		}
		parts = append(parts, fmt.Sprintf("%s=%d", name, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// problems lists every broken promise of the run; none for a good one.
func (r *report) problems() []string {
	mismatched := 0
	for _, c := range r.counters {
		mismatched += c.mismatched
	}
	checks := []struct {
		bad  bool
		what string
	}{
		{r.calls == 0, "no call was made"},
		{r.lost() != 0, fmt.Sprintf("%d writes reported as successes are not on the server", r.lost())},
		{r.duplicates() != 0, fmt.Sprintf("%d duplicate idempotent writes", r.duplicates())},
		{r.puts.unexplained+r.runs.unexplained != 0, fmt.Sprintf("%d writes on the server that no lost answer explains", r.puts.unexplained+r.runs.unexplained)},
		{mismatched != 0, fmt.Sprintf("%d counters differ from their successes plus their landed lost answers", mismatched)},
		{r.misclassified != 0, fmt.Sprintf("%d errors not classified as their setting says", r.misclassified)},
		{r.lateAttempts != 0, fmt.Sprintf("%d attempts started after an earlier attempt of their call returned with the call's context done", r.lateAttempts)},
		{r.leaked != 0, fmt.Sprintf("%d goroutines leaked", r.leaked)},
		{r.heapGrowth() > 0.10, fmt.Sprintf("live heap grew %.1f%% after warm-up, more than 10%%", 100*r.heapGrowth())},
		{r.sent > r.invoked, fmt.Sprintf("the clients sent %d requests for %d attempts: more than one request per attempt", r.sent, r.invoked)},
		{r.invoked > r.libCalls+r.retries, fmt.Sprintf("%d attempts, more than the %d calls and %d retries", r.invoked, r.libCalls, r.retries)},
		{len(r.statsBad) != 0, "Stats differ from the load's counts"},
		{r.limiterGaveUp != 0, fmt.Sprintf("%d calls gave up at the Limiter's slot, in a load whose throttles do not follow the rate: nothing should bind", r.limiterGaveUp)},
		{int64(r.requests) > r.sent, fmt.Sprintf("the proxies saw %d requests, more than the %d sent", r.requests, r.sent)},
	}
	var out []string
	for _, c := range checks {
		if c.bad {
			out = append(out, c.what)
		}
	}
	return out
}
