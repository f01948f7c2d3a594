package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The unit tests run the test binary itself as the command: TestMain turns
// it into a scripted child when childScript is set. A script is one step
// per attempt, separated by ";" (the last one repeats), each a list of
// actions separated by "|":
//
//	out=TEXT    write TEXT and a newline to stdout
//	bulk=N      write N bytes to stdout
//	err=TEXT    write TEXT and a newline to stderr
//	code=CODE   write the AWS CLI's error line for CODE to stderr
//	stdin       copy standard input to stdout and to the file stdin.N
//	env=NAME    write NAME=value (or NAME unset) to stdout
//	wait        write "waiting" to stderr, then wait for SIGTERM and exit 7
//	            (98 if none comes within a minute)
//	exit=N      exit with N (default 0)
//
// The child counts its attempts in the file "attempts" in childDir.
const (
	childScript = "AWSRETRY_TEST_SCRIPT"
	childDir    = "AWSRETRY_TEST_DIR"
)

func TestMain(m *testing.M) {
	if script, ok := os.LookupEnv(childScript); ok {
		os.Exit(child(script, os.Getenv(childDir)))
	}
	code := m.Run()
	removeBuilt()
	os.Exit(code)
}

// child runs the step of script for this attempt and returns the exit code.
func child(script, dir string) int {
	n := 1
	if b, err := os.ReadFile(filepath.Join(dir, "attempts")); err == nil {
		n, _ = strconv.Atoi(string(b))
		n++
	}
	if err := os.WriteFile(filepath.Join(dir, "attempts"), []byte(strconv.Itoa(n)), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 99
	}
	steps := strings.Split(script, ";")
	step := steps[min(n, len(steps))-1]
	code := 0
	for _, action := range strings.Split(step, "|") {
		name, arg, _ := strings.Cut(action, "=")
		switch name {
		case "out":
			fmt.Println(arg)
		case "bulk":
			size, _ := strconv.Atoi(arg)
			_, _ = os.Stdout.Write(bytes.Repeat([]byte{'x'}, size))
		case "err":
			fmt.Fprintln(os.Stderr, arg)
		case "code":
			fmt.Fprintf(os.Stderr, "\nAn error occurred (%s) when calling the DescribeInstances operation: scripted\n", arg)
		case "stdin":
			b, _ := io.ReadAll(os.Stdin)
			_ = os.WriteFile(filepath.Join(dir, "stdin."+strconv.Itoa(n)), b, 0o600)
			_, _ = os.Stdout.Write(b)
		case "env":
			v, ok := os.LookupEnv(arg)
			if !ok {
				v = "(unset)"
			}
			fmt.Printf("%s=%s\n", arg, v)
		case "wait":
			term := make(chan os.Signal, 1)
			signal.Notify(term, syscall.SIGTERM)
			fmt.Fprintln(os.Stderr, "waiting")
			select {
			case <-term:
				return 7
			case <-time.After(time.Minute):
				return 98 // the signal never came
			}
		case "exit":
			code, _ = strconv.Atoi(arg)
		case "":
		default:
			fmt.Fprintln(os.Stderr, "child: unknown action", name)
			return 99
		}
	}
	return code
}
