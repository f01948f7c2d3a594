package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// result is what a run of the scripted child gave.
type result struct {
	outcome
	stdout, stderr string
	sleeps         []time.Duration // what the loop asked the Sleep hook for
	attempts       int             // as the child counted them
	dir            string          // the child's files
}

// runChild runs the command with flags and the test binary as a child that
// follows script (see child), with no real sleep. with changes the
// invocation before the run.
func runChild(t *testing.T, script string, flags []string, with ...func(*invocation)) result {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	var stdout, stderr syncBuffer
	var sleeps []time.Duration
	inv := invocation{
		args:   append(append([]string(nil), flags...), "--", self, "--secret-string=hunter2"),
		env:    append(cleanEnv(), childScript+"="+script, childDir+"="+dir),
		stdout: &stdout, stderr: &stderr,
		sleep: func(ctx context.Context, d time.Duration) error {
			sleeps = append(sleeps, d)
			return ctx.Err()
		},
	}
	for _, w := range with {
		w(&inv)
	}
	o := run(inv)
	n := 0
	if b, err := os.ReadFile(filepath.Join(dir, "attempts")); err == nil {
		n, _ = strconv.Atoi(string(b))
	}
	return result{outcome: o, stdout: stdout.String(), stderr: stderr.String(), sleeps: sleeps, attempts: n, dir: dir}
}

// cleanEnv is the test's environment without the CLI's retry settings, and
// with no pause at the exit of a child built with -race (by default it
// sleeps 1s there).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_MAX_ATTEMPTS=") && !strings.HasPrefix(kv, "AWS_RETRY_MODE=") && !strings.HasPrefix(kv, "GORACE=") {
			env = append(env, kv)
		}
	}
	return append(env, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
}

const (
	throttled = "code=RequestLimitExceeded|exit=255"
	notFound  = "code=InvalidInstanceID.NotFound|exit=255"
)

func TestRunRetriesUntilSuccessAndWritesTheLastAttempt(t *testing.T) {
	script := "out=partial 1|" + throttled + ";out=partial 2|" + notFound + ";out=final|err=a warning"
	r := runChild(t, script, nil)
	require.Equal(t, outcome{}, r.outcome)
	require.Equal(t, 3, r.attempts)
	require.Equal(t, []time.Duration{3 * time.Second, 3300 * time.Millisecond}, r.sleeps, "awsretry 1.0.2's schedule")
	require.Equal(t, "final\n", r.stdout, "only the last attempt's stdout")
	require.Equal(t, "a warning\n", r.stderr, "without -v, only the last attempt's stderr")
}

func TestRunVerbose(t *testing.T) {
	script := "out=partial 1|" + throttled + ";out=partial 2|" + notFound + ";out=final"
	r := runChild(t, script, []string{"-v"})
	require.Equal(t, 0, r.code)
	require.Equal(t, "final\n", r.stdout, "-v changes nothing on stdout")
	want := []string{
		"An error occurred (RequestLimitExceeded)",
		"awsretry: attempt 1 of 10 failed (exit status 255, RequestLimitExceeded); retrying in 3s\n",
		"An error occurred (InvalidInstanceID.NotFound)",
		"awsretry: attempt 2 of 10 failed (exit status 255, InvalidInstanceID.NotFound); retrying in 3.3s\n",
		"awsretry: attempt 3 of 10 succeeded\n",
	}
	rest := r.stderr
	for _, w := range want {
		i := strings.Index(rest, w)
		require.GreaterOrEqual(t, i, 0, "stderr lacks %q in order:\n%s", w, r.stderr)
		rest = rest[i+len(w):]
	}
	require.NotContains(t, r.stderr, "hunter2", "-v never shows the arguments")
}

