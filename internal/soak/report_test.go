package soak

import (
	"strings"
	"testing"
	"time"
)

// The soak's own checks: a clean report passes, and each broken promise is
// named.
func TestReportProblems(t *testing.T) {
	clean := func() *report {
		return &report{
			cfg:   config{grace: time.Second},
			calls: 10, libCalls: 10, retries: 2, invoked: 12, sent: 12, requests: 12,
			heapWarm: 100, heapEnd: 105,
			counters: []counterSetting{{successes: 5, value: 6, sure: 1, noAnswer: 1}},
		}
	}
	cases := []struct {
		name   string
		change func(*report)
		want   string // part of the one problem; "" for none
	}{
		{"clean", func(*report) {}, ""},
		{"no calls", func(r *report) { r.calls = 0 }, "no call"},
		{"lost PutItem", func(r *report) { r.puts.lost = 1 }, "not on the server"},
		{"duplicate instance", func(r *report) { r.runs.duplicates = 1 }, "duplicate idempotent"},
		{"unexplained item", func(r *report) { r.puts.unexplained = 1 }, "no lost answer explains"},
		{"counter off", func(r *report) { r.counters[0].mismatched = 1 }, "counters differ"},
		{"misclassified", func(r *report) { r.misclassified = 1 }, "not classified"},
		{"attempt after the context ended", func(r *report) { r.lateAttempts = 1 }, "after an earlier attempt"},
		// How late calls return on a loaded machine is measured, and printed, not checked.
		{"overran", func(r *report) { r.maxOverrun, r.stall = int64(3*time.Second), int64(time.Second) }, ""},
		{"leak", func(r *report) { r.leaked = 1 }, "leaked"},
		{"heap", func(r *report) { r.heapEnd = 111 }, "live heap grew"},
		{"hidden retries", func(r *report) { r.sent = 13 }, "more than one request per attempt"},
		{"stats", func(r *report) { r.statsBad = []string{"x"} }, "Stats differ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := clean()
			tc.change(r)
			got := r.problems()
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("problems = %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Fatalf("problems = %q, want one with %q", got, tc.want)
			}
		})
	}
}

func TestAccount(t *testing.T) {
	cases := []struct {
		name                 string
		ok, there, lostReply bool
		want                 writes
	}{
		{"success, there", true, true, false, writes{ok: 1}},
		{"success, absent: lost", true, false, false, writes{ok: 1, lost: 1}},
		{"failed, absent", false, false, false, writes{failed: 1}},
		{"failed, there, answer lost: ambiguous", false, true, true, writes{failed: 1, landed: 1}},
		{"failed, there, answered: unexplained", false, true, false, writes{failed: 1, unexplained: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var w writes
			account(&w, tc.ok, tc.there, tc.lostReply)
			if w != tc.want {
				t.Fatalf("account = %+v, want %+v", w, tc.want)
			}
		})
	}
}
