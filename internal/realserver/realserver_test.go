package realserver_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// Helpers shared by the real-server tests (moto, dynalite and the fault
// proxy in front of them). The servers themselves live in internal/awstest.

// retryLog records the RetryEvents of the Calls through a proxy.
type retryLog struct {
	mu     sync.Mutex
	events []awsretry.RetryEvent
}

// option installs the log as the proxy's OnRetry hook.
func (l *retryLog) option(o *awsretry.Options) {
	o.OnRetry = func(ev awsretry.RetryEvent) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.events = append(l.events, ev)
	}
}

// codes returns the error code of each retry so far, in order.
func (l *retryLog) codes() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	codes := make([]string, len(l.events))
	for i, ev := range l.events {
		codes[i] = ev.Code
	}
	return codes
}

// fastRetries sets tries and a constant delay, so that tests are quick.
func fastRetries(tries int, delay time.Duration) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		o.Tries, o.Delay, o.Backoff = tries, delay, 1
	}
}

// sdkOneAttempt turns the EC2 client's own retries off, for one Call or a
// whole client, so that each awsretry attempt is exactly one HTTP request.
func sdkOneAttempt(o *ec2.Options) { o.RetryMaxAttempts = 1 }

// sendFailed is a Retryable hook for errors without an AWS code: the request
// could not be sent, or its answer not read (a reset or a client timeout).
func sendFailed(err error) bool {
	var se *smithyhttp.RequestSendError
	return errors.As(err, &se)
}

// serverFailed is a Retryable hook for 5xx answers without an AWS error
// body, which the SDK reports with the code UnknownError.
func serverFailed(err error) bool {
	var re *awshttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() >= http.StatusInternalServerError
}

// requestsFor returns what the fault proxy saw of one operation.
func requestsFor(fp *awstest.FaultProxy, operation string) []awstest.Request {
	var out []awstest.Request
	for _, r := range fp.Requests() {
		if r.Operation == operation {
			out = append(out, r)
		}
	}
	return out
}

// mustDecorate decorates client or stops t.
func mustDecorate(t *testing.T, client any, optFns ...func(*awsretry.Options)) *awsretry.Proxy {
	t.Helper()
	p, err := awsretry.Decorate(client, optFns...)
	if err != nil {
		t.Fatalf("Decorate: %v", err)
	}
	return p
}
