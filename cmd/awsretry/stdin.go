package main

import (
	"io"
	"os"
	"os/exec"
)

// stdinMode decides how attempts get standard input: a character device
// (a terminal, /dev/null) is passed to each as it is, since a terminal
// cannot be replayed and reading it ahead would wait for the user; anything
// else (a pipe, a file) is replayed through a replay. It returns the device
// or the replay; neither when there is no standard input.
func stdinMode(stdin io.Reader) (*os.File, *replay) {
	if stdin == nil {
		return nil, nil
	}
	if f, ok := stdin.(*os.File); ok {
		fi, err := f.Stat()
		if err != nil {
			return nil, nil // closed: the command gets none either
		}
		if fi.Mode()&os.ModeCharDevice != 0 {
			return f, nil
		}
	}
	return nil, newReplay(stdin, maxStdin)
}

// stdinFeed is one attempt's standard input, from the replay.
type stdinFeed struct {
	pr, pw *os.File // nil when the input is not replayed
	stop   chan struct{}
	result chan error
}

// input sets cmd's standard input and, when it is replayed, starts feeding
// it through a pipe; fail is called with the replay's error (input over
// maxStdin, or unreadable), so that the command is stopped.
func (r *runner) input(cmd *exec.Cmd, fail func(error)) (*stdinFeed, error) {
	if r.direct != nil {
		cmd.Stdin = r.direct
	}
	if r.replay == nil {
		return &stdinFeed{}, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin = pr
	f := &stdinFeed{pr: pr, pw: pw, stop: make(chan struct{}), result: make(chan error, 1)}
	go func() {
		err := r.replay.feed(pw, f.stop)
		if err != nil {
			fail(err)
		}
		f.result <- err
	}()
	return f, nil
}

// started closes awsretry's copy of the pipe's reading end, once the command
// has its own (or will not run).
func (f *stdinFeed) started() {
	if f.pr != nil {
		_ = f.pr.Close()
	}
}

// done stops the feed, after the command has exited, and returns the
// replay's error, if it had one.
func (f *stdinFeed) done() error {
	if f.pw == nil {
		return nil
	}
	close(f.stop)
	_ = f.pw.Close() // ends a write that a child of the command holds up
	return <-f.result
}