func TestRunClassifiesAsTheLibrary(t *testing.T) {
	cases := []struct {
		name     string
		script   string
		flags    []string
		attempts int
		code     int
		sleeps   []time.Duration
	}{
		{"not retried: UnauthorizedOperation", "code=UnauthorizedOperation|exit=255", nil, 1, 255, nil},
		{"--excluded-exceptions beats NotFoundPattern", notFound,
			[]string{"--excluded-exceptions", "InvalidInstanceID.NotFound"}, 1, 255, nil},
		{"--excluded-exceptions beats the defaults", throttled,
			[]string{"--excluded-exceptions", "X,RequestLimitExceeded"}, 1, 255, nil},
		{"--added-exceptions", "code=ConcurrentTagAccess|exit=255",
			[]string{"--tries", "3", "--added-exceptions", "ConcurrentTagAccess"}, 3, 255, []time.Duration{3e9, 3.3e9}},
		{"the exit code of the last attempt", throttled + ";" + throttled + ";code=Unavailable|exit=42",
			[]string{"--tries", "3"}, 3, 42, []time.Duration{3e9, 3.3e9}},
		{"no code: not retried", "err=boom|exit=1", nil, 1, 1, nil},
		{"a connection error without --transient", "err=Could not connect to the endpoint URL: \"http://127.0.0.1:1/\"|exit=255",
			[]string{"--tries", "3"}, 1, 255, nil},
		{"a connection error with --transient", "err=Could not connect to the endpoint URL: \"http://127.0.0.1:1/\"|exit=255",
			[]string{"--tries", "3", "--transient"}, 3, 255, []time.Duration{3e9, 3.3e9}},
		{"HTTP 503 with --transient", "code=503|exit=255", []string{"--tries", "2", "--transient"}, 2, 255, []time.Duration{3e9}},
		{"HTTP 503 without", "code=503|exit=255", []string{"--tries", "2"}, 1, 255, nil},
		{"--transient does not retry a code the rules refuse", "code=UnauthorizedOperation|exit=255", []string{"--transient"}, 1, 255, nil},
		{"--delay, --backoff, --max-delay", throttled, []string{"--tries", "4", "--delay", "2", "--backoff", "1.5", "--max-delay", "4s"},
			4, 255, []time.Duration{2e9, 3e9, 4e9}},
		{"--tries 1", throttled, []string{"--tries", "1"}, 1, 255, nil},
		{"a success is not retried", "out=ok", nil, 1, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runChild(t, tc.script, tc.flags)
			require.Equal(t, tc.attempts, r.attempts, "attempts; stderr:\n%s", r.stderr)
			require.Equal(t, tc.code, r.code)
			require.Nil(t, r.signal)
			require.Equal(t, tc.sleeps, r.sleeps)
		})
	}
}

func TestRunJitter(t *testing.T) {
	plain := []time.Duration{3e9, 3.3e9, 3.63e9, 3.993e9, 4.3923e9}
	cases := []struct {
		kind   string
		lo, hi func(k int) time.Duration // the bounds of sleep k
	}{
		{"full", func(int) time.Duration { return 0 }, func(k int) time.Duration { return plain[k] }},
		{"equal", func(k int) time.Duration { return plain[k] / 2 }, func(k int) time.Duration { return plain[k] }},
		{"decorrelated", func(int) time.Duration { return 3e9 }, func(int) time.Duration { return time.Hour }},
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			r := runChild(t, throttled, []string{"--tries", "6", "--jitter", tc.kind})
			require.Len(t, r.sleeps, 5)
			for k, d := range r.sleeps {
				require.GreaterOrEqual(t, d, tc.lo(k), "sleep %d", k+1)
				require.LessOrEqual(t, d, tc.hi(k), "sleep %d", k+1)
			}
			require.NotEqual(t, plain, r.sleeps, "jittered, not awsretry's exact schedule")
		})
	}
}

func TestRunReplaysStdin(t *testing.T) {
	input := "line one\nline two\n"
	r := runChild(t, "stdin|"+throttled+";stdin|"+throttled+";stdin", nil, func(inv *invocation) {
		inv.stdin = strings.NewReader(input)
	})
	require.Equal(t, 0, r.code)
	require.Equal(t, 3, r.attempts)
	for n := 1; n <= 3; n++ {
		b, err := os.ReadFile(filepath.Join(r.dir, "stdin."+strconv.Itoa(n)))
		require.NoError(t, err)
		require.Equal(t, input, string(b), "attempt %d's input", n)
	}
	require.Equal(t, input, r.stdout)
}

func TestRunRefusesStdinOverItsLimit(t *testing.T) {
	r := runChild(t, "stdin|out=read it all", nil, func(inv *invocation) {
		inv.stdin = bytes.NewReader(make([]byte, maxStdin+1))
	})
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stderr, "standard input is over 16 MiB")
	require.Equal(t, 1, r.attempts)
	require.Empty(t, r.stdout, "the stopped attempt's output is not written")
	_, err := os.Stat(filepath.Join(r.dir, "stdin.1"))
	require.Error(t, err, "the command was stopped before its input ended")
}

func TestRunWritesALargeOutputWhole(t *testing.T) {
	size := spoolMemory + 1<<20 // past what is kept in memory
	r := runChild(t, "bulk="+strconv.Itoa(size)+"|"+throttled+";bulk="+strconv.Itoa(size+1), nil)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, 2, r.attempts)
	require.Equal(t, size+1, len(r.stdout), "the last attempt's output, whole, and nothing of the first")
}

func TestRunFailsWhenTheOutputCannotBeKept(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	r := runChild(t, "bulk="+strconv.Itoa(spoolMemory+1), nil)
	require.Equal(t, exitFailed, r.code)
	require.Contains(t, r.stderr, "awsretry: keeping the command's output")
	require.Empty(t, r.stdout)
}

func TestRunTimeoutBeforeTheFirstAttempt(t *testing.T) {
	r := runChild(t, "out=ran", []string{"--timeout", "1ns"})
	require.Equal(t, exitTimeout, r.code)
	require.Zero(t, r.attempts)
	require.Contains(t, r.stderr, "--timeout (1ns) passed before the first attempt")
}

