package awsretry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

func TestNewLimiterRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*awsretry.LimiterOptions)
		want string
	}{
		{"nil option function", nil, "limiter option function 0 is nil"},
		{"no successes", func(o *awsretry.LimiterOptions) { o.WindowSuccesses = 0 }, "WindowSuccesses is 0"},
		{"zero window", func(o *awsretry.LimiterOptions) { o.MinWindow = 0 }, "MinWindow is 0s"},
		{"max below min", func(o *awsretry.LimiterOptions) { o.MaxWindow = time.Millisecond }, "MaxWindow is 1ms, want >= MinWindow (10ms)"},
		{"cut NaN", func(o *awsretry.LimiterOptions) { o.MaxCut = math.NaN() }, "MaxCut is NaN"},
		{"cut to nothing", func(o *awsretry.LimiterOptions) { o.MaxCut = 0 }, "MaxCut is 0"},
		{"no cut", func(o *awsretry.LimiterOptions) { o.MaxCut = 1 }, "MaxCut is 1"},
		{"zero floor", func(o *awsretry.LimiterOptions) { o.MinRate = 0 }, "MinRate is 0"},
		{"infinite floor", func(o *awsretry.LimiterOptions) { o.MinRate = math.Inf(1) }, "MinRate is +Inf"},
		{"nil store", func(o *awsretry.LimiterOptions) { o.Store = (*awsretry.MemoryStore)(nil) }, "Store is a nil *awsretry.MemoryStore"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := awsretry.NewLimiter(tt.fn)
			require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tt.want)
			assert.Nil(t, l)
		})
	}
	_, err := awsretry.Decorate(newScripted(), func(o *awsretry.Options) { o.Limiter = &awsretry.Limiter{} })
	require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
	assert.Contains(t, err.Error(), "zero Limiter")
}

func mustLimiter(t *testing.T, fns ...func(*awsretry.LimiterOptions)) *awsretry.Limiter {
	t.Helper()
	l, err := awsretry.NewLimiter(fns...)
	require.NoError(t, err)
	return l
}

// TestLimiterIsOpenUntilAThrottle: no wait and no allocation while nothing
// was throttled, and none for a scope that was not throttled, even after
// another one was.
func TestLimiterIsOpenUntilAThrottle(t *testing.T) {
	clk := newVClock()
	srv := newBucketServer(clk, 100, time.Millisecond)
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now = clk.Now })
	p := awsretry.MustDecorate(srv, limiterOn(clk, l))
	run, err := awsretry.Method[*OpInput, *OpOutput, func(*OpOptions)](p, "Run")
	require.NoError(t, err)
	ctx, in := context.Background(), &OpInput{}
	allocs := func() float64 {
		return testing.AllocsPerRun(100, func() {
			if _, err := run(ctx, in); err != nil {
				t.Fatal(err)
			}
		})
	}
	assert.Zero(t, allocs(), "open Limiter")
	for range 10 { // throttles Describe: fewer than WindowSuccesses times
		_, _ = p.Call("Describe", ctx, in)
	}
	_, throttled := srv.firstThrottle()
	require.True(t, throttled)
	assert.Zero(t, allocs(), "a scope that was never throttled")
	assert.Empty(t, clk.Waits(), "nothing waited: Describe's first window is still open")
	rate, limited := l.Rate("Run")
	assert.False(t, limited)
	assert.True(t, math.IsInf(rate, 1))
	assert.Zero(t, p.Stats().LimiterWaits)
}

