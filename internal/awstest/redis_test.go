package awstest

import (
	"testing"
)

// The harness's hooks do what they say: Kill makes the server unreachable,
// Restart brings it back on the same address.
func TestStartRedis(t *testing.T) {
	r := StartRedis(t)
	if err := ping(r.Addr); err != nil {
		t.Fatalf("PING after StartRedis: %v", err)
	}
	r.Kill()
	if err := ping(r.Addr); err == nil {
		t.Fatalf("PING after Kill answered")
	}
	r.Restart()
	if err := ping(r.Addr); err != nil {
		t.Fatalf("PING after Restart: %v", err)
	}
}
