package soak

import (
	"fmt"

	"github.com/awsretry/awsretry"
)

// statsMismatches compares each Decorate proxy's Stats (shared with the
// proxies made from it with With) with what the load counted itself: calls,
// attempts (SDK operations invoked), retries (OnRetry events) and calls given
// up. WrapOp has no Stats to compare. A retry whose sleep is cut short by the
// context is counted, but makes no attempt.
func statsMismatches(sh *shared) []string {
	var bad []string
	retries := snapshot(&sh.retriesBy)
	for si, p := range sh.proxies {
		name := settings[si].name
		for _, family := range []struct {
			proxy   *awsretry.Proxy
			ops     []opKind
			methods []string
		}{
			{p.dynamo, []opKind{opPut, opAdd, opJSONPut}, []string{"PutItem", "UpdateItem"}},
			{p.ec2, []opKind{opTag, opDescribe}, []string{"CreateTags", "DescribeInstances"}},
		} {
			var want awsretry.Stats
			for _, k := range family.ops {
				want.Calls += sh.callsBy[si][k].lib.Load()
				want.GaveUp += sh.callsBy[si][k].gaveUp.Load()
				want.Attempts += sh.callsBy[si][k].attempts.Load()
			}
			for _, m := range family.methods {
				want.Retries += retries[name+" "+m]
			}
			got := family.proxy.Stats()
			if got.Calls != want.Calls || got.Attempts != want.Attempts || got.Retries != want.Retries || got.GaveUp != want.GaveUp {
				bad = append(bad, fmt.Sprintf("%s %s proxy: Stats say calls=%d attempts=%d retries=%d gave up=%d; the load counted %d, %d, %d, %d",
					name, family.methods[0], got.Calls, got.Attempts, got.Retries, got.GaveUp, want.Calls, want.Attempts, want.Retries, want.GaveUp))
			}
		}
	}
	return bad
}
