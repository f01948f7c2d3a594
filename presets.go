package awsretry

import (
	"context"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// ThrottleCodes returns a new, sorted slice of the codes that the SDK treats
// as throttling (retry.DefaultThrottleErrorCodes), "Throttling" among them,
// for AddedExceptions:
//
//	o.AddedExceptions = awsretry.ThrottleCodes()
//
// awsretry's defaults retry only RequestLimitExceeded of these; DynamoDB's
// ThrottlingException and S3's SlowDown, for example, need this preset.
func ThrottleCodes() []string {
	codes := make([]string, 0, len(retry.DefaultThrottleErrorCodes)+1)
	for c := range retry.DefaultThrottleErrorCodes {
		codes = append(codes, c)
	}
	if !slices.Contains(codes, "Throttling") {
		codes = append(codes, "Throttling")
	}
	slices.Sort(codes)
	return codes
}

// RetryThrottles is an option function that adds ThrottleCodes() to
// AddedExceptions, so that every service's throttle is retried on
// awsretry's schedule:
//
//	p, err := awsretry.Decorate(dynamodbClient, awsretry.RetryThrottles)
//
// Use it for DynamoDB, S3 and most services besides EC2. awsretry 1.0.2's
// defaults retry only EC2's RequestLimitExceeded of these, and boto3 gives
// DynamoDB 10 attempts of its own, so a port that relied on boto3 for
// DynamoDB's ProvisionedThroughputExceededException or ThrottlingException,
// or S3's SlowDown, loses writes in Go without it. The defaults are kept
// exact for ports that depend on them.
func RetryThrottles(o *Options) {
	o.AddedExceptions = append(o.AddedExceptions, ThrottleCodes()...)
}

// IsTransient reports whether err is a failure of the connection or the
// server rather than of the request, for Retryable:
//
//	o.Retryable = awsretry.IsTransient
//
// It accepts connection resets and refusals and other send errors (as the
// SDK's retry.RetryableConnectionError does), timeouts (an error with
// Timeout() true, or a context.DeadlineExceeded from a layer below such as
// http.Client.Timeout), and HTTP 500, 502, 503 and 504 responses. It
// rejects nil and context.Canceled. The call's own context is the loop's
// business: once it is done, nothing is retried whatever IsTransient says.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if (retry.RetryableConnectionError{}).IsErrorRetryable(err) == aws.TrueTernary {
		return true
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		_, ok := retry.DefaultRetryableHTTPStatusCodes[status.HTTPStatusCode()]
		return ok
	}
	return false
}
