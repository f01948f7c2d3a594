package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	o := run(invocation{
		args: os.Args[1:], env: os.Environ(),
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		signals: sigs,
	})
	if o.signal != nil {
		reraise(o.signal)
	}
	os.Exit(o.code)
}

// reraise ends the process by sig, with its default action, so that a shell
// sees that the signal stopped it (bash stops a script's loop only then).
// Where that fails, main exits with 128+N.
func reraise(sig os.Signal) {
	signal.Reset(sig)
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
		time.Sleep(time.Second) // the signal ends the process meanwhile
	}
}
