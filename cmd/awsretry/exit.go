package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
)

// Exit codes of awsretry itself; otherwise it exits with the last attempt's
// code. 124 to 127 are those of timeout(1) and env(1).
const (
	exitUsage     = 2   // bad flags, or no command
	exitTimeout   = 124 // --timeout passed while an attempt ran; it was stopped
	exitFailed    = 125 // awsretry failed: standard input over maxStdin, or unreadable
	exitCannotRun = 126 // the command was found but could not be started
	exitNotFound  = 127 // the command was not found
	exitSignal    = 128 // plus the signal's number, for a command killed by one
)

// outcome is how a run ends: with code, or by re-raising signal when the
// run stopped because of it (main does that; the code is the fallback).
type outcome struct {
	code   int
	signal os.Signal
}

// exitStatus returns the exit code of a command that ended: its own, or
// 128 + the signal that killed it.
func exitStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return exitSignal + int(ws.Signal())
	}
	return ps.ExitCode()
}

// startStatus returns the exit code for a command that could not be started.
func startStatus(err error) int {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return exitNotFound
	}
	return exitCannotRun
}

// signalNumber returns sig's number, for 128+N, or 0 if it has none.
func signalNumber(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return int(s)
	}
	return 0
}
