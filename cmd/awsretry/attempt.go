package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/smithy-go"
)

// stopGrace is how long a command stopped by --timeout has, after SIGTERM,
// before it is killed; it also bounds the wait for output pipes that a
// command's own children keep open after it exits.
const stopGrace = 5 * time.Second

// attempt is one run of the command: what it wrote and how it ended.
type attempt struct {
	n      int
	stdout spool // written out only if this attempt ends the run
	stderr spool // the same, without -v; with -v stderr goes straight through
	status int   // its exit code
}

// kept returns why the attempt's output could not be kept, or nil.
func (a *attempt) kept() error {
	if a.stdout.err != nil {
		return a.stdout.err
	}
	return a.stderr.err
}

// drop frees what the attempt's output holds.
func (a *attempt) drop() {
	_ = a.stdout.Close()
	_ = a.stderr.Close()
}

// failure is the error of an attempt whose command did not succeed. Its
// chain holds a smithy.GenericAPIError with the code of the CLI's error line,
// when there is one, so that the library's classifier decides on it as on
// an SDK error.
type failure struct {
	status   int
	line     errorLine
	timedOut bool // --timeout passed while it ran, and it was stopped
}

func (f *failure) Error() string {
	return fmt.Sprintf("exit status %d, %s", f.status, f.line.describe())
}

// Unwrap returns the error line's code as an APIError, or nil.
func (f *failure) Unwrap() error {
	if f.line.code == "" {
		return nil
	}
	return &smithy.GenericAPIError{Code: f.line.code, Message: "the code of the command's error line"}
}

// fatal is a failure of awsretry itself; it ends the run, unretried, with
// status.
type fatal struct {
	status int
	err    error
}

func (f *fatal) Error() string { return f.err.Error() }

// attempt runs the command once, as the retry loop's attempt function. It
// returns nil if the command succeeded, a *failure if it did not, a *fatal,
// or ctx's error if a signal came before the command could start. The
// command runs until it exits or --timeout stops it; a signal reaches it
// through the stopper, so the loop's ctx does not end it.
func (r *runner) attempt(ctx context.Context) error {
	cmdCtx, cancel := context.WithCancelCause(r.deadline)
	defer cancel(nil)
	a := &attempt{n: r.attempts + 1}
	cmd := exec.CommandContext(cmdCtx, r.path, r.cfg.command[1:]...)
	cmd.Args[0] = r.cfg.command[0]
	cmd.Env = r.env
	cmd.Stdout = &a.stdout
	scan := &lineScanner{}
	cmd.Stderr = io.MultiWriter(scan, &a.stderr)
	if r.cfg.verbose {
		cmd.Stderr = io.MultiWriter(scan, r.stderr)
	}
	var stopped atomic.Bool // cmdCtx ended while the command ran
	cmd.Cancel = func() error {
		stopped.Store(true)
		return cmd.Process.Signal(syscall.SIGTERM)
	}
	cmd.WaitDelay = stopGrace
	in, err := r.input(cmd, cancel)
	if err != nil {
		return &fatal{exitFailed, err}
	}
	started, err := r.stop.start(func() (*os.Process, error) { err := cmd.Start(); return cmd.Process, err })
	in.started()
	if !started {
		in.done()
		return ctx.Err()
	}
	if err != nil {
		in.done()
		return &fatal{startStatus(err), fmt.Errorf("cannot run %s: %w", r.cfg.command[0], err)}
	}
	if r.last != nil {
		r.last.drop()
	}
	r.attempts, r.last = a.n, a
	_ = cmd.Wait() // its status is in cmd.ProcessState
	r.stop.exited()
	inErr := in.done()
	if err := a.kept(); err != nil {
		return &fatal{exitFailed, err}
	}
	ps := cmd.ProcessState
	if ps.Success() {
		return nil
	}
	if inErr != nil {
		return &fatal{exitFailed, inErr}
	}
	a.status = exitStatus(ps)
	f := &failure{status: a.status, line: scan.result()}
	if stopped.Load() && errors.Is(context.Cause(cmdCtx), context.DeadlineExceeded) {
		a.status, f.status, f.timedOut = exitTimeout, exitTimeout, true
	}
	return f
}