// TestLimiterSettlesNearCapacity drives one worker with a steady demand of
// ten times the capacity through the real loop, in virtual time.
func TestLimiterSettlesNearCapacity(t *testing.T) {
	tests := []struct {
		name     string
		capacity float64
		latency  time.Duration // one attempt; the demand is 1/latency
		settle   time.Duration // from the first throttle
		goodput  float64       // the least share of capacity admitted once settled
		aps      float64       // the most attempts per success once settled
	}{
		{"hundreds a second", 500, 200 * time.Microsecond, 500 * time.Millisecond, 0.95, 1.1},
		{"thousands a second", 2000, 50 * time.Microsecond, 500 * time.Millisecond, 0.95, 1.1},
		{"a few a second", 5, 20 * time.Millisecond, 3 * time.Second, 0.9, 1.15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newVClock()
			srv := newBucketServer(clk, tt.capacity, tt.latency)
			l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now = clk.Now })
			describe, err := awsretry.WrapOp(srv.Describe, limiterOn(clk, l))
			require.NoError(t, err)
			ctx, in := context.Background(), &OpInput{}
			for range 10 * int(tt.capacity) { // past the first throttle
				_, _ = describe(ctx, in)
			}
			t1, ok := srv.firstThrottle()
			require.True(t, ok)
			settled, end := t1.Add(tt.settle), t1.Add(tt.settle+4*time.Second)
			for clk.Now().Before(settled) {
				_, _ = describe(ctx, in)
			}
			rate, limited := l.Rate("Describe")
			require.True(t, limited)
			// Near the capacity; above it while probing for more.
			assert.GreaterOrEqual(t, rate, 0.9*tt.capacity, "rate at %v after the first throttle", tt.settle)
			assert.LessOrEqual(t, rate, 1.35*tt.capacity, "rate at %v after the first throttle", tt.settle)
			for clk.Now().Before(end) {
				_, _ = describe(ctx, in)
			}
			attempts, successes := srv.between(settled, end)
			goodput := float64(successes) / end.Sub(settled).Seconds()
			t.Logf("capacity %.0f/s: rate %.1f/s at %v; then goodput %.1f/s, %.3f attempts per success",
				tt.capacity, rate, tt.settle, goodput, float64(attempts)/float64(successes))
			assert.GreaterOrEqual(t, goodput, tt.goodput*tt.capacity)
			assert.LessOrEqual(t, float64(attempts)/float64(successes), tt.aps)
		})
	}
}

// TestLimiterFollowsACapacityStep: 2000/s, 500/s from 1s, 2000/s again
// from 3s (scenario 3 of the storm bench, with one worker of ten times the
// demand). The rate comes down, and climbs back when capacity returns.
func TestLimiterFollowsACapacityStep(t *testing.T) {
	clk := newVClock()
	srv := newBucketServer(clk, 2000, 50*time.Microsecond)
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now = clk.Now })
	describe, err := awsretry.WrapOp(srv.Describe, limiterOn(clk, l))
	require.NoError(t, err)
	ctx, in := context.Background(), &OpInput{}
	t0 := clk.Now()
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	runTo := func(d time.Duration) {
		for clk.Now().Before(at(d)) {
			_, _ = describe(ctx, in)
		}
	}
	runTo(time.Second)
	srv.SetRate(500)
	runTo(3 * time.Second)
	srv.SetRate(2000)
	runTo(4 * time.Second)

	lowA, lowS := srv.between(at(time.Second), at(3*time.Second))
	backA, backS := srv.between(at(3500*time.Millisecond), at(4*time.Second))
	t.Logf("low phase: %.3f attempts per success, goodput %.0f/s; from 0.5s after the restore: goodput %.0f/s, %.3f attempts per success",
		float64(lowA)/float64(lowS), float64(lowS)/2, float64(backS)/0.5, float64(backA)/float64(backS))
	assert.LessOrEqual(t, float64(lowA)/float64(lowS), 1.2, "attempts per success in the low phase")
	assert.GreaterOrEqual(t, float64(lowS)/2, 0.9*500, "goodput in the low phase")
	assert.GreaterOrEqual(t, float64(backS)/0.5, 0.9*2000, "goodput from 0.5s after the restore")
	assert.LessOrEqual(t, float64(backA)/float64(backS), 1.2)
}

// TestLimiterHoldsUnderThrottlesThatDoNotFollowTheRate: a server that
// throttles every tenth request whatever the rate (found by the soak's
// random faults). Matching the goodput, 90% of what was sent, after every
// throttled window would cut the rate by 8% a window down to MinRate; the
// Limiter sees that its cut did not lower the throttled share, and holds.
func TestLimiterHoldsUnderThrottlesThatDoNotFollowTheRate(t *testing.T) {
	clk := newVClock()
	srv := newBucketServer(clk, 1e9, time.Millisecond) // a demand of 1000/s, no capacity limit
	srv.everyNth = 10
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now = clk.Now })
	describe, err := awsretry.WrapOp(srv.Describe, limiterOn(clk, l))
	require.NoError(t, err)
	t0 := clk.Now()
	for clk.Now().Before(t0.Add(10 * time.Second)) {
		_, _ = describe(context.Background(), &OpInput{})
	}
	attempts, successes := srv.between(t0.Add(5*time.Second), t0.Add(10*time.Second))
	rate, limited := l.Rate("Describe")
	t.Logf("from 5s to 10s: %d attempts, %d successes; rate %.0f/s (limited %v)", attempts, successes, rate, limited)
	assert.GreaterOrEqual(t, float64(successes)/5, 0.8*900, "goodput near 90% of the demand, not spiralled down")
	assert.GreaterOrEqual(t, rate, 800.0)
}

