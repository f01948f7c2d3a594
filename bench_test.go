package awsretry_test

// Cost per call (issue 5, part 1). Run side by side, for instance:
//
//	go test -run '^$' -bench . -benchmem -count 6 . | tee bench/out/cost.txt
//	benchstat bench/out/cost.txt
//
// Every benchmark calls a no-op method shaped like an SDK operation, so
// what is measured is the dispatch alone; the SDK benchmarks then show what
// that dispatch weighs against a real request to a local server.

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// benchInput, benchOutput and benchOptions shape benchFake like an SDK client.
type benchInput struct{ ID string }
type benchOutput struct{ N int }
type benchOptions struct{ Region string }

// benchFake is a client whose Op does nothing and returns a preallocated
// output, so that no benchmark counts an allocation of the method's own.
type benchFake struct{ out *benchOutput }

func newBenchFake() *benchFake { return &benchFake{out: &benchOutput{N: 1}} }

// Op is the no-op SDK-shaped operation. It is kept from being inlined so
// that Direct is what a static call through a pointer costs.
//
//go:noinline
func (c *benchFake) Op(ctx context.Context, in *benchInput, optFns ...func(*benchOptions)) (*benchOutput, error) {
	return c.out, nil
}

// sinks keep results alive, so the compiler cannot drop the calls.
var (
	sinkOut *benchOutput
	sinkAny any
	sinkErr error
)

