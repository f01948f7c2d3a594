package awsretry_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// entryPoint makes one DescribeInstances call of in through one of the
// library's entry points, with optFns, on c.
type entryPoint struct {
	name     string
	callWith func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error
}

// call makes the call with an empty input.
func (ep entryPoint) call(ctx context.Context, c *ec2.Client, optFns ...func(*awsretry.Options)) error {
	return ep.callWith(ctx, c, &ec2.DescribeInstancesInput{}, optFns...)
}

// entryPoints lists every way into the retry loop.
func entryPoints() []entryPoint {
	return []entryPoint{
		{"Call", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			p, err := awsretry.Decorate(c, optFns...)
			if err != nil {
				return err
			}
			_, err = p.Call("DescribeInstances", ctx, in)
			return err
		}},
		{"Invoke", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			p, err := awsretry.Decorate(c, optFns...)
			if err != nil {
				return err
			}
			_, err = awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx, in)
			return err
		}},
		{"Pages", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			p, err := awsretry.Decorate(c, optFns...)
			if err != nil {
				return err
			}
			for _, err := range p.Pages("DescribeInstances", ctx, in) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"PagesOf", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			p, err := awsretry.Decorate(c, optFns...)
			if err != nil {
				return err
			}
			for _, err := range awsretry.PagesOf[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx, in) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"Wrap", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			fn, err := awsretry.Wrap(c.DescribeInstances, optFns...)
			if err != nil {
				return err
			}
			_, err = fn(ctx, in)
			return err
		}},
		{"WrapOp", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			fn, err := awsretry.WrapOp(c.DescribeInstances, optFns...)
			if err != nil {
				return err
			}
			_, err = fn(ctx, in)
			return err
		}},
		{"Method", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			p, err := awsretry.Decorate(c, optFns...)
			if err != nil {
				return err
			}
			fn, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](p, "DescribeInstances")
			if err != nil {
				return err
			}
			_, err = fn(ctx, in)
			return err
		}},
		{"NewRetryer", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			r, err := awsretry.NewRetryer(optFns...)
			if err != nil {
				return err
			}
			_, err = c.DescribeInstances(ctx, in, func(o *ec2.Options) { o.Retryer = r })
			return err
		}},
	}
}

// observed is what one call through an entry point did.
type observed struct {
	err      error
	requests int32           // HTTP requests the server saw
	delays   []time.Duration // RetryEvent.Delay of each retry, in order
	codes    []string        // RetryEvent.Code of each retry
	slept    int             // calls of the Sleep hook
	logged   string          // what the Logger wrote
}

