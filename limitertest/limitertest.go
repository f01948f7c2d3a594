// Package limitertest checks that an awsretry.LimiterStore does what the
// LimiterStore doc says, in the way of testing/fstest.TestFS: a store's own
// tests call TestStore with a function that makes an empty store.
//
// TestStore checks the slot schedule (one slot per reservation, Interval
// apart, under 64 goroutines), the window's accounting (no outcome lost or
// counted twice, one closer per window), the versioned rate (compare and
// set), expiry (through Ager), and errors (a canceled context, a closed
// store). It prints the seed of its random outcomes.
package limitertest

import (
	"context"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// Ager is what TestStore needs of a store beyond LimiterStore to check its
// expiry, since a store's TTL runs on the store's clock. A store's test
// implements it on a wrapper: a MemoryStore's with a virtual clock, a
// Redis store's by lowering the keys' TTLs.
type Ager interface {
	// TTL is the store's TTL: how long it keeps a scope after its last
	// write.
	TTL() time.Duration

	// Age makes d pass for the scopes that the store holds, as if no
	// operation came meanwhile.
	Age(t *testing.T, d time.Duration)

	// Scopes returns how many scopes the store holds (for a key-value
	// store, how many keys are under its prefix), forgotten ones left out.
	Scopes(t *testing.T) int
}

// TestStore runs the conformance suite on the stores that newStore makes.
// Each subtest calls newStore for a store of its own, which must be empty;
// a store that implements io.Closer is also checked after Close. The store
// (or newStore's wrapper) must implement Ager for the expiry checks.
func TestStore(t *testing.T, newStore func(t *testing.T) awsretry.LimiterStore) {
	t.Helper()
	for _, tt := range []struct {
		name string
		test func(t *testing.T, s awsretry.LimiterStore)
	}{
		{"Empty", testEmpty},
		{"Scopes", testScopes},
		{"Rate", testRate},
		{"Schedule", testSchedule},
		{"MaxWait", testMaxWait},
		{"AtomicSlots", testAtomicSlots},
		{"Window", testWindow},
		{"CloseWindow", testCloseWindow},
		{"AttemptClose", testAttemptClose},
		{"Pending", testPending},
		{"Unpaced", testUnpaced},
		{"Skip", testSkip},
		{"Accounting", testAccounting},
		{"Expiry", testExpiry},
		{"Canceled", testCanceled},
		{"Closed", testClosed},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, newStore(t)) })
	}
}

// slack is how far apart two times of a store may be and still count as
// the same: a store keeps times to the microsecond.
const slack = 2 * time.Microsecond

// near reports whether a and b are the same time of a store.
func near(a, b time.Time) bool { d := a.Sub(b); return -slack <= d && d <= slack }

// bg is the context of the operations that must succeed.
var bg = context.Background()
