package limitertest

import (
	"fmt"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// testExpiry: a scope is forgotten a TTL after its last write, writes keep
// it, Load does not, and the store holds no more scopes than were written
// within a TTL.
func testExpiry(t *testing.T, s awsretry.LimiterStore) {
	ager, ok := s.(Ager)
	if !ok {
		t.Fatalf("the store (%T) does not implement limitertest.Ager: a store's test must, to check its expiry", s)
	}
	ttl := ager.TTL()
	if ttl <= 0 {
		t.Fatalf("TTL() = %v, want > 0", ttl)
	}
	margin := ttl / 10
	seed(t, s, "Expiry", time.Second, []byte("rate"))
	attempt(t, s, "Expiry", awsretry.StoreAttempt{Report: report(1, 1, 0, 0), Reserve: true})
	ager.Age(t, ttl-margin)
	if r := load(t, s, "Expiry"); r.Version != 1 {
		t.Fatalf("after %v of a %v TTL: rate Version %d, want 1 (still held)", ttl-margin, ttl, r.Version)
	}
	attempt(t, s, "Expiry", awsretry.StoreAttempt{Report: report(1, 0, 0, 0)}) // a write keeps the scope
	ager.Age(t, ttl-margin)
	if r := load(t, s, "Expiry"); r.Version != 1 {
		t.Fatalf("%v after an Attempt: rate Version %d, want 1 (the Attempt refreshed the TTL)", ttl-margin, r.Version)
	}
	ager.Age(t, 2*margin) // a TTL and more since the Attempt, with a Load between
	if r := load(t, s, "Expiry"); r.Version != 0 || r.Interval != 0 || r.Data != nil {
		t.Errorf("a TTL after the last write, with only a Load since: rate %+v, want the zero StoreRate (forgotten)", r)
	}
	res := attempt(t, s, "Expiry", awsretry.StoreAttempt{Reserve: true})
	if c := counts(res.Window); c != [6]int64{} || !res.Window.Start.Equal(res.Now) || !res.Next.IsZero() || res.Wait != 0 {
		t.Errorf("first Attempt on a forgotten scope: counts %v, Start %v (Now %v), Next %v, Wait %v; want a new window and an open schedule",
			c, res.Window.Start, res.Now, res.Next, res.Wait)
	}

	// Many scopes, written once: all forgotten a TTL later.
	ager.Age(t, ttl+margin)
	const scopes = 50
	for i := range scopes {
		name := fmt.Sprintf("Expiry %d", i)
		seed(t, s, name, time.Millisecond, nil)
		attempt(t, s, name, awsretry.StoreAttempt{Report: report(1, 0, 0, 0), Reserve: true})
	}
	if n := ager.Scopes(t); n != scopes {
		t.Errorf("Scopes() after writing %d scopes = %d, want %d", scopes, n, scopes)
	}
	ager.Age(t, ttl+margin)
	if n := ager.Scopes(t); n != 0 {
		t.Errorf("Scopes() a TTL after the last write = %d, want 0: the keys of idle scopes must expire", n)
	}
}
