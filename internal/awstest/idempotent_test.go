package awstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// post sends an EC2 query request for action with a ClientToken, and returns
// the answer's body, or "" when the connection failed.
func post(t *testing.T, client *http.Client, proxyURL, action, token string) string {
	t.Helper()
	form := url.Values{"Action": {action}, "ClientToken": {token}}
	resp, err := client.Post(proxyURL+"/", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Logf("%s %s: %v", action, token, err)
		return ""
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}

func TestIdempotentReplaysTheFirstSuccessAndObserverSeesLostAnswers(t *testing.T) {
	var hits atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		_, _ = io.WriteString(w, "instance-"+string(rune('0'+n)))
	}))
	t.Cleanup(up.Close)
	p := NewFaultProxy(t, EC2Query, up.URL, Sequence(DropResponse))
	p.SetIdempotent("RunInstances", "ClientToken")
	p.SetRecording(false)
	var mu sync.Mutex
	var seen []Request
	p.SetObserver(func(r Request) { mu.Lock(); seen = append(seen, r); mu.Unlock() })
	client := HTTPClient(t, time.Second)

	require.Equal(t, "", post(t, client, p.URL, "RunInstances", "tok-1"))                // acted, answer dropped
	require.Equal(t, "instance-1", post(t, client, p.URL, "RunInstances", "tok-1"))      // replayed
	require.Equal(t, "instance-2", post(t, client, p.URL, "RunInstances", "tok-2"))      // a new token
	require.Equal(t, "instance-3", post(t, client, p.URL, "DescribeInstances", "tok-1")) // another operation
	require.EqualValues(t, 3, hits.Load())
	require.Equal(t, 3, p.Forwarded())
	require.Equal(t, 4, p.Seen())
	require.Empty(t, p.Requests(), "recording is off")

	// The observer is called when the proxy is done with a request, which
	// can be after the client has its answer and after later requests: the
	// first one's after its reset. So wait for the proxy to be done with all
	// of them, and tell them apart by number.
	require.True(t, p.WaitIdle(time.Minute), "the proxy is still busy")
	mu.Lock()
	byN := map[int]Request{}
	for _, r := range seen {
		byN[r.N] = r
	}
	mu.Unlock()
	require.Len(t, byN, 4)
	require.True(t, byN[1].Lost)
	require.Equal(t, 200, byN[1].Status)
	require.Equal(t, DropResponse, byN[1].Fault)
	for n := 2; n <= 4; n++ {
		require.Equal(t, n, byN[n].N)
		require.False(t, byN[n].Lost, "request %d", n)
	}

	p.ForgetIdempotent()
	require.Equal(t, "instance-4", post(t, client, p.URL, "RunInstances", "tok-1"))
}

func TestIdempotentForwardsAgainAfterAFailure(t *testing.T) {
	var hits atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			WriteEC2Error(w, http.StatusBadRequest, "InvalidParameterValue", "no")
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(up.Close)
	p := NewFaultProxy(t, EC2Query, up.URL, nil)
	p.SetIdempotent("RunInstances", "ClientToken")
	client := HTTPClient(t, time.Second)

	require.Contains(t, post(t, client, p.URL, "RunInstances", "tok"), "InvalidParameterValue")
	require.Equal(t, "ok", post(t, client, p.URL, "RunInstances", "tok"))
	require.Equal(t, "ok", post(t, client, p.URL, "RunInstances", "tok"))
	require.EqualValues(t, 2, hits.Load())
}
