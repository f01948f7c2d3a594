package realserver_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestLimiterAgainstMotoBehindARateLimit: moto's EC2 behind a FaultProxy
// that admits 20 requests a second and throttles the rest with
// RequestLimitExceeded. 20 goroutines make 2 DescribeRegions calls each,
// once without a Limiter and once sharing one. The counts are the proxy's:
// with the Limiter, fewer attempts per success, and no call given up.
func TestLimiterAgainstMotoBehindARateLimit(t *testing.T) {
	const (
		admit   = 20.0 // requests a second, below what moto serves here
		workers = 20
		calls   = 2
	)
	moto := awstest.StartMoto(t)
	run := func(t *testing.T, lim *awsretry.Limiter) (attemptsPerSuccess float64, gaveUp int) {
		fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, awstest.RateAdmit(admit, admit/20))
		p := throughProxy(t, fp, 30, lim)
		_, gaveUp = describeRegions(t.Context(), p, workers, calls, 0)
		st := p.Stats()
		require.EqualValues(t, fp.Seen(), st.Attempts, "every attempt is one request")
		return float64(fp.Seen()) / float64(fp.Forwarded()), gaveUp
	}
	start := time.Now()
	without, _ := run(t, nil)
	t.Logf("without a Limiter: %v", time.Since(start))
	lim, err := awsretry.NewLimiter()
	require.NoError(t, err)
	with, gaveUp := run(t, lim)
	t.Logf("attempts per success: %.2f without a Limiter, %.2f with one", without, with)
	assert.Less(t, with, without)
	assert.Zero(t, gaveUp)
	_, limited := lim.Rate("DescribeRegions")
	assert.True(t, limited)
}

// TestLimiterAgainstMotoBehindRandomThrottles: moto's EC2 behind a
// FaultProxy that throttles a tenth of the requests at random
// (RandomFaults, seeded: the same requests are throttled in both runs),
// with no rate limit. 20 goroutines make 5 DescribeRegions calls each,
// each call with a 10 s deadline, once without a Limiter and once sharing
// one, after a few calls that warm moto up (its first requests can take
// seconds on a loaded machine). The successful calls are counted, not
// timed: with the Limiter there are as many, within 5%. The old model took
// such throttles for a rate limit and slowed the calls past their
// deadlines.
func TestLimiterAgainstMotoBehindRandomThrottles(t *testing.T) {
	const (
		workers = 20
		calls   = 5
		seed    = 16
	)
	t.Logf("fault seed %d", seed)
	moto := awstest.StartMoto(t)
	direct := awstest.EC2(t, moto.URL)
	for range 3 {
		_, err := direct.DescribeRegions(t.Context(), &ec2.DescribeRegionsInput{})
		require.NoError(t, err)
	}
	run := func(t *testing.T, lim *awsretry.Limiter) (successes int, throttles int64) {
		faults, err := awstest.NewRandomFaults(seed, awstest.Chance{Fault: awstest.Throttle, P: 0.10})
		require.NoError(t, err)
		fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, faults.Script(1))
		p := throughProxy(t, fp, 8, lim)
		successes, _ = describeRegions(t.Context(), p, workers, calls, 10*time.Second)
		require.EqualValues(t, fp.Seen(), p.Stats().Attempts, "every attempt is one request")
		return successes, faults.Counts()[awstest.Throttle]
	}
	without, thrWithout := run(t, nil)
	lim, err := awsretry.NewLimiter()
	require.NoError(t, err)
	with, thrWith := run(t, lim)
	rate, limited := lim.Rate("DescribeRegions")
	t.Logf("successful calls of %d: %d without a Limiter (%d throttles), %d with one (%d throttles; limited %v at %.0f/s at the end)",
		workers*calls, without, thrWithout, with, thrWith, limited, rate)
	assert.GreaterOrEqual(t, float64(with), 0.95*float64(without))
}

// throughProxy decorates an EC2 client of fp with tries tries of a quick
// FullJitter schedule, one request an attempt, and lim.
func throughProxy(t *testing.T, fp *awstest.FaultProxy, tries int, lim *awsretry.Limiter) *awsretry.Proxy {
	httpClient := awstest.HTTPClient(t, 0)
	client := awstest.EC2(t, fp.URL, func(o *ec2.Options) { o.HTTPClient = httpClient })
	return mustDecorate(t, client, func(o *awsretry.Options) {
		o.Tries, o.Delay, o.Backoff, o.MaxDelay = tries, 10*time.Millisecond, 2, 200*time.Millisecond
		o.Jitter, o.DisableSDKRetries, o.Limiter = awsretry.FullJitter, true, lim
	})
}

// describeRegions makes calls DescribeRegions calls from each of workers
// goroutines through p, each with a context of parent and timeout (0:
// none), and counts those that succeeded and those that failed.
func describeRegions(parent context.Context, p *awsretry.Proxy, workers, calls int, timeout time.Duration) (ok, failed int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				ctx, cancel := parent, context.CancelFunc(func() {})
				if timeout > 0 {
					ctx, cancel = context.WithTimeout(ctx, timeout)
				}
				_, err := p.Call("DescribeRegions", ctx, &ec2.DescribeRegionsInput{})
				cancel()
				mu.Lock()
				if err == nil {
					ok++
				} else {
					failed++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return ok, failed
}
