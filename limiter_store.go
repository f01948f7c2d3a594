package awsretry

import "context"

// LimiterStore holds a Limiter's per-scope state outside the process, so
// that every Limiter with the same store acts as one Limiter for a fleet of
// processes that share one AWS quota. The rate model stays in the
// Limiter; a store only keeps numbers and performs three atomic operations
// on them. Implementations: NewMemoryStore (one process) and the module
// github.com/awsretry/awsretry/redisstore (Redis).
//
// A scope's state has three parts:
//
//   - a slot schedule: the start of the next free slot (StoreResult.Next)
//     and the spacing of slots (StoreRate.Interval). Attempt takes the
//     next free slot, or the store's now if that is later, and moves the
//     schedule on by Interval. An Interval of 0 is an open scope: slots
//     are free and the schedule does not move. Slots never pile up into a
//     burst: an idle schedule starts again at now.
//   - a window: the counts of outcomes since the window's Start
//     (StoreWindow). Attempt adds the outcomes that a process reports.
//     The Limiter decides when a window is complete, from a snapshot that
//     Attempt returns, and CloseWindow closes it.
//   - the rate (StoreRate): the slot Interval and the Limiter's own state
//     (Data, bytes that the store never reads), with a Version. CloseWindow
//     replaces it as a whole, and only if its Version is the one the caller
//     read (compare and set), so exactly one caller closes each window.
//
// Each method is one atomic operation on one scope, and costs one round
// trip in a store on the network: Load reads; Attempt reports the
// outcomes of earlier attempts and reserves the next slot together, and
// may close a window first; CloseWindow sets the rate and starts the next
// window. The Limiter calls no method while a scope was never throttled in
// its process, and from that process's first throttle on one Attempt an
// attempt: when the attempt ends, it reports the outcome, takes the slot
// of the process's next attempt, and carries the close of the window that
// the answer before found complete (a process whose next Attempt is more
// than a few ms away closes with a CloseWindow instead). Load is for
// tools and tests: a Limiter learns of the fleet's state at its own first
// throttle of a scope, from the answer to its Attempt.
//
// Time is the store's: Attempt and CloseWindow read the store's own clock
// (Redis: TIME), and every time in the results is on it, so the
// processes' clocks do not matter. A process never compares those times
// with its own clock: it waits StoreResult.Wait from when the answer
// comes, and hands StoreResult.Now back as StoreClose.End. A store keeps
// times to the microsecond at least.
//
// Expiry: a store forgets a scope (schedule, window and rate) once no
// Attempt or CloseWindow has touched it for the store's TTL, which must be
// longer than the Limiter's longest window (a minute or more; the stores
// here default to 10 minutes). Load does not keep a scope alive. A
// forgotten scope reads as one never seen: Version 0, Interval 0, an
// empty window. So the number of keys is bounded by the scopes in use,
// and never grows with time. A store that lost its memory (a restarted
// Redis) looks the same, and the Limiter sets the rate again.
//
// Errors: a method returns an error when the store cannot answer in time,
// is closed or unreachable, or ctx is done; the error then wraps
// ctx.Err(), and the operation had no effect if ctx was done before it
// began. A store error is a runtime condition, never a call's failure: the
// Limiter paces the scope with its local state, stops asking the store
// for a while after failures, and never returns a store's error from a
// call.
//
// Only scope names (from LimiterOptions.Scope, by default the method
// names) and numbers go to a store, never anything from a call's input.
// A store is safe for concurrent use by any number of goroutines and
// processes.
type LimiterStore interface {
	// Load returns scope's rate, with its Data, or the zero StoreRate when
	// the store holds none. It changes nothing and does not refresh the
	// scope's TTL.
	Load(ctx context.Context, scope string) (StoreRate, error)

	// Attempt performs, atomically and in this order:
	//   - when a.Close is set, CloseWindow(*a.Close), as one step of the
	//     same operation (StoreResult.Closed reports whether it closed),
	//     so that a window closes without a round trip of its own;
	//   - adds a.Report to the window (see StoreOutcomes for the rule;
	//     a report with no Reserved outcomes, to a scope with an
	//     Interval, is left out),
	//     creating the window with Start at the store's now if there was
	//     none; while the window's Skip is above 0 the report is left out
	//     instead (see StoreWindow.Skip);
	//   - when a.Reserve is set, takes the next free slot: slot =
	//     max(Next, now), Wait = slot - now. If a.MaxWait > 0 and Wait >
	//     a.MaxWait the slot is not taken (Reserved false, the schedule
	//     unchanged); otherwise Reserved is true and Next becomes slot +
	//     Interval. When Wait > 0, the window's Waited grows by one, taken
	//     or not. With Interval 0, Wait is 0 and Next does not move;
	//   - takes a.Report.Reserved off the scope's pending slots (not
	//     below 0), and adds one for a slot taken (Reserved);
	//   - refreshes the scope's TTL;
	// and returns the store's now, the slot's Wait, the schedule's Next,
	// the window after the add, the pending slots, and the rate, whose
	// Data is nil when its Version is a.Version (the caller has it
	// already).
	Attempt(ctx context.Context, scope string, a StoreAttempt) (StoreResult, error)

	// CloseWindow closes the window of which c.Window is a snapshot, with
	// c.End the Now that came with it, and sets the rate, atomically, if
	// and only if the scope's rate Version is still c.Version and its
	// window's Start is still c.Window.Start. Then the rate becomes
	// {Version: c.Version + 1, Interval: c.Interval, Data: a copy of
	// c.Data}, and a new window starts at c.End holding what came after
	// the snapshot: each count minus the snapshot's (see StoreWindow for
	// the first throttle); with c.Skip > 0, those outcomes count against
	// c.Skip instead, and the window's Skip is what is left of c.Skip.
	// It refreshes the scope's TTL and reports true. Otherwise it changes
	// nothing and reports false: another caller closed the window first,
	// or the scope was forgotten.
	//
	// A zero c.Window.Start sets the rate without closing a window (the
	// window is left as it is): how a Limiter sets the rate of a scope
	// that the store does not hold, with c.Version 0.
	CloseWindow(ctx context.Context, scope string, c StoreClose) (closed bool, err error)
}