// TestLimiterScope: by default a throttled method does not slow another;
// one shared scope slows both.
func TestLimiterScope(t *testing.T) {
	tests := []struct {
		name     string
		scope    func(string) string
		runWaits bool
	}{
		{"per method", nil, false},
		{"one scope", func(string) string { return "" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newVClock()
			srv := newBucketServer(clk, 100, time.Millisecond)
			l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now, o.Scope = clk.Now, tt.scope })
			p := awsretry.MustDecorate(srv, limiterOn(clk, l))
			ctx, in := context.Background(), &OpInput{}
			for range 2000 {
				_, _ = p.Call("Describe", ctx, in)
			}
			before := p.Stats().LimiterWaits
			require.Positive(t, before, "Describe waits")
			for range 100 {
				_, err := p.Call("Run", ctx, in)
				require.NoError(t, err)
			}
			assert.Equal(t, tt.runWaits, p.Stats().LimiterWaits > before, "Run waited")
			_, limited := l.Rate(map[bool]string{true: "", false: "Describe"}[tt.scope != nil])
			assert.True(t, limited)
		})
	}
}

// limitedLimiter returns a Limiter whose one scope ("") is limited to
// MinRate, 1 a second, on clk: eight throttles a second apart (every
// attempt throttled: two windows that a limit of nearly nothing explains
// far better than noise), then a success, whose slot was now. The next
// slot is 1s away.
func limitedLimiter(t *testing.T, clk *vclock) *awsretry.Limiter {
	t.Helper()
	l, err := newLimitedLimiter(clk)
	require.NoError(t, err)
	rate, limited := l.Rate("")
	require.True(t, limited)
	require.Equal(t, 1.0, rate)
	return l
}

func newLimitedLimiter(clk *vclock) (*awsretry.Limiter, error) {
	l, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) {
		o.Now, o.MinRate, o.Scope = clk.Now, 1, func(string) string { return "" }
	})
	if err != nil {
		return nil, err
	}
	const throttles = 8
	p := awsretry.MustDecorate(newScripted(repeat(apiErr("RequestLimitExceeded"), throttles)...),
		func(o *awsretry.Options) { o.Tries, o.Limiter = 1, l })
	for i := range throttles + 1 {
		if i > 0 && i < throttles {
			clk.Advance(time.Second)
		}
		if _, err := p.Call("Op", context.Background(), &OpInput{}); (err == nil) != (i == throttles) {
			return nil, fmt.Errorf("call %d: %v", i, err)
		}
	}
	return l, nil
}

// TestLimiterEveryEntryPointWaits: the first attempt of a call through each
// entry point waits for its slot (1s after the last one), with Sleep.
func TestLimiterEveryEntryPointWaits(t *testing.T) {
	calls := map[string]func(t *testing.T, opt func(*awsretry.Options)){
		"Call": func(t *testing.T, opt func(*awsretry.Options)) {
			_, err := awsretry.MustDecorate(newScripted(), opt).Call("Op", context.Background(), &OpInput{})
			require.NoError(t, err)
		},
		"Invoke": func(t *testing.T, opt func(*awsretry.Options)) {
			_, err := awsretry.Invoke[*OpOutput](awsretry.MustDecorate(newScripted(), opt), "Op", context.Background(), &OpInput{})
			require.NoError(t, err)
		},
		"Pages": func(t *testing.T, opt func(*awsretry.Options)) {
			for _, err := range awsretry.MustDecorate(newPgFake(1), opt).Pages("ListNext", context.Background(), &PgNextIn{}) {
				require.NoError(t, err)
			}
		},
		"Wrap": func(t *testing.T, opt func(*awsretry.Options)) {
			fn, err := awsretry.Wrap(newScripted().Op, opt)
			require.NoError(t, err)
			_, err = fn(context.Background(), &OpInput{})
			require.NoError(t, err)
		},
		"WrapOp": func(t *testing.T, opt func(*awsretry.Options)) {
			fn, err := awsretry.WrapOp(newScripted().Op, opt)
			require.NoError(t, err)
			_, err = fn(context.Background(), &OpInput{})
			require.NoError(t, err)
		},
		"Method": func(t *testing.T, opt func(*awsretry.Options)) {
			fn, err := awsretry.Method[*OpInput, *OpOutput, func(*OpOptions)](awsretry.MustDecorate(newScripted(), opt), "Op")
			require.NoError(t, err)
			_, err = fn(context.Background(), &OpInput{})
			require.NoError(t, err)
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			clk := newVClock()
			l := limitedLimiter(t, clk)
			opt := func(o *awsretry.Options) { o.Sleep, o.Limiter = clk.Sleep, l }
			call(t, opt) // the slot after limitedLimiter's last call: 1s away
			call(t, opt) // the next: 1s later
			assert.Equal(t, []time.Duration{time.Second, time.Second}, clk.Waits())
		})
	}
}

