package awsretry

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error that awsretry makes itself wraps one of them,
// so callers can test with errors.Is; the message names what was wrong.
var (
	// ErrInvalidClient: Decorate was given nil, a typed nil, or a value with
	// no exported methods.
	ErrInvalidClient = errors.New("awsretry: invalid client")

	// ErrInvalidOptions: an option is out of range, or an option function is nil.
	ErrInvalidOptions = errors.New("awsretry: invalid options")

	// ErrUnknownMethod: Call was asked for a method the client does not have.
	ErrUnknownMethod = errors.New("awsretry: unknown method")

	// ErrInvalidArguments: the arguments do not fit the method, Invoke's type
	// parameter does not fit its result, or Wrap was given a non-function.
	ErrInvalidArguments = errors.New("awsretry: invalid arguments")
)

// RetryError is what a caller gets when the loop gives up on a retryable
// error: the tries ran out, or Cause stopped it early.
//
// Err is the last attempt's error, so errors.As still finds the
// smithy.APIError through a *RetryError. Err is nil only when no attempt was
// made at all, because the context was done before the first one.
type RetryError struct {
	Method   string // the method or function name
	Attempts int    // attempts made, the first included
	Err      error  // the last attempt's error

	// Cause is why the loop stopped before the tries ran out: the context's
	// error; for a sleep that would end after the context's deadline, an
	// error that says so and for which errors.Is(Cause,
	// context.DeadlineExceeded) is true; ErrBudgetExhausted; or the Sleep
	// hook's error. It is nil when the tries ran out.
	Cause error
}

// Error reports the method, the attempts and the last error. It never holds
// the call's arguments.
func (e *RetryError) Error() string {
	switch {
	case e.Cause == nil:
		return fmt.Sprintf("awsretry: %s: gave up after %s: %v", e.Method, plural(e.Attempts, "attempt"), e.Err)
	case e.Err == nil:
		return fmt.Sprintf("awsretry: %s: not called: %v", e.Method, e.Cause)
	default:
		return fmt.Sprintf("awsretry: %s: stopped after %s: %v; last error: %v", e.Method, plural(e.Attempts, "attempt"), e.Cause, e.Err)
	}
}

// plural returns "1 attempt", "2 attempts": n and the noun, with an s
// unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Unwrap returns the last error and the cause, so errors.Is and errors.As
// see both.
func (e *RetryError) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	if e.Cause != nil {
		errs = append(errs, e.Cause)
	}
	return errs
}
