package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
)

// cliError finds the AWS CLI's error line, the same in v1 and v2 (which may
// put "aws: [ERROR]: " before it, and "(reached max retries: N)" after the
// operation):
//
//	An error occurred (InvalidInstanceID.NotFound) when calling the DescribeInstances operation: ...
var cliError = regexp.MustCompile(`An error occurred \(([^()\s]+)\) when calling the \w+ operation`)

// connectionErrors are how the CLI (botocore) says that no answer came: its
// form of awsretry.IsTransient's connection errors and timeouts.
var connectionErrors = []string{
	"Could not connect to the endpoint URL",
	"Connect timeout on endpoint URL",
	"Read timeout on endpoint URL",
	"Connection was closed before we received a valid response",
}

// serverErrors are the codes that botocore gives an answer with no code of
// its own: its HTTP status. --transient retries these as IsTransient retries
// those statuses.
var serverErrors = []string{"500", "502", "503", "504"}

// errorLine is what an attempt's stderr said, found by scanLine.
type errorLine struct {
	code       string // the AWS error code, "" if none
	connection string // the connection error's words, "" if none
}

// transient reports whether --transient retries this failure.
func (e errorLine) transient() bool {
	return e.connection != "" || slices.Contains(serverErrors, e.code)
}

// scanLine updates e with one line of stderr: a later line's code or
// connection error replaces an earlier one's.
func (e *errorLine) scanLine(line []byte) {
	if m := cliError.FindSubmatch(line); m != nil {
		e.code = string(m[1])
	}
	for _, c := range connectionErrors {
		if bytes.Contains(line, []byte(c)) {
			e.connection = c
		}
	}
}

// maxLine bounds what lineScanner keeps of one line; the rest of a longer
// line is not read. The CLI's error line is far shorter.
const maxLine = 64 << 10

// lineScanner is an io.Writer that reads an attempt's stderr line by line,
// as it is written, for its errorLine.
type lineScanner struct {
	found   errorLine
	partial []byte // the line being written, up to maxLine
}

// Write scans every line that p completes. It never fails.
func (s *lineScanner) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.keep(p)
			break
		}
		s.keep(p[:i])
		s.found.scanLine(s.partial)
		s.partial, p = s.partial[:0], p[i+1:]
	}
	return n, nil
}

func (s *lineScanner) keep(p []byte) {
	room := maxLine - len(s.partial)
	s.partial = append(s.partial, p[:min(len(p), room)]...)
}

// result returns what stderr said, its last line included even without a
// newline.
func (s *lineScanner) result() errorLine {
	if len(s.partial) > 0 {
		s.found.scanLine(s.partial)
		s.partial = s.partial[:0]
	}
	return s.found
}

// describe names the failure for -v: its code or connection error.
func (e errorLine) describe() string {
	switch {
	case e.code != "":
		return e.code
	case e.connection != "":
		return strings.TrimSuffix(e.connection, " on endpoint URL")
	}
	return "no AWS error code"
}