func TestLimiterSlotAfterTheDeadline(t *testing.T) {
	clk := newVClock()
	l := limitedLimiter(t, clk)
	s := newScripted()
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Sleep, o.Limiter = clk.Sleep, l })
	_, err := p.Call("Op", context.Background(), &OpInput{}) // waits 1s for its slot
	require.NoError(t, err)

	ctx, cancel := context.WithDeadline(context.Background(), clk.Now().Add(500*time.Millisecond))
	defer cancel()
	_, err = p.Call("Op", ctx, &OpInput{}) // its slot is 1s away
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	assert.Zero(t, re.Attempts)
	assert.Nil(t, re.Err)
	require.ErrorIs(t, re.Cause, context.DeadlineExceeded)
	assert.Contains(t, re.Error(), "the Limiter's next slot (in 1s)")
	assert.Len(t, clk.Waits(), 1, "no wait started")
	assert.Equal(t, 1, s.Calls(), "not called")

	// The slot was not taken: a call without a deadline gets it.
	_, err = p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{time.Second, time.Second}, clk.Waits())
	st := p.Stats()
	assert.Equal(t, int64(2), st.Attempts)
	assert.Equal(t, int64(2), st.LimiterWaits)
	assert.Equal(t, 2*time.Second, st.LimiterWaited)
	assert.Equal(t, int64(1), st.GaveUp)
}

func TestLimiterCancelledContext(t *testing.T) {
	clk := newVClock()
	l := limitedLimiter(t, clk)
	s := newScripted()
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Sleep, o.Limiter = clk.Sleep, l })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Call("Op", ctx, &OpInput{})
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	assert.Zero(t, re.Attempts)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, s.Calls())
	assert.Empty(t, clk.Waits())
}

// TestLimiterCancelWhileWaitingLeaksNothing: 50 calls wait for slots 1s to
// 50s away, until their context is done; cancelling their context returns every one at once
// with Attempts 0, and no goroutine is left.
func TestLimiterCancelWhileWaitingLeaksNothing(t *testing.T) {
	const callers = 50
	ignore := goleak.IgnoreCurrent()
	clk := newVClock()
	l := limitedLimiter(t, clk)
	s := newScripted()
	var waiting sync.WaitGroup
	waiting.Add(callers)
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Limiter = l
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			waiting.Done()
			<-ctx.Done() // every slot is at least 1s away
			return ctx.Err()
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, callers)
	for range callers {
		go func() {
			_, err := p.Call("Op", ctx, &OpInput{})
			errs <- err
		}()
	}
	waiting.Wait()
	cancel()
	for range callers {
		err := <-errs
		var re *awsretry.RetryError
		require.ErrorAs(t, err, &re)
		assert.Zero(t, re.Attempts)
		assert.ErrorIs(t, err, context.Canceled)
	}
	assert.Zero(t, s.Calls())
	assert.Equal(t, int64(callers), p.Stats().LimiterWaits)
	goleak.VerifyNone(t, ignore)
}

// TestLimiterBudgetAndBackoffCompose: against a server that always
// throttles, the Limiter paces, the backoff still sleeps, and the Budget
// stops the retries.
func TestLimiterBudgetAndBackoffCompose(t *testing.T) {
	clk := newVClock()
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now = clk.Now })
	b := awsretry.NewBudget(50) // 10 retries
	s := newScripted(repeat(apiErr("RequestLimitExceeded"), 1000)...)
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) {
		o.Tries, o.Delay, o.Backoff, o.Sleep, o.Limiter, o.Budget = 100, 200*time.Millisecond, 1, clk.Sleep, l, b
	})
	_, err := p.Call("Op", context.Background(), &OpInput{})
	require.ErrorIs(t, err, awsretry.ErrBudgetExhausted)
	st := p.Stats()
	assert.Equal(t, int64(10), st.Retries, "the Budget's 10 retries")
	assert.Equal(t, 2*time.Second, st.Slept, "the backoff's sleeps")
	assert.Positive(t, st.LimiterWaits, "the Limiter paced the retries")
	assert.Equal(t, st.Slept+st.LimiterWaited, sum(clk.Waits()))
}

func sum(ds []time.Duration) time.Duration {
	var s time.Duration
	for _, d := range ds {
		s += d
	}
	return s
}

