package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/awsretry/awsretry"
)

// onRetry is the Options.OnRetry hook: with -v, one line per retry, with the
// attempt, its exit status and code, and the delay; never the arguments.
func (r *runner) onRetry(ev awsretry.RetryEvent) {
	if r.cfg.verbose {
		fmt.Fprintf(r.stderr, "awsretry: attempt %d of %d failed (%v); retrying in %v\n",
			ev.Attempt, r.cfg.opts.Tries, ev.Err, ev.Delay)
	}
}

// finish writes out the last attempt's stderr (unless -v already did) and
// stdout, says why the run ended, and returns how it ends. err is the retry
// loop's.
func (r *runner) finish(err error, stdout io.Writer) outcome {
	a := r.last
	if a != nil {
		defer a.drop()
	}
	var fat *fatal
	if errors.As(err, &fat) { // the last attempt did not finish: nothing of it is written
		fmt.Fprintf(r.stderr, "awsretry: %v\n", fat.err)
		return outcome{code: fat.status}
	}
	if a != nil {
		if !r.cfg.verbose {
			_, _ = a.stderr.WriteTo(r.stderr)
		}
		_, _ = a.stdout.WriteTo(stdout)
	}
	if sig, midRun := r.stop.stopped(); sig != nil {
		r.verbosef("awsretry: stopped by %v after attempt %d; not retried\n", sig, r.attempts)
		if a == nil || !midRun || a.status == exitSignal+signalNumber(sig) {
			return outcome{code: exitSignal + signalNumber(sig), signal: sig}
		}
		return outcome{code: a.status}
	}
	var f *failure
	switch {
	case err == nil:
		if a.n > 1 {
			r.verbosef("awsretry: attempt %d of %d succeeded\n", a.n, r.cfg.opts.Tries)
		}
		return outcome{}
	case errors.As(err, &f) && f.timedOut:
		fmt.Fprintf(r.stderr, "awsretry: --timeout (%v) passed during attempt %d, which was stopped\n", r.cfg.timeout, a.n)
	case f != nil:
		r.verbosef("awsretry: attempt %d of %d failed (%v); %s\n", a.n, r.cfg.opts.Tries, f, why(err))
	}
	if a == nil {
		fmt.Fprintf(r.stderr, "awsretry: --timeout (%v) passed before the first attempt\n", r.cfg.timeout)
		return outcome{code: exitTimeout}
	}
	return outcome{code: a.status}
}

// why says why the loop did not retry the last failure.
func why(err error) string {
	var re *awsretry.RetryError
	switch {
	case !errors.As(err, &re):
		return "not retried"
	case re.Cause == nil:
		return "no tries left"
	}
	if errors.Is(re.Cause, context.DeadlineExceeded) {
		return "stopped by --timeout: " + re.Cause.Error()
	}
	return "stopped: " + re.Cause.Error()
}

// verbosef writes a line of -v.
func (r *runner) verbosef(format string, args ...any) {
	if r.cfg.verbose {
		fmt.Fprintf(r.stderr, format, args...)
	}
}
