package awstest

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// DynaliteCLI is the path of dynalite's command-line entry point, installed
// by `npm ci --prefix internal/awstest/testdata` from the pinned
// testdata/package-lock.json.
var DynaliteCLI = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "node_modules", "dynalite", "cli.js")
}()

// StartDynalite starts dynalite, an in-memory DynamoDB, on a free 127.0.0.1
// port, waits until it answers, and stops it when t ends. A table that
// CreateTable makes stays CREATING for createTableMs milliseconds, and while
// it does dynalite answers PutItem on it with ResourceNotFoundException.
//
// It needs node on PATH and dynalite installed under testdata (make test does
// it); without them t fails under CI=true and is skipped otherwise.
func StartDynalite(t testing.TB, createTableMs int) *Server {
	t.Helper()
	const missing = "needs node on PATH and `npm ci --prefix internal/awstest/testdata`, which make test runs"
	if _, err := os.Stat(DynaliteCLI); err != nil {
		Unavailable(t, "dynalite is not installed: %v (%s)", err, missing)
		return nil
	}
	return startServer(t, serverSpec{
		name: "dynalite",
		command: func(port int) (string, []string) {
			return "node", []string{DynaliteCLI,
				"--host", "127.0.0.1", "--port", strconv.Itoa(port),
				"--createTableMs", strconv.Itoa(createTableMs)}
		},
		missing: missing,
	})
}
