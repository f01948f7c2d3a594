package redisstore_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
	"github.com/awsretry/awsretry/redisstore"
)

// records is a slog.Handler that keeps the records' levels and messages.
type records struct {
	mu   sync.Mutex
	logs []string
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }
func (r *records) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, rec.Level.String()+" "+rec.Message)
	return nil
}
func (r *records) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *records) WithGroup(string) slog.Handler      { return r }

func (r *records) levels() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, l := range r.logs {
		out = append(out, strings.Fields(l)[0])
	}
	return out
}

// ops runs each operation once and returns the errors.
func ops(s awsretry.LimiterStore) []error {
	ctx := context.Background()
	_, e1 := s.Load(ctx, "Outage")
	_, e2 := s.Attempt(ctx, "Outage", awsretry.StoreAttempt{Reserve: true})
	_, e3 := s.CloseWindow(ctx, "Outage", awsretry.StoreClose{Version: 0, Interval: time.Second})
	return []error{e1, e2, e3}
}

// A killed server is an error from every operation, one Warn record for
// the outage, and one Info when a restarted (empty) server answers: the
// scripts are loaded again, and the scope's state is gone.
func TestKillRestart(t *testing.T) {
	srv := awstest.StartRedis(t)
	log := &records{}
	s := newStore(t, srv, func(o *redisstore.Options) { o.Logger, o.Timeout = slog.New(log), 200*time.Millisecond })
	for _, err := range ops(s) {
		if err != nil {
			t.Fatalf("before the outage: %v", err)
		}
	}
	srv.Kill()
	for range 5 {
		for i, err := range ops(s) {
			if err == nil {
				t.Errorf("operation %d on a killed server: no error", i)
			}
		}
	}
	if got := log.levels(); len(got) != 1 || got[0] != "WARN" {
		t.Errorf("records during the outage: %v, want one WARN", log.logs)
	}
	srv.Restart()
	// The client dials again on its own schedule (go-redis waits a moment
	// after failed dials): wait for it, boundedly.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := s.Attempt(context.Background(), "Other", awsretry.StoreAttempt{}); err == nil {
			break
		}
	}
	r, err := s.Load(context.Background(), "Outage")
	if err != nil || r.Version != 0 {
		t.Errorf("Load on the restarted server = %+v, %v; want the zero rate (its memory is empty)", r, err)
	}
	for i, err := range ops(s) {
		if err != nil {
			t.Errorf("operation %d after the restart: %v", i, err)
		}
	}
	if got := log.levels(); len(got) != 2 || got[1] != "INFO" {
		t.Errorf("records after the outage: %v, want WARN then INFO", log.logs)
	}
}

// A server that does not answer (stopped, as one that is overloaded or
// failing over) costs an operation its Timeout, not the client's
// ReadTimeout: the error is a deadline, whether or not the client cancels
// commands on its context.
func TestSlow(t *testing.T) {
	srv := awstest.StartRedis(t)
	s := newStore(t, srv, func(o *redisstore.Options) { o.Timeout = 100 * time.Millisecond })
	if _, err := s.Attempt(context.Background(), "Slow", awsretry.StoreAttempt{}); err != nil {
		t.Fatal(err)
	}
	srv.Pause()
	for i, err := range ops(s) {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("operation %d on a paused server: %v, want a deadline error", i, err)
		}
	}
	srv.Resume()
	for i, err := range ops(s) {
		if err != nil {
			t.Errorf("operation %d once resumed: %v", i, err)
		}
	}
}

// The keys are <Prefix>:<scope>, each with a TTL no longer than Options.TTL,
// and hold numbers and the Limiter's bytes only.
func TestKeys(t *testing.T) {
	srv := awstest.StartRedis(t)
	s := newStore(t, srv)
	ctx := context.Background()
	if _, err := s.CloseWindow(ctx, "DescribeInstances", awsretry.StoreClose{Interval: time.Second, Data: []byte("state")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attempt(ctx, "DescribeInstances", awsretry.StoreAttempt{Reserve: true, Report: awsretry.StoreOutcomes{Successes: 1, Outcomes: 1}}); err != nil {
		t.Fatal(err)
	}
	keys := s.keys(t)
	if len(keys) != 1 || keys[0] != s.prefix+":DescribeInstances" {
		t.Fatalf("keys %q, want [%s:DescribeInstances]", keys, s.prefix)
	}
	if ttl := s.client.PTTL(ctx, keys[0]).Val(); ttl <= 0 || ttl > s.ttl {
		t.Errorf("PTTL %v, want in (0, %v]", ttl, s.ttl)
	}
	fields := s.client.HGetAll(ctx, keys[0]).Val()
	for f, v := range fields {
		if f == "d" {
			continue
		}
		if strings.Trim(v, "0123456789.e+-") != "" {
			t.Errorf("field %s = %q, want a number", f, v)
		}
	}
	if fields["d"] != "state" || len(fields) != 13 {
		t.Errorf("fields %v, want the 12 numbers and d", fields)
	}
}

// The ACL that the package doc gives is enough for every operation.
func TestACL(t *testing.T) {
	srv := awstest.StartRedis(t)
	admin := newStore(t, srv)
	ctx := context.Background()
	acl := []any{"ACL", "SETUSER", "limiter", "on", ">secret", "~acl:*", "+evalsha", "+eval", "+hmget", "+hget", "+hset", "+pexpire", "+time"}
	if err := admin.client.Do(ctx, acl...).Err(); err != nil {
		t.Fatalf("ACL SETUSER: %v", err)
	}
	client := redis.NewClient(&redis.Options{Addr: srv.Addr, Username: "limiter", Password: "secret", ContextTimeoutEnabled: true})
	defer client.Close()
	s, err := redisstore.New(client, func(o *redisstore.Options) { o.Prefix = "acl" })
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range ops(s) {
		if err != nil {
			t.Errorf("operation %d as the ACL user: %v", i, err)
		}
	}
	if err := client.Get(ctx, "acl:Outage").Err(); err == nil || !strings.Contains(err.Error(), "NOPERM") {
		t.Errorf("GET as the ACL user: %v, want NOPERM (the ACL is not a superuser's)", err)
	}
}
