package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/awsretry/awsretry"
)

// invocation is what a run takes from its process; main fills it from os,
// tests with their own.
type invocation struct {
	args    []string // the command line after the program name
	env     []string // KEY=VALUE, the command's environment before childEnv
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	signals <-chan os.Signal                           // SIGINT and SIGTERM, to pass on and stop on
	sleep   func(context.Context, time.Duration) error // Options.Sleep; nil: the library's timer
}

// runner holds one run: the command, its input and output, and the last
// attempt.
type runner struct {
	cfg      config
	path     string   // the command, found on PATH
	env      []string // its environment
	direct   *os.File // standard input passed as it is, or nil
	replay   *replay  // standard input replayed, or nil
	stderr   io.Writer
	deadline context.Context // --timeout's; it stops a command that runs past it
	stop     *stopper
	attempts int      // attempts started
	last     *attempt // the last one started; nil before the first
}

// run is the command: it parses the flags, runs the command through the
// library's retry loop (awsretry.Wrap) and writes out the last attempt.
func run(inv invocation) outcome {
	cfg, err := parseFlags(inv.args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(inv.stdout)
		return outcome{}
	}
	if err != nil {
		fmt.Fprintf(inv.stderr, "%v\nRun 'awsretry --help' for the flags.\n", err)
		return outcome{code: exitUsage}
	}
	path, err := exec.LookPath(cfg.command[0])
	if err != nil {
		fmt.Fprintf(inv.stderr, "awsretry: %v\n", err)
		return outcome{code: startStatus(err)}
	}
	deadline, cancelDeadline := context.WithCancel(context.Background())
	if cfg.timeout > 0 {
		deadline, cancelDeadline = context.WithTimeout(context.Background(), cfg.timeout)
	}
	defer cancelDeadline()
	ctx, cancel := context.WithCancel(deadline)
	defer cancel()
	r := &runner{cfg: cfg, path: path, env: childEnv(inv.env, cfg.keepCLI), stderr: inv.stderr,
		deadline: deadline, stop: &stopper{cancel: cancel}}
	r.direct, r.replay = stdinMode(inv.stdin)

	attempt, err := awsretry.Wrap(r.attempt, r.options(inv.sleep))
	if err != nil { // the flags are checked as the options are; this is a backstop
		fmt.Fprintf(inv.stderr, "%v\n", err)
		return outcome{code: exitUsage}
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case sig := <-inv.signals:
				r.stop.signal(sig)
			case <-done:
				return
			}
		}
	}()
	err = attempt(ctx)
	return r.finish(err, inv.stdout)
}

// options sets the library's Options from the flags, and the hooks.
func (r *runner) options(sleep func(context.Context, time.Duration) error) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		*o = r.cfg.opts
		o.Sleep = sleep
		o.OnRetry = r.onRetry
		if r.cfg.transient {
			o.Retryable = isTransient
		}
	}
}

// isTransient is --transient's Options.Retryable: the CLI's connection
// errors and HTTP 500, 502, 503 and 504, but not an attempt that --timeout
// stopped.
func isTransient(err error) bool {
	var f *failure
	return errors.As(err, &f) && !f.timedOut && f.line.transient()
}