// TestEveryOptionThroughEveryEntryPoint runs each option through each entry
// point against a real EC2 client and a loopback EC2 endpoint, so that an
// option one entry point ignores cannot go unseen. The client's own retries
// are off (RetryMaxAttempts 1) except in the DisableSDKRetries row.
func TestEveryOptionThroughEveryEntryPoint(t *testing.T) {
	const ms = time.Millisecond
	throttles := func(n int) []string { return repeat("RequestLimitExceeded", n) }
	tests := []struct {
		option string
		codes  []string // the server's answers before a success
		sdk3   bool     // the client's retryer makes 3 attempts with no sleep
		opt    func(*awsretry.Options)
		check  func(t *testing.T, ep string, o observed)
	}{
		{"Tries", throttles(5), false, func(o *awsretry.Options) { o.Tries = 2 }, func(t *testing.T, ep string, o observed) {
			assert.EqualValues(t, 2, o.requests)
			var re *awsretry.RetryError
			require.ErrorAs(t, o.err, &re, "NewRetryer's too")
			assert.Equal(t, 2, re.Attempts)
			assert.Equal(t, "RequestLimitExceeded", awsretry.ErrorCode(o.err))
		}},
		{"Delay and Backoff", throttles(3), false, func(o *awsretry.Options) { o.Delay, o.Backoff = ms, 2 }, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.Equal(t, []time.Duration{ms, 2 * ms, 4 * ms}, o.delays)
		}},
		{"MaxDelay", throttles(3), false, func(o *awsretry.Options) { o.Delay, o.Backoff, o.MaxDelay = ms, 10, 5*ms }, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.Equal(t, []time.Duration{ms, 5 * ms, 5 * ms}, o.delays)
		}},
		{"AddedExceptions", []string{"ConcurrentTagAccess"}, false, func(o *awsretry.Options) { o.AddedExceptions = []string{"ConcurrentTagAccess"} }, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.EqualValues(t, 2, o.requests)
		}},
		{"ExcludedExceptions", throttles(3), false, func(o *awsretry.Options) { o.ExcludedExceptions = []string{"RequestLimitExceeded"} }, func(t *testing.T, ep string, o observed) {
			assert.Equal(t, "RequestLimitExceeded", awsretry.ErrorCode(o.err))
			assert.EqualValues(t, 1, o.requests)
		}},
		{"Retryable", []string{"Odd.Code"}, false, func(o *awsretry.Options) {
			o.Retryable = func(err error) bool { return awsretry.ErrorCode(err) == "Odd.Code" }
		}, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.EqualValues(t, 2, o.requests)
		}},
		{"OnRetry", []string{"RequestLimitExceeded", "InvalidInstanceID.NotFound"}, false, func(o *awsretry.Options) {}, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.Equal(t, []string{"RequestLimitExceeded", "InvalidInstanceID.NotFound"}, o.codes)
		}},
		{"Logger", throttles(2), false, func(o *awsretry.Options) {}, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.Equal(t, 2, strings.Count(o.logged, `msg="awsretry: retrying"`), o.logged)
			assert.Contains(t, o.logged, "code=RequestLimitExceeded")
			assert.Contains(t, o.logged, "http_status=400")
			assert.Contains(t, o.logged, "request_id=")
			assert.NotContains(t, o.logged, "scripted RequestLimitExceeded", "no server message without LogErrorText")
		}},
		{"LogErrorText", throttles(1), false, func(o *awsretry.Options) { o.LogErrorText = true }, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			assert.Contains(t, o.logged, "error=")
			assert.Contains(t, o.logged, "scripted RequestLimitExceeded", "the server's message")
		}},
		{"Budget", throttles(5), false, func(o *awsretry.Options) { o.Budget = awsretry.NewBudget(awsretry.BudgetRetryCost) }, func(t *testing.T, ep string, o observed) {
			assert.ErrorIs(t, o.err, awsretry.ErrBudgetExhausted)
			assert.EqualValues(t, 2, o.requests, "one retry, then the budget is empty")
		}},
		{"DisableSDKRetries", throttles(5), true, func(o *awsretry.Options) { o.Tries, o.DisableSDKRetries = 2, true }, func(t *testing.T, ep string, o observed) {
			if ep == "NewRetryer" {
				assert.ErrorIs(t, o.err, awsretry.ErrInvalidOptions, "NewRetryer is the SDK's retryer: it rejects the option")
				assert.EqualValues(t, 0, o.requests)
				return
			}
			assert.Equal(t, "RequestLimitExceeded", awsretry.ErrorCode(o.err))
			assert.EqualValues(t, 2, o.requests, "one request per attempt, not 3")
		}},
		{"Limiter", nil, false, limiterFrom(newLimitedLimiter), waitedOnce("the wait for the slot, through Sleep")},
		{"Limiter with a Store", nil, false, limiterFrom(newStoreLimitedLimiter), waitedOnce("the wait for the store's slot, through Sleep")},
		{"Sleep", throttles(2), false, func(o *awsretry.Options) {}, func(t *testing.T, ep string, o observed) {
			require.NoError(t, o.err)
			if ep == "NewRetryer" {
				assert.Equal(t, 0, o.slept, "documented: the SDK sleeps itself")
				return
			}
			assert.Equal(t, 2, o.slept)
		}},
	}
	for _, tt := range tests {
		for _, ep := range entryPoints() {
			t.Run(tt.option+"/"+ep.name, func(t *testing.T) {
				url, requests := ec2Endpoint(t, tt.codes...)
				c := awstest.EC2(t, url, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })
				if tt.sdk3 {
					c = awstest.EC2(t, url, sdkThreeTries)
				}
				var (
					mu  sync.Mutex
					got observed
					log bytes.Buffer
				)
				record := func(o *awsretry.Options) {
					o.Delay = time.Millisecond // real sleeps stay short where the SDK sleeps
					o.OnRetry = func(ev awsretry.RetryEvent) {
						mu.Lock()
						defer mu.Unlock()
						got.delays, got.codes = append(got.delays, ev.Delay), append(got.codes, ev.Code)
					}
					o.Sleep = func(ctx context.Context, d time.Duration) error {
						mu.Lock()
						defer mu.Unlock()
						got.slept++
						return ctx.Err()
					}
					o.Logger = slog.New(slog.NewTextHandler(&log, nil))
				}
				got.err = ep.call(context.Background(), c, record, tt.opt)
				got.requests, got.logged = requests.Load(), log.String()
				tt.check(t, ep.name, got)
			})
		}
	}
}

