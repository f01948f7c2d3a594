package awsretry

import (
	"context"
	"errors"
	"regexp"

	"github.com/aws/smithy-go"
)

// NotFoundPattern is awsretry's test for "not visible yet" error codes. It is
// searched for in the code, not matched against all of it, and its dot is
// unescaped on purpose, as in awsretry: it matches InvalidInstanceID.NotFound,
// InvalidGroup.NotFound and ResourceNotFoundException, but not
// NotFoundException or XNotFound.
const NotFoundPattern = `^\w+.NotFound`

// notFound is compiled once; a *regexp.Regexp is safe for concurrent use.
var notFound = regexp.MustCompile(NotFoundPattern)

// defaultExceptions are awsretry 1.0.2's retried codes.
var defaultExceptions = [...]string{
	"RequestLimitExceeded", "Unavailable", "ServiceUnavailable", "InternalFailure", "InternalError",
}

// DefaultExceptions returns a new slice of the five codes retried by default:
// RequestLimitExceeded, Unavailable, ServiceUnavailable, InternalFailure and
// InternalError.
func DefaultExceptions() []string { return append([]string(nil), defaultExceptions[:]...) }

// ErrorCode returns the AWS error code of the first smithy.APIError in err's
// chain, such as "InvalidInstanceID.NotFound", or "" if there is none. It
// finds the code through *smithy.OperationError and the SDK's response-error
// wrappers.
func ErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// classifier decides which errors are retried.
type classifier struct {
	added, excluded map[string]struct{}
	retryable       func(error) bool
}

func newClassifier(o *Options) classifier {
	return classifier{added: set(o.AddedExceptions), excluded: set(o.ExcludedExceptions), retryable: o.Retryable}
}

// classify returns err's code and whether it is retried, by the rules in
// the order that Options' doc comment gives ("Which errors are retried").
// The call's own context is the loop's business (see retrier.admit).
func (c *classifier) classify(err error) (code string, retry bool) {
	code = ErrorCode(err)
	switch {
	case errors.Is(err, context.Canceled):
		return code, false
	case code == "":
		// No code: only Retryable can decide.
	case has(c.excluded, code):
		return code, false
	case isDefaultException(code), has(c.added, code), notFound.MatchString(code):
		return code, true
	}
	return code, c.retryable != nil && c.retryable(err)
}

func isDefaultException(code string) bool {
	for _, d := range defaultExceptions {
		if code == d {
			return true
		}
	}
	return false
}

func set(codes []string) map[string]struct{} {
	if len(codes) == 0 {
		return nil
	}
	m := make(map[string]struct{}, len(codes))
	for _, c := range codes {
		m[c] = struct{}{}
	}
	return m
}

func has(m map[string]struct{}, k string) bool {
	_, ok := m[k]
	return ok
}
