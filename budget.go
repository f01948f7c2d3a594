package awsretry

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// Retry budget costs, as in the SDK's standard retry mode.
const (
	BudgetRetryCost     = 5 // tokens a retry takes
	BudgetSuccessRefund = 1 // tokens a successful call gives back
)

// ErrBudgetExhausted means that a shared Budget had too few tokens left for
// a retry.
// The limit is on the client side, not one that AWS set.
var ErrBudgetExhausted = errors.New("awsretry: client-side retry budget exhausted (a limit of this process, not an AWS error)")

// Budget is a token bucket that limits retries across every proxy that
// shares it, so that a struggling service is not hit harder by retries. A
// retry takes BudgetRetryCost tokens; a successful call gives back
// BudgetSuccessRefund, up to the capacity. When too few tokens are left,
// calls stop retrying and return their last error in a *RetryError whose
// Cause is ErrBudgetExhausted.
//
// A Budget is safe for concurrent use. Make one with NewBudget; the zero
// value has no capacity and is rejected by the options.
type Budget struct {
	capacity int64
	level    atomic.Int64
}

// NewBudget returns a full Budget of capacity tokens. The SDK's standard
// mode uses 500 per client. A capacity below 1 is rejected when the Budget
// is set in Options.
func NewBudget(capacity int) *Budget {
	b := &Budget{capacity: int64(capacity)}
	b.level.Store(int64(capacity))
	return b
}

// Level returns the tokens left now.
func (b *Budget) Level() int { return int(b.level.Load()) }

// Capacity returns the most tokens the Budget holds.
func (b *Budget) Capacity() int { return int(b.capacity) }

// String reports the level, as "budget 495/500".
func (b *Budget) String() string { return fmt.Sprintf("budget %d/%d", b.Level(), b.Capacity()) }

// take removes n tokens if there are that many.
func (b *Budget) take(n int64) bool {
	for {
		l := b.level.Load()
		if l < n {
			return false
		}
		if b.level.CompareAndSwap(l, l-n) {
			return true
		}
	}
}

// refund adds n tokens, never past the capacity. A full bucket is left
// alone without a write, so that successes cost one load when all is well.
func (b *Budget) refund(n int64) {
	for {
		l := b.level.Load()
		if l >= b.capacity {
			return
		}
		if b.level.CompareAndSwap(l, min(l+n, b.capacity)) {
			return
		}
	}
}
