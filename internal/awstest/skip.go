package awstest

import (
	"os"
	"testing"
)

// Unavailable stops t because something it needs, such as a server binary,
// is missing. With CI=true the test fails, so that CI never passes by
// skipping; anywhere else it is skipped. The message should say what is
// missing and how to get it.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true, so this cannot be skipped: "+format, args...)
	}
	t.Skipf(format, args...)
}
