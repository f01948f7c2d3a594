// Package awsretry retries AWS SDK for Go v2 calls the way Python's awsretry
// does: on rate limits, unavailable or internal errors, and "...NotFound"
// codes that only mean "not visible yet", on awsretry 1.0.2's schedule.
//
// Decorate wraps any client; Call then calls a method by name:
//
//	p, err := awsretry.Decorate(ec2Client)
//	out, err := p.Call("DescribeInstances", ctx, input)
//
// Every entry point shares one error classifier and one backoff loop:
// Call and Invoke (by name), Wrap (any function, the decorator form),
// WrapOp and Method (typed, with no reflection per call), Pages (a paginated
// operation, retried page by page), and NewRetryer (the same policy inside
// the SDK's own retry middleware).
//
// With DefaultOptions and NoJitter, a call is attempted up to 10 times with
// sleeps of 3s, 3.3s, 3.63s, ... (Delay × Backoff^k), about 40.7s in all.
// Retried by default: RequestLimitExceeded, Unavailable, ServiceUnavailable,
// InternalFailure, InternalError, and any code in which NotFoundPattern is
// found. See Options for the rest.
package awsretry
