package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestDemo runs the whole demo against its endpoint and checks that a reader
// sees three retries, with their codes, then the instance.
func TestDemo(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	if n := strings.Count(got, `msg="awsretry: retrying"`); n != 3 {
		t.Errorf("logged %d retries, want 3:\n%s", n, got)
	}
	for _, want := range []string{
		"attempt=1 code=InvalidInstanceID.NotFound http_status=400 request_id=", "delay=100ms",
		"attempt=2 code=InvalidInstanceID.NotFound http_status=400 request_id=", "delay=150ms",
		"attempt=3 code=RequestLimitExceeded http_status=503 request_id=", "delay=225ms",
		"Instance " + instanceID,
		"state: running",
		"type:  " + instanceType,
		"name:  " + instanceName,
		"succeeded after 4 attempts (3 retries)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
