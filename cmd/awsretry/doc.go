// Command awsretry runs a command, the AWS CLI first, and retries it on
// awsretry's policy: the error codes of Python's awsretry 1.0.2, on its
// schedule, through the library's own retry loop.
//
//	awsretry --tries 20 --delay 2s --backoff 1.5 --added-exceptions ConcurrentTagAccess -- \
//	  aws ec2 create-tags --resources "$id" --tags Key=team,Value=ops
//
// Each attempt runs the command once. Its AWS error code is read from the
// CLI's error line (v1 and v2: "An error occurred (InvalidInstanceID.NotFound)
// when calling the DescribeInstances operation: ...") and classified as
// Decorate's classifier does: ExcludedExceptions, then the defaults and
// AddedExceptions, then NotFoundPattern, then Retryable. A failure without
// a code is not retried unless --transient is given; then the CLI's connection
// errors and HTTP 500, 502, 503 and 504 are, as awsretry.IsTransient's are.
//
// The flags mirror Options, with its defaults: --tries (10), --delay (3s; a
// bare number is seconds), --backoff (1.1), --max-delay, --jitter,
// --added-exceptions and --excluded-exceptions (comma-separated,
// repeatable); and --timeout (a deadline for all attempts, sleeps
// included), --transient, --keep-cli-retries and -v. Bad flags exit with 2.
//
// One retry layer: the command gets AWS_MAX_ATTEMPTS=1 and
// AWS_RETRY_MODE=standard unless the caller set them, so that the CLI sends one
// request per attempt; --keep-cli-retries leaves them out.
//
// Only the last attempt's stdout is written, once it has ended (each
// attempt's output is kept in memory up to 8 MiB, then in a temporary
// file); so is its stderr, unless -v, which passes every attempt's stderr
// through as it comes and adds a line per retry (attempt, exit status, code,
// delay; never the arguments, which can hold secrets). Standard input is
// recorded as the attempts read it and replayed to each, up to 16 MiB; a
// terminal or /dev/null is passed as it is. SIGINT and SIGTERM are passed to
// the running command, and then nothing is retried; one during a sleep ends
// it.
//
// Exit status: the last attempt's; 2 for bad flags; 124 when --timeout
// stopped a running attempt; 125 when awsretry itself failed (standard
// input over 16 MiB, or output it could not keep); 126 when the command
// cannot be started; 127 when it is not found. Stopped by a signal during a
// sleep, or with the command killed by it, awsretry ends by the same signal
// (128+N to a shell).
//
// It links the standard library and the root package only, no SDK service
// package; see docs/shell.md.
package main
