package soak

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// opKind is one kind of call in the load.
type opKind uint8

const (
	opPut      opKind = iota // DynamoDB PutItem of a unique key: an idempotent write
	opAdd                    // DynamoDB UpdateItem ADD on a counter: not idempotent
	opGet                    // DynamoDB GetItem of a counter: a read
	opRun                    // EC2 RunInstances with a ClientToken: idempotent by token
	opTag                    // EC2 CreateTags: an idempotent write
	opDescribe               // EC2 DescribeInstances, paged: reads
	opJSONPut                // DynamoDB PutItem of a unique key from boto3-style JSON, through awsjson.Call
	numOps
)

// op describes one kind of call.
type op struct {
	name   string
	ec2    bool   // an EC2 call; else a DynamoDB one
	weight int    // its share of its service's calls
	safety string // what a retry after a dropped answer does
	entry  string // the entry point it goes through
}

// mix is the load: one table. A new kind of call is one more row here and
// one more case in worker.call.
var mix = [numOps]op{
	opPut:      {"PutItem", false, 45, "idempotent (unique key)", "Decorate + Call"},
	opAdd:      {"UpdateItem ADD", false, 35, "not idempotent", "With + Call"},
	opGet:      {"GetItem", false, 20, "read", "WrapOp"},
	opRun:      {"RunInstances", true, 10, "idempotent (ClientToken)", "WrapOp"},
	opTag:      {"CreateTags", true, 50, "idempotent", "Decorate + Call"},
	opDescribe: {"DescribeInstances", true, 40, "read", "Pages"},
	opJSONPut:  {"PutItem from JSON", false, 10, "idempotent (unique key)", "awsjson.Call"},
}

// ec2Share is the share of the workers that call EC2: moto answers far more
// slowly than dynalite, so in a closed loop it would otherwise hold nearly
// every worker.
const ec2Share = 10 // one worker in ec2Share

// counters is how many counters each setting increments.
const counters = 8

// DescribeInstances pages through the pool of instances that CreateTags
// writes to (poolSize of them, tagged poolTag=yes), maxPageSize at a time,
// and stops after maxPages pages, before the end.
const (
	poolSize    = 12
	poolTag     = "soak-pool"
	maxPageSize = 5
	maxPages    = 2
)

// table is the DynamoDB table of the run.
const table = "soak"

// shared is what every worker shares: the clients' proxies, the Budget, and
// the counts.
type shared struct {
	cfg     config
	budget  *awsretry.Budget
	limiter *awsretry.Limiter
	proxies []proxies // by setting
	tagged  []string  // instances that CreateTags writes to

	calls, libCalls, retries, errs atomic.Int64
	sent                           atomic.Int64             // HTTP requests the load's clients sent
	byCode                         sync.Map                 // code → *atomic.Int64
	retriesBy                      sync.Map                 // setting name + " " + method → *atomic.Int64
	callsBy                        [][numOps]callCounts     // by setting
	invoked                        atomic.Int64             // SDK operations invoked: attempts
	lateAttempts                   atomic.Int64             // attempts invoked after an earlier one of their call returned with its context done
	sentLate, returnedLate         atomic.Int64             // the most a request was sent, or returned, after its context's deadline, in ns
	counterOK                      [][counters]atomic.Int64 // by setting: successful increments
	counterNoAnswer                [][counters]atomic.Int64 // by setting: increments that got no answer
	addOKAfterNoAnswer             []atomic.Int64           // by setting: increments that succeeded after an attempt without an answer
	byOp                           [numOps]struct{ ok, failed atomic.Int64 }
	classes                        sync.Map // error class → *atomic.Int64
	misclassified                  atomic.Int64
	overran                        atomic.Int64 // calls that returned more than cfg.grace after their deadline, listed in the summary
	maxOverrun                     atomic.Int64 // the most a call returned after its deadline, in ns
	overrunsBy                     sync.Map     // op name + error class → *atomic.Int64, of the calls that overran
	stall                          atomic.Int64 // the longest the process stalled: a ticker's lateness, in ns
	maxCall                        atomic.Int64 // the longest call, in ns
	workers                        []*worker
}

func (sh *shared) onRetry(setting string, e awsretry.RetryEvent) {
	sh.retries.Add(1)
	count(&sh.byCode, e.Code)
	count(&sh.retriesBy, setting+" "+e.Method)
}

// storeMax raises m to v if v is greater.
func storeMax(m *atomic.Int64, v int64) {
	for {
		old := m.Load()
		if v <= old || m.CompareAndSwap(old, v) {
			return
		}
	}
}

