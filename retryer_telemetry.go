package awsretry

import (
	"context"
	"time"

	awsmiddle "github.com/aws/aws-sdk-go-v2/aws/middleware"
)

// What a retryer from NewRetryer reports. The SDK runs the loop, so the
// call's span is the SDK's own operation span, with its RetryLoop and
// Attempt spans, and calls and attempts are the SDK's client.call.*
// metrics. The retryer adds, through its MeterProvider, the retries by code
// (from GetRetryToken, which sees the operation's context), the calls that
// the Budget stopped, and the sleeps it asks for (from RetryDelay).

// sdkRetried counts a retry that the SDK is about to make.
func (t *telemetry) sdkRetried(ctx context.Context, code string) {
	if t == nil || t.inst == nil {
		return
	}
	t.inst.retries.Add(ctx, 1, withProps("rpc.method", awsmiddle.GetOperationName(ctx), "awsretry.code", codeKey(code)))
}

// sdkGaveUp counts a call that the retryer stopped, for reason.
func (t *telemetry) sdkGaveUp(ctx context.Context, reason string) {
	if t == nil || t.inst == nil {
		return
	}
	t.inst.gaveUp.Add(ctx, 1, withProps("rpc.method", awsmiddle.GetOperationName(ctx), "awsretry.give_up_reason", reason))
}

// sdkSleep records a sleep of d that the SDK is told to make.
func (t *telemetry) sdkSleep(d time.Duration) {
	if t == nil || t.inst == nil {
		return
	}
	t.inst.sleep.Record(context.Background(), d.Seconds())
}