func BenchmarkCost(b *testing.B) {
	ctx := context.Background()
	in := &benchInput{ID: "i-0123456789abcdef0"}

	b.Run("Direct", func(b *testing.B) {
		c := newBenchFake()
		b.ReportAllocs()
		for b.Loop() {
			sinkOut, sinkErr = c.Op(ctx, in)
		}
	})

	// Floor: the method's func, looked up once, called with CallSlice on an
	// argument slice built once, receiver first, as the proxy calls it. No
	// dispatch by reflection can cost less.
	b.Run("Floor", func(b *testing.B) {
		c := newBenchFake()
		m, _ := reflect.TypeOf(c).MethodByName("Op")
		args := []reflect.Value{
			reflect.ValueOf(c),
			reflect.ValueOf(&ctx).Elem(),
			reflect.ValueOf(in),
			reflect.Zero(m.Type.In(3)),
		}
		b.ReportAllocs()
		for b.Loop() {
			out := m.Func.CallSlice(args)
			sinkAny = out[0].Interface()
		}
	})

	b.Run("NaiveReflect", func(b *testing.B) {
		c := newBenchFake()
		b.ReportAllocs()
		for b.Loop() {
			out := reflect.ValueOf(c).MethodByName("Op").Call([]reflect.Value{reflect.ValueOf(ctx), reflect.ValueOf(in)})
			sinkAny = out[0].Interface()
			if !out[1].IsNil() {
				sinkErr = out[1].Interface().(error)
			}
		}
	})

	// callWith is Call's benchmark with the context ctx.
	callWith := func(b *testing.B, ctx context.Context, optFns ...func(*awsretry.Options)) {
		p := awsretry.MustDecorate(newBenchFake(), optFns...)
		b.ReportAllocs()
		for b.Loop() {
			sinkAny, sinkErr = p.Call("Op", ctx, in)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	}
	b.Run("Call", func(b *testing.B) { callWith(b, ctx) })

	// CallCancelable is Call with a context that can be cancelled, as a
	// request's is: unlike context.Background(), its value needs memory of
	// its own for reflect to read it from.
	b.Run("CallCancelable", func(b *testing.B) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		callWith(b, ctx)
	})

	b.Run("Invoke", func(b *testing.B) {
		p := awsretry.MustDecorate(newBenchFake())
		b.ReportAllocs()
		for b.Loop() {
			sinkOut, sinkErr = awsretry.Invoke[*benchOutput](p, "Op", ctx, in)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})

	// Wrap, WrapOp and Method return a function of Op's own type.
	b.Run("Wrap", func(b *testing.B) { benchOp(b, ctx, in)(awsretry.Wrap(newBenchFake().Op)) })
	b.Run("WrapOp", func(b *testing.B) { benchOp(b, ctx, in)(awsretry.WrapOp(newBenchFake().Op)) })
	b.Run("Method", func(b *testing.B) {
		p := awsretry.MustDecorate(newBenchFake())
		benchOp(b, ctx, in)(awsretry.Method[*benchInput, *benchOutput, func(*benchOptions)](p, "Op"))
	})

	// With a Limiter that saw no throttle, and one that saw a throttle of
	// another method: Op's scope is open in both.
	b.Run("CallLimiter", func(b *testing.B) { callWith(b, ctx, withLimiter(b, false)) })
	b.Run("WrapOpLimiter", func(b *testing.B) { benchOp(b, ctx, in)(awsretry.WrapOp(newBenchFake().Op, withLimiter(b, false))) })
	b.Run("WrapOpLimiterOtherThrottled", func(b *testing.B) {
		benchOp(b, ctx, in)(awsretry.WrapOp(newBenchFake().Op, withLimiter(b, true)))
	})
}

// withLimiter returns an option that sets a new Limiter; when other, the
// Limiter has seen a throttle of a method other than Op.
func withLimiter(b *testing.B, other bool) func(*awsretry.Options) {
	l, err := awsretry.NewLimiter()
	if err != nil {
		b.Fatal(err)
	}
	if other {
		p := awsretry.MustDecorate(newScripted(apiErr("RequestLimitExceeded")), func(o *awsretry.Options) { o.Tries, o.Limiter = 1, l })
		if _, err := p.Call("OnlyErr", context.Background()); err == nil {
			b.Fatal("OnlyErr was not throttled")
		}
	}
	return func(o *awsretry.Options) { o.Limiter = l }
}

// benchOp returns a function that, given an entry point's result, calls the
// function it made in b's loop.
func benchOp(b *testing.B, ctx context.Context, in *benchInput) func(benchOpFunc, error) {
	return func(op benchOpFunc, err error) {
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			sinkOut, sinkErr = op(ctx, in)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	}
}

type benchOpFunc = func(context.Context, *benchInput, ...func(*benchOptions)) (*benchOutput, error)

// benchEC2 returns a real EC2 client, its own retries off, for a scriptedEC2
// on 127.0.0.1 that answers every request with a small DescribeInstances
// response.
func benchEC2(b *testing.B) *ec2.Client {
	b.Helper()
	srv := newScriptedEC2()
	b.Cleanup(srv.Close)
	return awstest.EC2(b, srv.URL, func(o *ec2.Options) { o.RetryMaxAttempts = 1 })
}

// BenchmarkSDK compares a DescribeInstances call made directly with the same
// call through Proxy.Call, on one client and one server.
func BenchmarkSDK(b *testing.B) {
	c := benchEC2(b)
	ctx := context.Background()
	in := &ec2.DescribeInstancesInput{InstanceIds: []string{"i-0123456789abcdef0"}}
	check := func(b *testing.B, out *ec2.DescribeInstancesOutput, err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Reservations) != 1 {
			b.Fatalf("got %d reservations, want 1", len(out.Reservations))
		}
	}
	// Warm the connection and the client's caches once for both, and make
	// the proxy before either runs, so that neither half pays for what the
	// other leaves live.
	out, err := c.DescribeInstances(ctx, in)
	check(b, out, err)
	p := awsretry.MustDecorate(c)

	b.Run("SDKDirect", func(b *testing.B) {
		var out *ec2.DescribeInstancesOutput
		var err error
		b.ReportAllocs()
		for b.Loop() {
			out, err = c.DescribeInstances(ctx, in)
		}
		check(b, out, err)
	})

	b.Run("SDKCall", func(b *testing.B) {
		var v any
		var err error
		b.ReportAllocs()
		for b.Loop() {
			v, err = p.Call("DescribeInstances", ctx, in)
		}
		out, _ := v.(*ec2.DescribeInstancesOutput)
		check(b, out, err)
	})

	// Paired makes the same call four ways in one loop, in turns, and times
	// each, so that drift in the machine's speed falls on all alike: Direct,
	// Floor (the method's reflect.Value, CallSlice on arguments built once),
	// Call and WrapOp. It reports each one's median time over Direct's: a
	// total would be ruled by the few calls that a GC stretched.
	b.Run("Paired", func(b *testing.B) {
		floorFn := reflect.ValueOf(c).MethodByName("DescribeInstances")
		floorArgs := []reflect.Value{reflect.ValueOf(&ctx).Elem(), reflect.ValueOf(in), reflect.Zero(floorFn.Type().In(2))}
		op, err := awsretry.WrapOp(c.DescribeInstances)
		if err != nil {
			b.Fatal(err)
		}
		ways := []struct {
			name  string
			call  func() (any, error)
			times []time.Duration
		}{
			{"direct", func() (any, error) { return c.DescribeInstances(ctx, in) }, nil},
			{"floor", func() (any, error) {
				out := floorFn.CallSlice(floorArgs)
				err, _ := out[1].Interface().(error)
				return out[0].Interface(), err
			}, nil},
			{"call", func() (any, error) { return p.Call("DescribeInstances", ctx, in) }, nil},
			{"wrapop", func() (any, error) { return op(ctx, in) }, nil},
		}
		turn := 0
		for b.Loop() {
			for k := range ways {
				w := &ways[(turn+k)%len(ways)]
				t0 := time.Now()
				v, err := w.call()
				w.times = append(w.times, time.Since(t0))
				out, _ := v.(*ec2.DescribeInstancesOutput)
				check(b, out, err)
			}
			turn++
		}
		direct := median(ways[0].times)
		for _, w := range ways[1:] {
			b.ReportMetric(float64(median(w.times))/float64(direct), w.name+"/direct")
		}
	})
}

// median returns the middle of ds, which it sorts.
func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}