// count adds 1 to the counter for key in m.
func count(m *sync.Map, key string) {
	n, ok := m.Load(key)
	if !ok {
		n, _ = m.LoadOrStore(key, new(atomic.Int64))
	}
	n.(*atomic.Int64).Add(1)
}

// proxies are one setting's ways into the two clients, one per entry point.
type proxies struct {
	setting  setting
	dynamo   *awsretry.Proxy // Decorate
	adder    *awsretry.Proxy // dynamo.With: a derived proxy
	get      func(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	ec2      *awsretry.Proxy // Decorate; Call and Pages
	runInsts func(context.Context, *ec2.RunInstancesInput, ...func(*ec2.Options)) (*ec2.RunInstancesOutput, error)
}

func newProxies(s setting, sh *shared, ddb *dynamodb.Client, ec *ec2.Client) (proxies, error) {
	opt := s.options(sh)
	p := proxies{setting: s}
	var err error
	if p.dynamo, err = awsretry.Decorate(ddb, opt); err != nil {
		return p, err
	}
	if p.adder, err = p.dynamo.With(func(o *awsretry.Options) { o.Tries = 6 }); err != nil {
		return p, err
	}
	if p.get, err = awsretry.WrapOp(ddb.GetItem, opt); err != nil {
		return p, err
	}
	if p.ec2, err = awsretry.Decorate(ec, opt); err != nil {
		return p, err
	}
	p.runInsts, err = awsretry.WrapOp(ec.RunInstances, opt)
	return p, err
}

// callCounts are the load's own counts of the calls of one op and setting.
type callCounts struct {
	lib      atomic.Int64 // library calls: one per Call, WrapOp call or page
	attempts atomic.Int64 // SDK operations invoked
	gaveUp   atomic.Int64 // calls that ended in a *RetryError
}

// outcome of one call, kept per worker in a preallocated slice so that the
// accounting's memory does not grow during the run.
type outcome uint8

const (
	okFlag       outcome = 1 << 7 // the call succeeded
	noAnswerFlag outcome = 1 << 6 // one of its attempts got no answer, so may have landed
	kindMask     outcome = 0x0f
)

// worker makes calls, one after another, until its context is done or its
// outcome slice is full.
type worker struct {
	id      int
	setting int
	ec2     bool // calls EC2; else DynamoDB
	rnd     *rand.Rand
	out     []outcome // index: the call's sequence number in this worker
}

// putKey, jsonKey, counterKey and token name what call i of worker w writes.
func putKey(w, i int) string           { return "p-" + strconv.Itoa(w) + "-" + strconv.Itoa(i) }
func jsonKey(w, i int) string          { return "j-" + strconv.Itoa(w) + "-" + strconv.Itoa(i) }
func counterKey(setting, k int) string { return "c-" + settings[setting].name + "-" + strconv.Itoa(k) }
func token(seed uint64, w, i int) string {
	return fmt.Sprintf("soak-%x-%d-%d", seed, w, i)
}

// run makes calls until ctx is done.
func (w *worker) run(ctx context.Context, sh *shared) {
	for ctx.Err() == nil && len(w.out) < cap(w.out) {
		i := len(w.out)
		kind := pick(w.rnd, w.ec2)
		ok, noAnswer := w.call(sh, kind, i)
		o := outcome(kind)
		if ok {
			o |= okFlag
		}
		if noAnswer {
			o |= noAnswerFlag
		}
		w.out = append(w.out, o)
	}
}

// pick draws an operation of one service by weight.
func pick(rnd *rand.Rand, ec2 bool) opKind {
	total := 0
	for _, o := range mix {
		if o.ec2 == ec2 {
			total += o.weight
		}
	}
	n := rnd.IntN(total)
	for k, o := range mix {
		if o.ec2 != ec2 {
			continue
		}
		if n < o.weight {
			return opKind(k)
		}
		n -= o.weight
	}
	panic("unreachable: the weights add up to total")
}

// call makes call i, of kind, with its own deadline, and accounts for it. It
// reports whether the call succeeded, and whether any attempt got no answer.
func (w *worker) call(sh *shared, kind opKind, i int) (ok, noAnswer bool) {
	p := &sh.proxies[w.setting]
	var seen attempts
	ctx, cancel := context.WithTimeout(withAttempts(context.Background(), &seen), sh.cfg.callTimeout)
	defer cancel()
	start := time.Now()
	libCalls := int64(1)
	var err error
	switch kind {
	case opPut:
		_, err = p.dynamo.Call("PutItem", ctx, &dynamodb.PutItemInput{
			TableName: aws.String(table),
			Item: map[string]ddbtypes.AttributeValue{
				"pk": &ddbtypes.AttributeValueMemberS{Value: putKey(w.id, i)},
				"w":  &ddbtypes.AttributeValueMemberN{Value: strconv.Itoa(w.id)},
			},
		})
	case opJSONPut:
		in := `{"TableName": "` + table + `", "Item": {"pk": {"S": "` + jsonKey(w.id, i) + `"}, "w": {"N": "` + strconv.Itoa(w.id) + `"}}}`
		_, err = awsjson.Call(ctx, p.dynamo, "put_item", []byte(in))
	case opAdd:
		k := w.rnd.IntN(counters)
		_, err = p.adder.Call("UpdateItem", ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(table),
			Key:                       map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: counterKey(w.setting, k)}},
			UpdateExpression:          aws.String("ADD n :one"),
			ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":one": &ddbtypes.AttributeValueMemberN{Value: "1"}},
		})
		if err == nil {
			sh.counterOK[w.setting][k].Add(1)
		}
		sh.counterNoAnswer[w.setting][k].Add(int64(seen.noAnswer.Load()))
		if err == nil && seen.noAnswer.Load() > 0 {
			sh.addOKAfterNoAnswer[w.setting].Add(1)
		}
	case opGet:
		_, err = p.get(ctx, &dynamodb.GetItemInput{
			TableName: aws.String(table),
			Key:       map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: counterKey(w.setting, w.rnd.IntN(counters))}},
		})
	case opRun:
		tok := token(sh.cfg.seed, w.id, i)
		_, err = p.runInsts(ctx, &ec2.RunInstancesInput{
			ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
			ClientToken: aws.String(tok),
			TagSpecifications: []ec2types.TagSpecification{{
				ResourceType: ec2types.ResourceTypeInstance,
				Tags:         []ec2types.Tag{{Key: aws.String(tokenTag), Value: aws.String(tok)}},
			}},
		})
	case opTag:
		_, err = p.ec2.Call("CreateTags", ctx, &ec2.CreateTagsInput{
			Resources: []string{sh.tagged[w.rnd.IntN(len(sh.tagged))]},
			Tags:      []ec2types.Tag{{Key: aws.String("soak-worker-" + strconv.Itoa(w.id%40)), Value: aws.String(strconv.Itoa(i))}},
		})
	case opDescribe:
		libCalls = 0
		pages := 0
		in := &ec2.DescribeInstancesInput{
			Filters:    []ec2types.Filter{{Name: aws.String("tag:" + poolTag), Values: []string{"yes"}}},
			MaxResults: aws.Int32(maxPageSize),
		}
		for _, perr := range p.ec2.Pages("DescribeInstances", ctx, in) {
			libCalls++
			pages++
			if perr != nil {
				err = perr
				break
			}
			if pages == maxPages {
				break
			}
		}
	}
	elapsed := time.Since(start)
	sh.calls.Add(1)
	sh.libCalls.Add(libCalls)
	sh.callsBy[w.setting][kind].lib.Add(libCalls)
	sh.callsBy[w.setting][kind].attempts.Add(int64(seen.invoked.Load()))
	sh.invoked.Add(int64(seen.invoked.Load()))
	sh.lateAttempts.Add(int64(seen.late.Load()))
	if re := (*awsretry.RetryError)(nil); errors.As(err, &re) {
		sh.callsBy[w.setting][kind].gaveUp.Add(1)
	}
	storeMax(&sh.maxCall, int64(elapsed))
	over := elapsed - sh.cfg.callTimeout
	storeMax(&sh.maxOverrun, int64(over))
	noAnswer = seen.noAnswer.Load() > 0
	if over > sh.cfg.grace {
		sh.overran.Add(1)
		class := "success"
		if err != nil {
			class, _ = classOf(ctx, err, p.setting)
		}
		count(&sh.overrunsBy, mix[kind].name+": "+class)
	}
	if err == nil {
		sh.byOp[kind].ok.Add(1)
		return true, noAnswer
	}
	sh.byOp[kind].failed.Add(1)
	sh.errs.Add(1)
	class, ok := classOf(ctx, err, p.setting)
	count(&sh.classes, p.setting.name+": "+class)
	if !ok {
		sh.misclassified.Add(1)
	}
	return false, noAnswer
}

// tokenTag is the tag that RunInstances puts its ClientToken in, so that
// the accounting can count instances by token (moto does not report the
// token itself).
const tokenTag = "soak-token"
