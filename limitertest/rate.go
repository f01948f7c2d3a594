package limitertest

import (
	"bytes"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
)

// testEmpty: a scope the store does not hold reads as the zero rate, and
// its first Attempt starts a window at the store's now with free slots.
func testEmpty(t *testing.T, s awsretry.LimiterStore) {
	if r := load(t, s, "Empty"); r.Version != 0 || r.Interval != 0 || len(r.Data) != 0 {
		t.Errorf("Load of a scope never written = %+v, want the zero StoreRate", r)
	}
	if closeWindow(t, s, "Empty", awsretry.StoreClose{Version: 3, Interval: time.Second}) {
		t.Errorf("CloseWindow(Version 3) on a scope the store does not hold = true, want false")
	}
	res := attempt(t, s, "Empty", awsretry.StoreAttempt{Reserve: true, MaxWait: time.Nanosecond})
	if !res.Reserved || res.Wait != 0 || !res.Next.IsZero() {
		t.Errorf("Attempt(Reserve) on an open scope: Reserved %v, Wait %v, Next %v; want true, 0, zero", res.Reserved, res.Wait, res.Next)
	}
	if res.Now.IsZero() || !res.Window.Start.Equal(res.Now) {
		t.Errorf("first Attempt: Window.Start %v, Now %v; want the window to start at Now", res.Window.Start, res.Now)
	}
	if c := counts(res.Window); c != [6]int64{} {
		t.Errorf("first Attempt without a report: window counts %v, want zeros", c)
	}
	if res.Rate.Version != 0 || res.Rate.Interval != 0 {
		t.Errorf("first Attempt: Rate %+v, want the zero StoreRate", res.Rate)
	}
}

// testRate: CloseWindow sets the rate only at the version read, Data is
// kept byte for byte and copied, and Attempt returns Data only to a caller
// that holds another version.
func testRate(t *testing.T, s awsretry.LimiterStore) {
	data := make([]byte, 256)
	for i := range data {
		data[i] = byte(i)
	}
	in := bytes.Clone(data)
	seed(t, s, "Rate", 250*time.Millisecond, in)
	in[0] = 0xff // the store keeps a copy
	if r := load(t, s, "Rate"); r.Version != 1 || r.Interval != 250*time.Millisecond || !bytes.Equal(r.Data, data) {
		t.Fatalf("Load after the first rate = {Version %d, Interval %v, %d bytes, equal %v}, want {1, 250ms, the 256 bytes written}",
			r.Version, r.Interval, len(r.Data), bytes.Equal(r.Data, data))
	}
	if closeWindow(t, s, "Rate", awsretry.StoreClose{Version: 0, Interval: time.Second}) {
		t.Errorf("a second CloseWindow at Version 0 = true, want false: the version is 1")
	}
	if closeWindow(t, s, "Rate", awsretry.StoreClose{Version: 2, Interval: time.Second}) {
		t.Errorf("CloseWindow at Version 2, ahead of the store's 1 = true, want false")
	}
	if !closeWindow(t, s, "Rate", awsretry.StoreClose{Version: 1, Interval: time.Second, Data: []byte("v2")}) {
		t.Fatalf("CloseWindow at the version read (1) = false, want true")
	}
	if r := load(t, s, "Rate"); r.Version != 2 || r.Interval != time.Second || string(r.Data) != "v2" {
		t.Errorf("Load after the second rate = %+v, want {2, 1s, v2}", r)
	}
	res := attempt(t, s, "Rate", awsretry.StoreAttempt{Version: 2})
	if res.Rate.Version != 2 || res.Rate.Interval != time.Second || res.Rate.Data != nil {
		t.Errorf("Attempt holding Version 2: Rate %+v, want {2, 1s, no Data}", res.Rate)
	}
	res = attempt(t, s, "Rate", awsretry.StoreAttempt{Version: 1})
	if res.Rate.Version != 2 || string(res.Rate.Data) != "v2" {
		t.Errorf("Attempt holding Version 1: Rate %+v, want {2, 1s, v2}", res.Rate)
	}
	if !closeWindow(t, s, "Rate", awsretry.StoreClose{Version: 2}) {
		t.Fatalf("CloseWindow to Interval 0 = false, want true")
	}
	if r := load(t, s, "Rate"); r.Version != 3 || r.Interval != 0 || len(r.Data) != 0 {
		t.Errorf("Load after an open rate = %+v, want {3, 0, no Data}", r)
	}
}

// testScopes: scopes are independent, whatever their names.
func testScopes(t *testing.T, s awsretry.LimiterStore) {
	names := []string{"", "DescribeInstances", "a:b", "a", "b", "Ünïcode scope / with spaces", string(make([]byte, 300))}
	for i, name := range names {
		seed(t, s, name, time.Duration(i+1)*time.Millisecond, []byte{byte(i)})
		attempt(t, s, name, awsretry.StoreAttempt{Report: report(int64(i), 0, 0, 0)})
	}
	for i, name := range names {
		r := load(t, s, name)
		if r.Version != 1 || r.Interval != time.Duration(i+1)*time.Millisecond || !bytes.Equal(r.Data, []byte{byte(i)}) {
			t.Errorf("scope %d: Load = %+v, want {1, %v, [%d]}", i, r, time.Duration(i+1)*time.Millisecond, i)
		}
		if w := attempt(t, s, name, awsretry.StoreAttempt{}).Window; w.Successes != int64(i) {
			t.Errorf("scope %d: window Successes %d, want %d", i, w.Successes, i)
		}
	}
}