// TestLimiterLogsRateChangesOnly: Debug records of >10% changes, far fewer
// than attempts, with the scope, the rate to 3 significant digits, and
// nothing of the input.
func TestLimiterLogsRateChangesOnly(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	clk := newVClock()
	srv := newBucketServer(clk, 500, 200*time.Microsecond)
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now, o.Logger = clk.Now, logger })
	p := awsretry.MustDecorate(srv, limiterOn(clk, l))
	in := &OpInput{Secret: "hunter2-secret"}
	end := clk.Now().Add(2 * time.Second)
	attempts := 0
	for clk.Now().Before(end) {
		_, _ = p.Call("Describe", context.Background(), in)
		attempts++
	}
	assert.NotContains(t, buf.String(), "hunter2")
	var prev float64
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.NotEmpty(t, lines[0])
	assert.Less(t, len(lines), attempts/50, "records %d, attempts %d", len(lines), attempts)
	for _, line := range lines {
		var rec struct {
			Level, Scope string
			Rate         float64
		}
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		assert.Equal(t, "DEBUG", rec.Level)
		assert.Equal(t, "Describe", rec.Scope)
		raw := regexp.MustCompile(`"rate":([0-9.e+-]+)`).FindStringSubmatch(line)
		require.Len(t, raw, 2, line)
		digits := strings.TrimLeft(strings.ReplaceAll(raw[1], ".", ""), "0")
		assert.LessOrEqual(t, len(strings.TrimRight(digits, "0")), 3, "the rate is rounded for people: %s", raw[1])
		if prev > 0 {
			assert.Greater(t, math.Abs(rec.Rate-prev), 0.1*prev, "a change of more than 10%%")
		}
		prev = rec.Rate
	}
}

func TestLimiterIsThrottleOption(t *testing.T) {
	errSlow := errors.New("slow down, says a custom client")
	clk := newVClock()
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) {
		o.Now, o.MinRate = clk.Now, 1
		o.IsThrottle = func(err error) bool { return errors.Is(err, errSlow) }
	})
	s := newScripted(apiErr("RequestLimitExceeded"), errSlow)
	p := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Tries, o.Limiter = 1, l })
	_, _ = p.Call("Op", context.Background(), &OpInput{})
	assert.Equal(t, "limiter (0 scopes throttled)", l.String(), "RequestLimitExceeded is not a throttle here")
	_, _ = p.Call("Op", context.Background(), &OpInput{})
	assert.Equal(t, "limiter (1 scope throttled)", l.String())
}

// TestLimiterInNewRetryer: the SDK's operation name is the scope; the
// attempt token waits for the slot, and a slot after the deadline stops
// the call before its request. The endpoint throttles the first eight
// requests, each taking a second of the virtual clock, which the SDK
// retries within the first call: those limit the scope to MinRate.
func TestLimiterInNewRetryer(t *testing.T) {
	const throttles = 8
	clk := newVClock()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) <= throttles {
			clk.Advance(time.Second)
			awstest.WriteEC2Error(w, http.StatusBadRequest, "RequestLimitExceeded", "scripted")
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(reservationXML))
	}))
	t.Cleanup(srv.Close)
	l := mustLimiter(t, func(o *awsretry.LimiterOptions) { o.Now, o.MinRate = clk.Now, 1 })
	r, err := awsretry.NewRetryer(func(o *awsretry.Options) {
		o.Tries, o.Delay, o.Sleep, o.Limiter = throttles+1, 0, clk.Sleep, l
	})
	require.NoError(t, err)
	client := awstest.EC2(t, srv.URL, func(o *ec2.Options) { o.Retryer = r })
	describe := func(ctx context.Context) error {
		_, err := client.DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
		return err
	}
	ctx := context.Background()
	require.NoError(t, describe(ctx)) // throttled eight times, retried by the SDK
	rate, limited := l.Rate("DescribeInstances")
	require.True(t, limited)
	assert.Equal(t, 1.0, rate)
	assert.Empty(t, clk.Waits(), "the last attempt's slot was now")
	require.NoError(t, describe(ctx))
	assert.Equal(t, []time.Duration{time.Second}, clk.Waits())
	_, limited = l.Rate("RunInstances")
	assert.False(t, limited)

	soon, cancel := context.WithDeadline(ctx, clk.Now().Add(500*time.Millisecond))
	defer cancel()
	err = describe(soon)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "the Limiter's next slot")
	assert.EqualValues(t, throttles+2, requests.Load(), "no request for the call whose slot was after its deadline")
}
