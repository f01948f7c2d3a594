package soak

import (
	"encoding/json"
	"sync"
	"sync/atomic"

	"github.com/awsretry/awsretry/internal/awstest"
)

// lostAnswers keeps, from the fault proxies, the write requests that reached
// a server but whose answer did not reach the client: the writes that may
// have landed although the caller may see an error.
type lostAnswers struct {
	writes atomic.Int64 // all write requests with a lost answer

	mu       sync.Mutex
	puts     map[string]bool     // PutItem key → seen with a lost answer
	counters map[string]*landing // UpdateItem counter key → its lost increments
}

// landing counts the lost answers of one counter's increments: sure ones
// (the server answered 2xx) and maybe ones (no answer came at all).
type landing struct{ sure, maybe int64 }

func newLostAnswers() *lostAnswers {
	return &lostAnswers{puts: map[string]bool{}, counters: map[string]*landing{}}
}

// writeOps are the operations that write.
var writeOps = map[string]bool{"PutItem": true, "UpdateItem": true, "RunInstances": true, "CreateTags": true}

// observe is a FaultProxy observer.
func (l *lostAnswers) observe(r awstest.Request) {
	if !r.Lost || !writeOps[r.Operation] {
		return
	}
	l.writes.Add(1)
	var body struct {
		Item, Key struct {
			PK struct{ S string } `json:"pk"`
		}
	}
	if r.Params != nil || json.Unmarshal(r.Body, &body) != nil {
		return // EC2, or not a body of ours
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch r.Operation {
	case "PutItem":
		l.puts[body.Item.PK.S] = true
	case "UpdateItem":
		c := l.counters[body.Key.PK.S]
		if c == nil {
			c = new(landing)
			l.counters[body.Key.PK.S] = c
		}
		if r.Status/100 == 2 {
			c.sure++
		} else if r.Status == 0 {
			c.maybe++
		}
	}
}