func TestRunChildEnv(t *testing.T) {
	script := "env=AWS_MAX_ATTEMPTS|env=AWS_RETRY_MODE"
	cases := []struct {
		name  string
		flags []string
		extra []string
		want  string
	}{
		{"one retry layer", nil, nil, "AWS_MAX_ATTEMPTS=1\nAWS_RETRY_MODE=standard\n"},
		{"the caller's settings", nil, []string{"AWS_MAX_ATTEMPTS=4", "AWS_RETRY_MODE=adaptive"}, "AWS_MAX_ATTEMPTS=4\nAWS_RETRY_MODE=adaptive\n"},
		{"--keep-cli-retries", []string{"--keep-cli-retries"}, nil, "AWS_MAX_ATTEMPTS=(unset)\nAWS_RETRY_MODE=(unset)\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runChild(t, script, tc.flags, func(inv *invocation) { inv.env = append(inv.env, tc.extra...) })
			require.Equal(t, tc.want, r.stdout)
		})
	}
}

func TestRunStopsOnASignalDuringASleep(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	r := runChild(t, "out=first|"+throttled+";out=second", []string{"-v"}, func(inv *invocation) {
		inv.signals = sigs
		inv.sleep = func(ctx context.Context, d time.Duration) error {
			sigs <- syscall.SIGTERM
			select { // the signal ends the sleep
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Minute):
				return errors.New("the signal did not end the sleep")
			}
		}
	})
	require.Equal(t, outcome{code: 128 + int(syscall.SIGTERM), signal: syscall.SIGTERM}, r.outcome)
	require.Equal(t, 1, r.attempts, "no attempt after the signal")
	require.Equal(t, "first\n", r.stdout)
	require.Contains(t, r.stderr, "stopped by terminated after attempt 1; not retried")
}

func TestRunPassesASignalToTheCommand(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	r := runChild(t, "code=RequestLimitExceeded|wait;out=second", []string{"-v"}, func(inv *invocation) {
		inv.signals = sigs
		inv.stderr = &onWrite{w: inv.stderr, word: "waiting", do: func() { sigs <- syscall.SIGTERM }}
	})
	require.Equal(t, outcome{code: 7}, r.outcome, "the command's own exit code, as it handled the signal")
	require.Equal(t, 1, r.attempts, "the failed attempt is not retried, though its code is retryable")
	require.Empty(t, r.sleeps)
}

func TestRunTimeoutRefusesASleepPastIt(t *testing.T) {
	r := runChild(t, throttled, []string{"-v", "--timeout", "1m", "--delay", "1h"})
	require.Equal(t, 255, r.code)
	require.Equal(t, 1, r.attempts)
	require.Empty(t, r.sleeps, "the sleep would end after the deadline, so it is not started")
	require.Contains(t, r.stderr, "stopped by --timeout: the next sleep (1h0m0s) would end after")
}

func TestRunBadFlagsRunNothing(t *testing.T) {
	for _, flags := range [][]string{{"--tries", "0"}, {"--delay", "2x"}, {"--jitter", "wobbly"}, {"--nope"}} {
		r := runChild(t, "out=ran", flags)
		require.Equal(t, exitUsage, r.code, "%v", flags)
		require.Zero(t, r.attempts, "%v: nothing runs", flags)
		require.Contains(t, r.stderr, strings.TrimLeft(flags[0], "-"), "%v: the message names the flag", flags)
		require.Contains(t, r.stderr, "awsretry --help")
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	o := run(invocation{args: []string{"--help"}, stdout: &stdout, stderr: &stderr})
	require.Equal(t, outcome{}, o)
	for _, w := range []string{"--tries N", "(default 10)", "(default 3s)", "(default 1.1)", "Example:", "aws ec2 create-tags", "Exit status:"} {
		require.Contains(t, stdout.String(), w)
	}
	require.Empty(t, stderr.String())
}

func TestRunCommandThatCannotRun(t *testing.T) {
	dir := t.TempDir()
	notExec := filepath.Join(dir, "script")
	require.NoError(t, os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o600))
	cases := []struct {
		command string
		code    int
	}{
		{"awsretry-no-such-command", exitNotFound},
		{filepath.Join(dir, "missing"), exitNotFound},
		{notExec, exitCannotRun},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		o := run(invocation{args: []string{"--", tc.command, "--secret-string=hunter2"}, stdout: &stdout, stderr: &stderr})
		require.Equal(t, tc.code, o.code, tc.command)
		require.Contains(t, stderr.String(), filepath.Base(tc.command))
		require.NotContains(t, stderr.String(), "hunter2")
	}
}

// syncBuffer is a bytes.Buffer safe for the command's output copier and the
// test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// onWrite calls do once, when word is first written through it.
type onWrite struct {
	w    interface{ Write([]byte) (int, error) }
	word string
	do   func()
	once sync.Once
}

func (o *onWrite) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(o.word)) {
		o.once.Do(o.do)
	}
	return o.w.Write(p)
}