// TestANilContextIsRejectedByEveryEntryPoint: the SDK would panic on it.
func TestANilContextIsRejectedByEveryEntryPoint(t *testing.T) {
	for _, ep := range entryPoints() {
		if ep.name == "NewRetryer" {
			continue // the SDK itself is called with the context, not the library
		}
		t.Run(ep.name, func(t *testing.T) {
			url, requests := ec2Endpoint(t)
			c := awstest.EC2(t, url)
			var err error
			require.NotPanics(t, func() {
				//lint:ignore SA1012 a nil context on purpose
				err = ep.call(nil, c)
			})
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
			assert.Contains(t, err.Error(), "DescribeInstances: argument 1 is a nil context.Context")
			assert.EqualValues(t, 0, requests.Load(), "nothing is called")
			var re *awsretry.RetryError
			assert.False(t, errors.As(err, &re))
		})
	}
}

// TestANilOptionFunctionIsRejectedByEveryEntryPoint: the SDK calls each of
// an operation's option functions, and would panic on a nil one, with
// DisableSDKRetries as without it. Every entry point that takes them per
// call rejects it first, naming the method and the position.
func TestANilOptionFunctionIsRejectedByEveryEntryPoint(t *testing.T) {
	type opts = []func(*ec2.Options)
	var typedNil func(*ec2.Options)
	region := func(o *ec2.Options) { o.Region = "us-east-1" }
	calls := []struct {
		name    string
		call    func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error
		wantPos string
	}{
		{"Call/untyped nil", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			_, err := awsretry.MustDecorate(c, optFns...).Call("DescribeInstances", ctx, in, region, nil)
			return err
		}, "argument 4 is a nil func(*ec2.Options)"},
		{"Call/typed nil", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			_, err := awsretry.MustDecorate(c, optFns...).Call("DescribeInstances", ctx, in, typedNil)
			return err
		}, "argument 3 is a nil func(*ec2.Options)"},
		{"Call/in a slice", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			_, err := awsretry.MustDecorate(c, optFns...).Call("DescribeInstances", ctx, in, opts{region, nil})
			return err
		}, "argument 3 holds a nil func(*ec2.Options) at index 1"},
		{"Invoke", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			_, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](awsretry.MustDecorate(c, optFns...), "DescribeInstances", ctx, in, typedNil)
			return err
		}, "argument 3 is a nil"},
		{"Pages", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			for _, err := range awsretry.MustDecorate(c, optFns...).Pages("DescribeInstances", ctx, in, nil) {
				return err
			}
			return nil
		}, "argument 3 is a nil"},
		{"PagesOf", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			p, err := awsretry.Decorate(c, optFns...)
			if err != nil {
				return err
			}
			for _, err := range awsretry.PagesOf[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx, in, region, nil) {
				return err
			}
			return nil
		}, "argument 4 is a nil"},
		{"Wrap", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			_, err := awsretry.MustWrap(c.DescribeInstances, optFns...)(ctx, in, region, typedNil)
			return err
		}, "argument 4 is a nil"},
		{"WrapOp", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			fn, err := awsretry.WrapOp(c.DescribeInstances, optFns...)
			require.NoError(t, err)
			_, err = fn(ctx, in, opts{nil}...)
			return err
		}, "argument 3 is a nil"},
		{"Method", func(ctx context.Context, c *ec2.Client, in *ec2.DescribeInstancesInput, optFns ...func(*awsretry.Options)) error {
			fn, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](awsretry.MustDecorate(c, optFns...), "DescribeInstances")
			require.NoError(t, err)
			_, err = fn(ctx, in, region, region, nil)
			return err
		}, "argument 5 is a nil"},
	}
	for _, disable := range []bool{false, true} {
		for _, tt := range calls {
			t.Run(fmt.Sprintf("%s/DisableSDKRetries=%t", tt.name, disable), func(t *testing.T) {
				url, requests := ec2Endpoint(t)
				c := awstest.EC2(t, url)
				in := &ec2.DescribeInstancesInput{InstanceIds: []string{"i-marker0secret"}}
				var err error
				require.NotPanics(t, func() {
					err = tt.call(context.Background(), c, in, func(o *awsretry.Options) { o.DisableSDKRetries = disable })
				})
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
				assert.Contains(t, err.Error(), "DescribeInstances: "+tt.wantPos)
				assert.NotContains(t, err.Error(), "marker0secret")
				assert.EqualValues(t, 0, requests.Load(), "nothing is called")
			})
		}
	}
}

