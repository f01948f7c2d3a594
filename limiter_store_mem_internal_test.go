package awsretry

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The map never grows with time: the writes of other scopes sweep the
// scopes that were written once, not only a lookup of their own name.
func TestMemoryStoreSweeps(t *testing.T) {
	now := time.Unix(0, 0)
	s, err := NewMemoryStore(func(o *MemoryStoreOptions) { o.TTL, o.Now = time.Minute, func() time.Time { return now } })
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for i := range 1000 {
		now = now.Add(time.Second)
		if _, err := s.Attempt(context.Background(), fmt.Sprint("scope ", i), StoreAttempt{Reserve: true}); err != nil {
			t.Fatal(err)
		}
		most = max(most, len(s.scopes))
	}
	// One scope a second and a TTL of 60 s: a sweep every 15 s keeps at
	// most 75.
	if most > 75 {
		t.Errorf("the map held %d scopes at most, want at most 75 (a TTL and a quarter of writes)", most)
	}
	if n := s.Len(); n != 60 {
		t.Errorf("Len() = %d, want the 60 scopes written within the TTL", n)
	}
}
