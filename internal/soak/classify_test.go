package soak

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"syscall"

	"github.com/awsretry/awsretry"
)

var notFound = regexp.MustCompile(awsretry.NotFoundPattern)

// codeRetried reports whether the code rules of a setting retry code: the
// defaults, ThrottleCodes, and the NotFound pattern.
func codeRetried(code string) bool {
	return code != "" && (slices.Contains(awsretry.DefaultExceptions(), code) ||
		slices.Contains(awsretry.ThrottleCodes(), code) || notFound.MatchString(code))
}

// classOf names the class of a call's error, and reports whether the
// library classified it as its setting says: a *RetryError for a loop that
// gave up, or an error that the setting does not retry, returned unchanged.
// ctx is the call's context.
func classOf(ctx context.Context, err error, s setting) (string, bool) {
	var re *awsretry.RetryError
	if errors.As(err, &re) {
		last := describe(re.Err)
		switch {
		case re.Cause == nil:
			return "gave up, tries ran out: " + last, true
		case errors.Is(re.Cause, awsretry.ErrBudgetExhausted):
			return "gave up, budget empty: " + last, true
		case errors.Is(re.Cause, context.DeadlineExceeded) && limiterSlot(re.Cause):
			return limiterGaveUp + last, true
		case errors.Is(re.Cause, context.DeadlineExceeded):
			return "gave up, deadline: " + last, true
		default:
			return fmt.Sprintf("gave up, unexpected cause %v: %s", re.Cause, last), false
		}
	}
	if ctx.Err() != nil {
		return "call's deadline passed in an attempt: " + describe(err), true
	}
	if codeRetried(awsretry.ErrorCode(err)) || s.retryable != nil && s.retryable(err) {
		return "NOT RETRIED though retryable: " + describe(err), false
	}
	return "not retried: " + describe(err), true
}

// limiterGaveUp begins the class of a call that gave up because the
// Limiter's next slot was after its deadline.
const limiterGaveUp = "gave up at the Limiter's slot: "

// limiterSlot reports whether a give-up's cause is the Limiter's slot past
// the deadline. The library exports no type for it (errors.Is sees
// context.DeadlineExceeded); its message is the mark, here in a test only.
func limiterSlot(cause error) bool {
	return strings.Contains(cause.Error(), "the Limiter's next slot")
}

// describe names an error by its AWS code or, without one, by its kind. It
// never includes the error's text, which may hold request details.
func describe(err error) string {
	if err == nil {
		return "none"
	}
	if code := awsretry.ErrorCode(err); code != "" {
		return code
	}
	var status interface{ HTTPStatusCode() int }
	var timeout interface{ Timeout() bool }
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timeout) && timeout.Timeout():
		return "timeout"
	case errors.As(err, &status):
		return fmt.Sprintf("HTTP %d without a code", status.HTTPStatusCode())
	}
	return fmt.Sprintf("no code (%T)", err)
}
