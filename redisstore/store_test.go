package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
	"github.com/awsretry/awsretry/limitertest"
	"github.com/awsretry/awsretry/redisstore"
)

// aged is a Store under a prefix of its own, aged by lowering its keys'
// TTLs, and closed by closing its client.
type aged struct {
	*redisstore.Store
	client *redis.Client
	prefix string
	ttl    time.Duration
}

func (a *aged) TTL() time.Duration { return a.ttl }

// Age lowers every key's TTL by d, and deletes the keys whose TTL it
// spends, as Redis would expire them. A key without a TTL fails t.
func (a *aged) Age(t *testing.T, d time.Duration) {
	ctx := context.Background()
	for _, k := range a.keys(t) {
		ttl, err := a.client.PTTL(ctx, k).Result()
		if err != nil {
			t.Fatalf("PTTL %q: %v", k, err)
		}
		switch {
		case ttl < 0:
			t.Errorf("key %q has no TTL (PTTL %v)", k, ttl)
		case ttl <= d:
			a.client.Del(ctx, k)
		default:
			a.client.PExpire(ctx, k, ttl-d)
		}
	}
}

func (a *aged) Scopes(t *testing.T) int { return len(a.keys(t)) }

func (a *aged) keys(t *testing.T) []string {
	keys, err := a.client.Keys(context.Background(), a.prefix+":*").Result()
	if err != nil {
		t.Fatalf("KEYS: %v", err)
	}
	return keys
}

func (a *aged) Close() error { return a.client.Close() }

var prefixes atomic.Int64

// newStore returns a Store on srv under a fresh prefix, with its own client.
func newStore(t *testing.T, srv *awstest.Redis, optFns ...func(*redisstore.Options)) *aged {
	client := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = client.Close() })
	a := &aged{client: client, prefix: fmt.Sprintf("test%d", prefixes.Add(1)), ttl: time.Minute}
	fns := append([]func(*redisstore.Options){func(o *redisstore.Options) {
		o.Prefix, o.TTL = a.prefix, a.ttl
		o.Timeout = 5 * time.Second // the suite checks the store, not a loaded machine's latency
	}}, optFns...)
	s, err := redisstore.New(client, fns...)
	if err != nil {
		t.Fatal(err)
	}
	a.Store = s
	return a
}

func TestConformance(t *testing.T) {
	srv := awstest.StartRedis(t)
	limitertest.TestStore(t, func(t *testing.T) awsretry.LimiterStore { return newStore(t, srv) })
}

func TestNew(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialed
	defer client.Close()
	var typedNil *redis.Client
	for _, tt := range []struct {
		name   string
		client redis.UniversalClient
		fns    []func(*redisstore.Options)
		want   string // in the error; "" for none
	}{
		{"defaults", client, nil, ""},
		{"nil client", nil, nil, "client is nil"},
		{"typed nil client", typedNil, nil, "client is nil"},
		{"nil option function", client, []func(*redisstore.Options){nil}, "option function 0 is nil"},
		{"empty prefix", client, []func(*redisstore.Options){func(o *redisstore.Options) { o.Prefix = "" }}, "Prefix is empty"},
		{"zero timeout", client, []func(*redisstore.Options){func(o *redisstore.Options) { o.Timeout = 0 }}, "Timeout is 0s"},
		{"short TTL", client, []func(*redisstore.Options){func(o *redisstore.Options) { o.TTL = time.Millisecond }}, "TTL is 1ms"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := redisstore.New(tt.client, tt.fns...)
			if tt.want == "" {
				if err != nil || s == nil {
					t.Fatalf("New: %v, %v; want a Store", s, err)
				}
				return
			}
			if s != nil || !errors.Is(err, awsretry.ErrInvalidOptions) || !strings.Contains(fmt.Sprint(err), tt.want) {
				t.Errorf("New = %v, %v; want nil and an error wrapping ErrInvalidOptions that says %q", s, err, tt.want)
			}
		})
	}
}
