// Package awsretry retries AWS SDK for Go v2 calls the way Python's awsretry
// does: on rate limits, unavailable or internal errors, and "...NotFound"
// codes that only mean "not visible yet", on awsretry 1.0.2's schedule.
//
// Decorate wraps any client; Call then calls a method by name:
//
//	p, err := awsretry.Decorate(ec2Client)
//	out, err := p.Call("DescribeInstances", ctx, input)
//
// Seven entry points share one error classifier and one backoff loop, and
// every option works the same through each: Call and Invoke (by name),
// Pages and PagesOf (a paginated operation, retried page by page), Wrap and
// MustWrap (any function, the decorator form), WrapOp and Method (typed,
// with no reflection per call), and NewRetryer (the same policy inside the
// SDK's own retry middleware).
//
// # Which one?
//
//   - A script, or a few calls against any client: Decorate and Proxy.Call,
//     or Invoke for a typed result.
//   - A hot loop: WrapOp(client.Op), or Method when the name is known once.
//   - A port of Python code decorated with @AWSRetry.backoff: Wrap or
//     MustWrap on the function.
//   - An SDK paginator or waiter, or typed code that should not change:
//     NewRetryer, set as the client's Retryer.
//   - A list operation, page by page: Proxy.Pages, or PagesOf for typed
//     pages.
//   - An operation whose name is known only at run time: Proxy.Call or
//     Invoke, with the name as a string.
//   - An operation and its input given as data (boto3/CLI-shaped JSON):
//     the awsjson package's Call.
//
// # Defaults
//
// With DefaultOptions and NoJitter, a call is attempted up to 10 times with
// sleeps of 3s, 3.3s, 3.63s, ... (Delay × Backoff^k), about 40.7s in all.
// Delay is a time.Duration: write 3 * time.Second, not Python's 3.
// Retried by default: RequestLimitExceeded, Unavailable, ServiceUnavailable,
// InternalFailure, InternalError, and any code in which NotFoundPattern is
// found. DynamoDB's and S3's throttles need RetryThrottles. See Options
// for the rest.
//
// # Shared limits
//
// Options.Limiter (NewLimiter) paces every attempt of every proxy that
// shares it at what a throttled API admits, per method by default;
// Options.Budget (NewBudget) caps retries in an outage. Both are off by
// default, so that awsretry 1.0.2's behaviour stays as it is.
//
// # Tracing and metrics
//
// Options.TracerProvider and Options.MeterProvider (by default the
// client's own) report each call as a span, awsretry.<Method>, and as
// awsretry.* metrics, through smithy-go's tracing and metrics interfaces.
//
// Bad input (a nil client, an option out of range, an unknown method, wrong
// arguments, a nil context or option function) returns an error that wraps ErrInvalidClient,
// ErrInvalidOptions, ErrUnknownMethod or ErrInvalidArguments, and nothing is
// called.
package awsretry
