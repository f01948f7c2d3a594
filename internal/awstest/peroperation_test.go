package awstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPerOperationFailsTheFirstRequestsOfAnOperation(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "upstream answer")
	}))
	t.Cleanup(up.Close)
	const notFound = "InvalidInstanceID.NotFound"
	p := NewFaultProxy(t, EC2Query, up.URL, PerOperation(map[string][]Reply{
		"DescribeInstances": append(Replies(2, Reply{Fault: Throttle}), Reply{Fault: Coded, Code: notFound}),
		"CreateTags":        {{Fault: Pass}, {Fault: Coded, Code: "UnauthorizedOperation"}},
	}))

	client := HTTPClient(t, 0)
	send := func(action string) (int, string) {
		t.Helper()
		resp, err := client.PostForm(p.URL+"/", url.Values{"Action": {action}})
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(body)
	}

	// DescribeInstances and CreateTags interleave; each counts its own requests.
	steps := []struct {
		action     string
		wantStatus int
		wantBody   string
	}{
		{"DescribeInstances", 503, "<Code>RequestLimitExceeded</Code>"},
		{"CreateTags", 200, "upstream answer"},
		{"DescribeInstances", 503, "<Code>RequestLimitExceeded</Code>"},
		{"RunInstances", 200, "upstream answer"}, // not in the plan
		{"CreateTags", 400, "<Code>UnauthorizedOperation</Code>"},
		{"DescribeInstances", 400, "<Code>" + notFound + "</Code>"},
		{"DescribeInstances", 200, "upstream answer"},
		{"CreateTags", 200, "upstream answer"},
	}
	for i, s := range steps {
		status, body := send(s.action)
		require.Equal(t, s.wantStatus, status, "step %d (%s)", i+1, s.action)
		require.True(t, strings.Contains(body, s.wantBody), "step %d (%s): body %q", i+1, s.action, body)
	}
	require.Equal(t, 4, p.Forwarded())

	reqs := p.Requests()
	require.Len(t, reqs, len(steps))
	require.Equal(t, Coded, reqs[5].Fault)
	require.Equal(t, notFound, reqs[5].Code)
	require.Equal(t, "", reqs[0].Code, "a Throttle has no Code")
}

func TestCodedWithoutCodeIsAnError(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(up.Close)
	p := NewFaultProxy(t, JSON10, up.URL, Always(Coded))
	resp, err := HTTPClient(t, 0).Post(p.URL+"/", "application/x-amz-json-1.0", strings.NewReader("{}"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	require.Equal(t, 0, p.Forwarded())
}

func TestReplies(t *testing.T) {
	r := Reply{Fault: Coded, Code: "X.NotFound"}
	require.Equal(t, []Reply{r, r, r}, Replies(3, r))
	require.Empty(t, Replies(0, r))
	require.Empty(t, Replies(-1, r))
}