// TestNothingTheLibraryWritesHoldsTheInput sends a marker in the input of a
// call through every entry point, to a server whose error message quotes it
// as EC2's does ("The instance ID '…' does not exist"). The log records,
// the library's spans and its metrics must not hold it; the error and
// RetryEvent.Err, which belong to the caller, may.
func TestNothingTheLibraryWritesHoldsTheInput(t *testing.T) {
	const marker = "i-0marker7e57c0ffee"
	for _, ep := range entryPoints() {
		t.Run(ep.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_ = r.ParseForm()
				if requests.Add(1) <= 2 {
					awstest.WriteEC2Error(w, http.StatusBadRequest, "InvalidInstanceID.NotFound",
						fmt.Sprintf("The instance ID '%s' does not exist", r.Form.Get("InstanceId.1")))
					return
				}
				w.Header().Set("Content-Type", "text/xml")
				_, _ = w.Write([]byte(reservationXML))
			}))
			t.Cleanup(srv.Close)
			c := awstest.EC2(t, srv.URL, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })
			var logged bytes.Buffer
			var events []awsretry.RetryEvent
			tp, mp := new(recTracing), new(recMetrics)
			logger := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
			lim, err := awsretry.NewLimiter(func(o *awsretry.LimiterOptions) { o.Logger = logger })
			require.NoError(t, err)
			err = ep.callWith(context.Background(), c, &ec2.DescribeInstancesInput{InstanceIds: []string{marker}}, func(o *awsretry.Options) {
				o.Delay = time.Millisecond
				o.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
				o.Logger, o.Limiter = logger, lim
				o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
				o.TracerProvider, o.MeterProvider = tp, mp
			})
			require.NoError(t, err)
			require.EqualValues(t, 3, requests.Load())
			require.Len(t, events, 2)
			assert.Contains(t, events[0].Err.Error(), marker, "the caller's error keeps the server's message")

			written := logged.String() + tp.library() + mp.library()
			assert.NotEmpty(t, logged.String())
			assert.NotContains(t, written, marker)
			assert.NotContains(t, written, "does not exist")
		})
	}
}

// limiterFrom is the option of a Limiter whose next slot is 1 s away, made
// by newLimiter on a virtual clock.
func limiterFrom(newLimiter func(*vclock) (*awsretry.Limiter, error)) func(*awsretry.Options) {
	return func(o *awsretry.Options) {
		l, err := newLimiter(newVClock())
		if err != nil {
			panic(err)
		}
		o.Limiter = l
	}
}

// waitedOnce checks a call that made one request after one wait, through
// Sleep, for the reason why.
func waitedOnce(why string) func(*testing.T, string, observed) {
	return func(t *testing.T, _ string, o observed) {
		require.NoError(t, o.err)
		assert.EqualValues(t, 1, o.requests)
		assert.Equal(t, 1, o.slept, why)
	}
}
