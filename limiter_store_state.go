package awsretry

import "time"

// StoreRate is a scope's shared rate in a LimiterStore. The zero value is
// a scope that the store does not hold: open, with no state.
type StoreRate struct {
	// Version counts the rates set: 0 for none, then 1, 2, ... by
	// CloseWindow. A store that forgot the scope starts again at 0.
	Version uint64

	// Interval is the spacing of slots: 1/rate. 0 is an open scope, whose
	// slots are free.
	Interval time.Duration

	// Data is the Limiter's controller state, opaque to the store, which
	// keeps its bytes as they are. It is numbers only, a few hundred bytes.
	Data []byte
}

// StoreOutcomes are outcomes that a process reports to a scope's window
// in one Attempt. The store adds them to the window this way: Successes,
// Throttles and Outcomes to the window's; and if the window had a
// throttle already, Successes to its SuccessesAfterThrottle; else, if
// Throttles > 0, the window's FirstThrottle becomes the store's now and
// SuccessesAfterThrottle grows by this report's SuccessesAfterThrottle.
type StoreOutcomes struct {
	Successes int64 // attempts that succeeded
	Throttles int64 // attempts that the server throttled
	Outcomes  int64 // every attempt reported: successes, throttles and other errors

	// SuccessesAfterThrottle is how many of Successes came after the first
	// of Throttles, in the order the process saw them.
	SuccessesAfterThrottle int64

	// Reserved is how many of Outcomes are of slots that an Attempt of
	// this store gave: they leave the scope's pending slots
	// (StoreResult.Pending). A report with none (attempts that a process
	// made before it asked the store, unpaced) to a scope with an
	// Interval is left out of the window: its outcomes were not sent at
	// the rate. A Limiter reports such an outcome alone.
	Reserved int64
}

// StoreWindow is a scope's window: the counts of the outcomes reported
// since Start, on the store's clock.
type StoreWindow struct {
	Start time.Time // when the window began: zero for none
	StoreOutcomes
	Waited int64 // slots that started after the store's now when they were asked for

	// FirstThrottle is when the window's first throttle was reported:
	// zero until then. SuccessesAfterThrottle counts the successes from
	// then on. The window that CloseWindow starts holds the outcomes that
	// came between the snapshot and the close: with no throttle among
	// them, its FirstThrottle is zero; else, if the snapshot held a
	// throttle, FirstThrottle is the close's End and every success of the
	// new window counts as after it; else FirstThrottle and
	// SuccessesAfterThrottle are those of the window that closed (its
	// first throttle came after the snapshot).
	FirstThrottle time.Time

	// Skip is how many outcomes are still to be left out of the window,
	// as CloseWindow set it: they are of slots taken at the rate before.
	// While Skip > 0, Attempt adds nothing to the counts and lowers Skip
	// by the report's Outcomes (not below 0); the Attempt that brings it
	// to 0 starts the window again at the store's now. Waited counts on
	// while Skip lasts; the other counts stay 0.
	Skip int64
}

// StoreAttempt is what one Attempt asks of a scope.
type StoreAttempt struct {
	Report  StoreOutcomes // outcomes to add to the window; zero for none
	Reserve bool          // take the next free slot

	// MaxWait is the longest wait for the slot that the caller accepts:
	// a later slot is not taken. 0 accepts any wait.
	MaxWait time.Duration

	// Version is the rate's version that the caller holds: the result's
	// Rate has Data only when the store's version is another.
	Version uint64

	// Close, when set, is a CloseWindow performed first, in the same
	// atomic operation: how a Limiter closes the window that its previous
	// Attempt found complete without a round trip of its own. Nil: none.
	Close *StoreClose
}

// StoreResult is what Attempt returns: all of it read in the same atomic
// operation.
type StoreResult struct {
	Now      time.Time     // the store's clock when it performed the Attempt
	Wait     time.Duration // from Now to the slot asked for; 0 without one
	Reserved bool          // the slot was taken: Reserve was set and Wait fit MaxWait
	Next     time.Time     // the schedule's next free slot after the Attempt; zero for none
	Window   StoreWindow   // the window after the report
	Rate     StoreRate     // the rate; Data nil when Version is StoreAttempt.Version
	Closed   bool          // StoreAttempt.Close closed its window (or set the rate)

	// Pending counts the slots taken whose outcomes no report has brought
	// yet, this Attempt's included: each slot taken adds one, each
	// report's Reserved are taken off, never below 0. A slot whose attempt
	// never reports stays counted, until the scope is forgotten.
	Pending int64
}

// StoreClose is what CloseWindow asks: the rate that closes a window.
type StoreClose struct {
	Version  uint64        // the rate's version that the caller read with Window
	Interval time.Duration // the new slot spacing; 0 opens the scope
	Data     []byte        // the new controller state

	Window StoreWindow // the snapshot that closes, as Attempt returned it; zero Start: none
	End    time.Time   // the Now that Attempt returned with Window: the window's end
	Skip   int64       // outcomes to leave out of the next window
}
