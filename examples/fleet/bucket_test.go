package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The bucket admits its burst, then its refill, and counts each request
// in its bin from the start that reset set.
func TestBucket(t *testing.T) {
	b := newBucket(10, 3)
	srv := httptest.NewServer(b)
	defer srv.Close()
	start := time.Now()
	resp, err := http.Post(srv.URL+"/_fleet/reset?start="+strconv.FormatInt(start.UnixNano(), 10), "text/plain", nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %v, %v", resp, err)
	}
	resp.Body.Close()
	// Past the clock, as the server sees it: the burst, then one token each 100 ms.
	var got []bool
	for _, at := range []time.Duration{0, 0, 0, 0, 50 * time.Millisecond, 150 * time.Millisecond} {
		got = append(got, b.take(start.Add(at)))
	}
	if want := []bool{true, true, true, false, false, true}; !equal(got, want) {
		t.Errorf("admitted %v, want %v (burst 3, then 10 a second)", got, want)
	}
	form := url.Values{"Action": {"DescribeInstances"}}
	resp, err = http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Get(srv.URL + "/_fleet/counts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var bins [][2]int64
	if err := json.NewDecoder(resp.Body).Decode(&bins); err != nil {
		t.Fatal(err)
	}
	// The HTTP request came in the first bin, with no token left.
	if len(bins) != 2 || bins[0] != [2]int64{6, 3} || bins[1] != [2]int64{1, 1} {
		t.Errorf("bins %v, want [[6 3] [1 1]]", bins)
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBucketServesLoopbackOnly(t *testing.T) {
	if err := newBucket(1, 1).serve("0.0.0.0:0", func(string) {}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("serve on 0.0.0.0: %v, want a loopback error", err)
	}
}
