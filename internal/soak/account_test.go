package soak

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/awsretry/awsretry"
)

// writes is the accounting of one kind of write.
type writes struct {
	ok, failed  int64
	landed      int64 // failed, yet present on the server: ambiguous, their answer lost
	lost        int64 // reported as a success, yet absent
	unexplained int64 // failed and present with no lost answer, or present and never written
	duplicates  int64 // extra copies on the server
}

// counterSetting is the accounting of one setting's counters.
type counterSetting struct {
	successes, value int64
	sure, maybe      int64 // increments whose answer the proxy lost: landed for sure, or perhaps
	noAnswer         int64 // increments that the client got no answer to
	okAfterNoAnswer  int64 // successes after an attempt without an answer: perhaps counted twice
	mismatched       int   // counters outside successes+sure ... successes+noAnswer+maybe
}

func (c counterSetting) overcount() int64 { return c.value - c.successes }

// readBack reads the table and the instances from the servers and accounts
// for every write.
func (s servers) readBack(t *testing.T, r *report, sh *shared, lost *lostAnswers) {
	ctx := t.Context()
	present := map[string]bool{}
	values := map[string]int64{}
	pager := dynamodb.NewScanPaginator(s.ddb, &dynamodb.ScanInput{TableName: aws.String(table)})
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}
		for _, item := range page.Items {
			pk := item["pk"].(*ddbtypes.AttributeValueMemberS).Value
			switch {
			case strings.HasPrefix(pk, "p-"), strings.HasPrefix(pk, "j-"):
				if present[pk] {
					r.puts.duplicates++
				}
				present[pk] = true
			case strings.HasPrefix(pk, "c-"):
				if n, ok := item["n"].(*ddbtypes.AttributeValueMemberN); ok {
					values[pk] = atoi(n.Value)
				}
			}
		}
	}

	instances := map[string]int{} // token → instances
	ipager := ec2.NewDescribeInstancesPaginator(s.ec2, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	for ipager.HasMorePages() {
		page, err := ipager.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeInstances: %v", err)
		}
		for _, res := range page.Reservations {
			for _, in := range res.Instances {
				for _, tag := range in.Tags {
					if aws.ToString(tag.Key) == tokenTag {
						instances[aws.ToString(tag.Value)]++
					}
				}
			}
		}
	}

	lost.mu.Lock()
	defer lost.mu.Unlock()
	for _, w := range sh.workers {
		for i, o := range w.out {
			ok := o&okFlag != 0
			switch opKind(o & kindMask) {
			case opPut, opJSONPut:
				key := putKey(w.id, i)
				if opKind(o&kindMask) == opJSONPut {
					key = jsonKey(w.id, i)
				}
				account(&r.puts, ok, present[key], lost.puts[key] || o&noAnswerFlag != 0)
				delete(present, key)
			case opRun:
				tok := token(sh.cfg.seed, w.id, i)
				n := instances[tok]
				account(&r.runs, ok, n > 0, o&noAnswerFlag != 0)
				if n > 1 {
					r.runs.duplicates += int64(n - 1)
				}
				delete(instances, tok)
			}
		}
	}
	r.puts.unexplained += int64(len(present))   // written by no call
	r.runs.unexplained += int64(len(instances)) // launched by no call

	r.counters = make([]counterSetting, len(settings))
	for si := range settings {
		c := &r.counters[si]
		for k := range counters {
			key := counterKey(si, k)
			ok := sh.counterOK[si][k].Load()
			noAnswer := sh.counterNoAnswer[si][k].Load()
			v := values[key]
			var l landing
			if p := lost.counters[key]; p != nil {
				l = *p
			}
			c.successes += ok
			c.value += v
			c.sure += l.sure
			c.maybe += l.maybe
			c.noAnswer += noAnswer
			c.okAfterNoAnswer = sh.addOKAfterNoAnswer[si].Load()
			// An increment beyond the successes is an attempt that landed
			// but whose answer the client did not get.
			if over := v - ok; over < l.sure || over > noAnswer+l.maybe {
				c.mismatched++
			}
		}
	}
}

// account adds one write to w: whether it was reported ok, whether it is on
// the server, and whether a lost answer can explain it being there.
func account(w *writes, ok, there, answerLost bool) {
	switch {
	case ok:
		w.ok++
		if !there {
			w.lost++
		}
	default:
		w.failed++
		switch {
		case there && answerLost:
			w.landed++
		case there:
			w.unexplained++
		}
	}
}

// atoi reads a counter's value; -1 when it is not an integer, which then
// fails the accounting.
func atoi(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// collect copies the live counts into r.
func (r *report) collect(sh *shared, lost *lostAnswers) {
	r.calls, r.libCalls, r.retries, r.sent = sh.calls.Load(), sh.libCalls.Load(), sh.retries.Load(), sh.sent.Load()
	r.errors, r.misclassified, r.overran = sh.errs.Load(), sh.misclassified.Load(), sh.overran.Load()
	r.maxCall, r.maxOverrun, r.stall = sh.maxCall.Load(), sh.maxOverrun.Load(), sh.stall.Load()
	r.invoked, r.sentLate, r.returnedLate = sh.invoked.Load(), sh.sentLate.Load(), sh.returnedLate.Load()
	r.lateAttempts = sh.lateAttempts.Load()
	r.overruns = snapshot(&sh.overrunsBy)
	r.lostAnswers = lost.writes.Load()
	r.byCode = snapshot(&sh.byCode)
	r.classes = snapshot(&sh.classes)
	for k := range sh.byOp {
		r.byOp[k] = [2]int64{sh.byOp[k].ok.Load(), sh.byOp[k].failed.Load()}
	}
	r.budget = sh.budget.String()
	r.limiter = limiterLine(sh)
	for class, n := range r.classes {
		if strings.Contains(class, limiterGaveUp) {
			r.limiterGaveUp += n
		}
	}
	r.statsBad = statsMismatches(sh)
}

func snapshot(m interface {
	Range(func(k, v any) bool)
}) map[string]int64 {
	out := map[string]int64{}
	m.Range(func(k, v any) bool {
		out[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return out
}

// limiterLine reports the shared Limiter: each method's rate, and the
// attempts of the Decorate proxies (With's included) that waited for it.
func limiterLine(sh *shared) string {
	if sh.limiter == nil {
		return "none (SOAK_LIMITER=off)"
	}
	var waits int64
	var waited time.Duration
	for _, p := range sh.proxies {
		for _, px := range []*awsretry.Proxy{p.dynamo, p.ec2} {
			st := px.Stats()
			waits, waited = waits+st.LimiterWaits, waited+st.LimiterWaited
		}
	}
	rates := ""
	for _, m := range []string{"PutItem", "UpdateItem", "GetItem", "RunInstances", "CreateTags", "DescribeInstances"} {
		if r, limited := sh.limiter.Rate(m); limited {
			rates += fmt.Sprintf(" %s=%.0f/s", m, r)
		} else {
			rates += " " + m + "=open"
		}
	}
	return fmt.Sprintf("%d attempts of the Decorate proxies waited %v in all; rates at the end:%s", waits, waited.Round(time.Millisecond), rates)
}
