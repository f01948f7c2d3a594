package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/awsretry/awsretry"
)

// errUsage is wrapped by every error about the command line; it ends the run
// with exitUsage before anything is run.
var errUsage = errors.New("awsretry: usage")

// config is what the command line asks for.
type config struct {
	opts      awsretry.Options // DefaultOptions, changed by the flags; no hooks
	timeout   time.Duration    // 0: no deadline
	transient bool
	verbose   bool
	keepCLI   bool     // --keep-cli-retries
	command   []string // the command and its arguments, never logged
}

// parseFlags reads args, the command line after the program name. It stops
// at "--" or at the first argument that is not a flag: that is the command.
// Errors: flag.ErrHelp for -h and --help; otherwise an error that wraps
// errUsage and names the flag.
func parseFlags(args []string) (config, error) {
	c := config{opts: awsretry.DefaultOptions()}
	fs := flag.NewFlagSet("awsretry", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints the error, and the usage on --help
	fs.Usage = func() {}
	o := &c.opts
	fs.Func("tries", "", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return errors.New("want a whole number, 1 or more")
		}
		o.Tries = n
		return nil
	})
	fs.Func("delay", "", durationFlag(&o.Delay, true))
	fs.Func("max-delay", "", durationFlag(&o.MaxDelay, true))
	fs.Func("timeout", "", durationFlag(&c.timeout, false))
	fs.Func("backoff", "", func(s string) error {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !(f > 0) || math.IsInf(f, 0) {
			return errors.New("want a number above 0, such as 1.5")
		}
		o.Backoff = f
		return nil
	})
	fs.Func("jitter", "", func(s string) error {
		j, ok := jitterKinds[s]
		if !ok {
			return errors.New("want none, full, equal or decorrelated")
		}
		o.Jitter = j
		return nil
	})
	fs.Func("added-exceptions", "", codesFlag(&o.AddedExceptions))
	fs.Func("excluded-exceptions", "", codesFlag(&o.ExcludedExceptions))
	fs.BoolVar(&c.transient, "transient", false, "")
	fs.BoolVar(&c.keepCLI, "keep-cli-retries", false, "")
	fs.BoolVar(&c.verbose, "v", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, fmt.Errorf("%w: %v", errUsage, err)
	}
	if c.command = fs.Args(); len(c.command) == 0 {
		return c, fmt.Errorf("%w: no command given: awsretry [flags] -- command [args...]", errUsage)
	}
	return c, nil
}

// jitterKinds maps --jitter's words to the library's kinds.
var jitterKinds = map[string]awsretry.Jitter{
	"none": awsretry.NoJitter, "full": awsretry.FullJitter,
	"equal": awsretry.EqualJitter, "decorrelated": awsretry.DecorrelatedJitter,
}

// durationFlag sets *d from a Go duration or a bare number of seconds, 0
// or more. A sleep (sleep true) is 0 or at least 1ms, as Options wants.
func durationFlag(d *time.Duration, sleep bool) func(string) error {
	return func(s string) error {
		v, ok := parseSeconds(s)
		switch {
		case !ok:
			return errors.New("want a duration such as 2s, 500ms or 1m30s, or a number of seconds")
		case sleep && v != 0 && v < time.Millisecond:
			return errors.New("want 0 or at least 1ms")
		}
		*d = v
		return nil
	}
}

// parseSeconds reads a Go duration ("2s", "500ms") or, as Python's awsretry
// takes its delay, a bare number of seconds ("2", "0.5"). It rejects
// negative, infinite and out-of-range values.
func parseSeconds(s string) (time.Duration, bool) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, d >= 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= 0) || f*float64(time.Second) >= float64(1<<63) {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// codesFlag appends the comma-separated codes of each use of a flag to
// *codes, dropping spaces and empty items.
func codesFlag(codes *[]string) func(string) error {
	return func(s string) error {
		n := len(*codes)
		for _, c := range strings.Split(s, ",") {
			if c = strings.TrimSpace(c); c != "" {
				*codes = append(*codes, c)
			}
		}
		if len(*codes) == n {
			return errors.New("want one or more error codes, comma-separated")
		}
		return nil
	}
}
