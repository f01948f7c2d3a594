package soak

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"go.uber.org/goleak"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestSoak runs the soak for SOAK (default 10s) with the faults seeded by
// SOAK_SEED (default: from the clock, printed), then accounts for every call
// and write, prints the summary, and fails on any lost write, duplicate
// idempotent write, leaked goroutine, unclassified error, attempt after the
// call's context ended, or heap growth. How far past their deadline calls
// return is printed: on a loaded machine it is the machine's lateness.
func TestSoak(t *testing.T) {
	cfg := loadConfig(t)
	fmt.Fprintf(os.Stderr, "soak: seed=%d duration=%v workers=%d (replay with SOAK_SEED=%d)\n", cfg.seed, cfg.duration, cfg.workers, cfg.seed)
	ignore := goleak.IgnoreCurrent()
	goroutinesBefore := runtime.NumGoroutine()
	var r *report
	passed := t.Run("load", func(t *testing.T) { r = runSoak(t, cfg) })
	switch {
	case r == nil && passed:
		t.Skip("skipped: a server is not available (see the load subtest)")
	case r == nil:
		t.Fatal("the load did not finish")
	}
	r.goroutinesBefore = goroutinesBefore
	if err := goleak.Find(ignore); err != nil {
		r.leaked = max(1, runtime.NumGoroutine()-goroutinesBefore)
		t.Errorf("goroutines left behind: %v", err)
	}
	r.goroutinesAfter = runtime.NumGoroutine()
	r.print(os.Stdout)
	for _, p := range r.problems() {
		t.Error(p)
	}
}

// runSoak starts the servers and proxies, runs the load, and reads back
// what the servers hold. Everything it starts is stopped when t ends.
func runSoak(t *testing.T, cfg config) *report {
	moto := awstest.StartMoto(t)
	dynalite := awstest.StartDynalite(t, 0)
	faults, err := awstest.NewRandomFaults(cfg.seed, faultChances...)
	if err != nil {
		t.Fatal(err)
	}
	lost := newLostAnswers()
	ec2FP := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, faults.Script(1))
	ddbFP := awstest.NewFaultProxy(t, awstest.JSON10, dynalite.URL, faults.Script(2))
	for _, fp := range []*awstest.FaultProxy{ec2FP, ddbFP} {
		fp.SetRecording(false)
		fp.SetObserver(lost.observe)
	}
	ec2FP.SetIdempotent("RunInstances", "ClientToken")

	// Set-up and read-back go straight to the servers, with no faults.
	direct := servers{ec2: awstest.EC2(t, moto.URL), ddb: awstest.DynamoDB(t, dynalite.URL)}
	tagged := direct.setUp(t)

	// The load's clients: one HTTP attempt per library attempt, so that the
	// library is the only retry layer, and a timeout that ends a Hang.
	var limiter *awsretry.Limiter // nil: no Limiter
	if cfg.limiter {
		l, err := awsretry.NewLimiter()
		if err != nil {
			t.Fatal(err)
		}
		limiter = l
	}
	sh := &shared{cfg: cfg, budget: awsretry.NewBudget(500), limiter: limiter, tagged: tagged, counterOK: make([][counters]atomic.Int64, len(settings)),
		counterNoAnswer: make([][counters]atomic.Int64, len(settings)), addOKAfterNoAnswer: make([]atomic.Int64, len(settings)),
		callsBy: make([][numOps]callCounts, len(settings))}
	hc, tr := loadHTTPClient(t, cfg, sh)
	ec2Client := ec2.NewFromConfig(withHTTP(awstest.Config(t, ec2FP.URL), hc), func(o *ec2.Options) {
		o.RetryMaxAttempts = 1
		o.APIOptions = append(o.APIOptions, countInvocations)
	})
	ddbClient := dynamodb.NewFromConfig(withHTTP(awstest.Config(t, ddbFP.URL), hc), func(o *dynamodb.Options) {
		o.RetryMaxAttempts = 1
		o.APIOptions = append(o.APIOptions, countInvocations)
	})

	for _, s := range settings {
		p, err := newProxies(s, sh, ddbClient, ec2Client)
		if err != nil {
			t.Fatal(err)
		}
		sh.proxies = append(sh.proxies, p)
	}
	perWorker := int(cfg.duration/time.Second)*64 + 256 // far more than a worker makes
	for w := range cfg.workers {
		sh.workers = append(sh.workers, &worker{
			id: w, setting: w % len(settings), ec2: w/len(settings)%ec2Share == 0,
			rnd: rand.New(rand.NewPCG(cfg.seed, uint64(w))),
			out: make([]outcome, 0, perWorker),
		})
	}

	r := &report{cfg: cfg, faults: faults}
	quiesce := func() uint64 {
		tr.CloseIdleConnections()
		for _, fp := range []*awstest.FaultProxy{ec2FP, ddbFP} {
			if !fp.WaitIdle(time.Minute) {
				t.Fatal("a fault proxy is still busy a minute after the load stopped")
			}
		}
		ec2FP.ForgetIdempotent()
		settle()
		var ms runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	start := time.Now()
	stop := progress(sh, start)
	sh.phase(cfg.warmup)
	r.heapWarm = quiesce()
	sh.phase(cfg.duration - cfg.warmup)
	r.heapEnd = quiesce()
	stop()
	r.elapsed = time.Since(start)
	r.requests = ec2FP.Seen() + ddbFP.Seen()
	r.collect(sh, lost)
	direct.readBack(t, r, sh, lost)
	return r
}

