package realserver_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// Scenario 6: cancellation under load. 50 goroutines call through one proxy
// against a server that always throttles; once every one of them has been
// retried, the context is cancelled. Every Call returns promptly with
// context.Canceled in its chain, and no goroutine is left behind.
func TestCancelUnderLoad(t *testing.T) {
	const (
		callers = 50
		prompt  = 2 * time.Second // how long after cancel every Call must be back
	)
	moto := awstest.StartMoto(t)
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, awstest.Always(awstest.Throttle))
	httpClient := awstest.HTTPClient(t, 0)
	client := awstest.EC2(t, fp.URL, sdkOneAttempt, func(o *ec2.Options) { o.HTTPClient = httpClient })
	var retries atomic.Int32
	allRetried := make(chan struct{})
	p := mustDecorate(t, client, fastRetries(1_000_000, 5*time.Millisecond), func(o *awsretry.Options) {
		o.OnRetry = func(awsretry.RetryEvent) {
			if retries.Add(1) == 2*callers {
				close(allRetried)
			}
		}
	})
	ignore := goleak.IgnoreCurrent() // the servers and proxies, stopped at cleanup

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errs := make(chan error, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.Call("DescribeInstances", ctx, &ec2.DescribeInstancesInput{})
			errs <- err
		}()
	}
	select {
	case <-allRetried:
	case <-time.After(30 * time.Second):
		t.Fatalf("only %d retries in 30s", retries.Load())
	}
	cancel()
	cancelled := time.Now()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(prompt):
		t.Fatalf("Calls still running %v after cancel", prompt)
	}
	t.Logf("%d Calls returned %v after cancel, after %d retries", callers, time.Since(cancelled), retries.Load())
	close(errs)
	for err := range errs {
		require.ErrorIs(t, err, context.Canceled)
	}
	require.GreaterOrEqual(t, fp.Seen(), 2*callers)

	httpClient.CloseIdleConnections()
	goleak.VerifyNone(t, ignore)
}
