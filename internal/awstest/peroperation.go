package awstest

import "sync"

// Reply is one answer of a PerOperation Script: a Fault and, for Coded,
// the error code to answer with.
type Reply struct {
	Fault Fault
	Code  string // for Coded: the code, such as "InvalidInstanceID.NotFound"
}

// Replies returns n copies of r, for a PerOperation plan:
//
//	append(Replies(2, Reply{Fault: Throttle}), Reply{Fault: Coded, Code: "InvalidInstanceID.NotFound"})
func Replies(n int, r Reply) []Reply {
	out := make([]Reply, max(n, 0))
	for i := range out {
		out[i] = r
	}
	return out
}

// PerOperation returns a Script that answers the k-th request for an
// operation with plan[operation][k-1], and passes every later request for it
// and every request for an operation that plan does not name. Requests are
// counted per operation, in the order the proxy hands them to the Script, so
// "the first N requests of DescribeInstances" fail however other operations
// interleave. The Script is safe for concurrent use; plan must not change
// once it is made.
func PerOperation(plan map[string][]Reply) Script {
	var mu sync.Mutex
	seen := map[string]int{}
	return func(_ int, req *Request) Fault {
		mu.Lock()
		seen[req.Operation]++
		k := seen[req.Operation]
		mu.Unlock()
		replies := plan[req.Operation]
		if k > len(replies) {
			return Pass
		}
		r := replies[k-1]
		if r.Fault == Coded {
			req.Code = r.Code
		}
		return r.Fault
	}
}