// settle waits, at most 5 s, until the number of goroutines has not changed
// for 100 ms: the proxies' ends of closed connections, and requests that a
// server is still finishing, take a moment to go.
func settle() {
	prev, same := runtime.NumGoroutine(), 0
	for range 250 {
		time.Sleep(20 * time.Millisecond)
		n := runtime.NumGoroutine()
		if n != prev {
			prev, same = n, 0
			continue
		}
		if same++; same == 5 {
			return
		}
	}
}

// phase runs every worker for d and waits for all of them.
func (sh *shared) phase(d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	for _, w := range sh.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run(ctx, sh)
		}()
	}
	wg.Wait()
}

// progress prints elapsed time, calls and errors on stderr about once a
// second, until the returned function is called. It also measures how late
// its ticks come, the longest of which is the process's longest stall: on a
// loaded machine, no call can keep its deadline more closely than that.
func progress(sh *shared, start time.Time) (stop func()) {
	const every = 100 * time.Millisecond
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		last := time.Now()
		for n := 1; ; n++ {
			select {
			case <-done:
				return
			case now := <-tick.C:
				storeMax(&sh.stall, int64(time.Since(last)-every))
				last = now
				if n%10 == 0 {
					fmt.Fprintf(os.Stderr, "soak: %4.0fs calls=%d errors=%d retries=%d\n",
						time.Since(start).Seconds(), sh.calls.Load(), sh.errs.Load(), sh.retries.Load())
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// loadHTTPClient is the load's HTTP client: keeps a connection per worker
// alive, and times a request out after cfg.httpTimeout.
func loadHTTPClient(t *testing.T, cfg config, sh *shared) (*http.Client, *http.Transport) {
	hc := awstest.HTTPClient(t, cfg.httpTimeout)
	tr := hc.Transport.(*http.Transport)
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 2*cfg.workers, cfg.workers
	hc.Transport = countingTransport{base: tr, sh: sh}
	return hc, tr
}

func withHTTP(c aws.Config, hc *http.Client) aws.Config {
	c.HTTPClient = hc
	return c
}

// servers are clients that go straight to moto and dynalite.
type servers struct {
	ec2 *ec2.Client
	ddb *dynamodb.Client
}

// setUp creates the table and a few instances for CreateTags, and returns
// their ids.
func (s servers) setUp(t *testing.T) []string {
	ctx := t.Context()
	_, err := s.ddb.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	out, err := s.ec2.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(poolSize), MaxCount: aws.Int32(poolSize),
		TagSpecifications: []ec2types.TagSpecification{{
			ResourceType: ec2types.ResourceTypeInstance,
			Tags:         []ec2types.Tag{{Key: aws.String(poolTag), Value: aws.String("yes")}},
		}},
	})
	if err != nil {
		t.Fatalf("RunInstances: %v", err)
	}
	ids := make([]string, 0, len(out.Instances))
	for _, in := range out.Instances {
		ids = append(ids, aws.ToString(in.InstanceId))
	}
	return ids
}
