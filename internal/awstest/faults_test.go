package awstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFaultProxyDoesWhatItsScriptSays(t *testing.T) {
	cases := []struct {
		fault      Fault
		proto      Protocol
		wantStatus int    // 0: the request fails without an answer
		wantBody   string // part of the answer's body
		forwarded  int
	}{
		{Pass, EC2Query, 200, "upstream answer", 1},
		{Throttle, EC2Query, 503, "<Code>RequestLimitExceeded</Code>", 0},
		{Throttle, JSON10, 400, "#ThrottlingException", 0},
		{Internal, EC2Query, 500, "<Code>InternalError</Code>", 0},
		{Internal, JSON10, 500, "#InternalServerError", 0},
		{Bare500, JSON10, 500, "", 0},
		{Bare503, EC2Query, 503, "", 0},
		{Reset, EC2Query, 0, "", 0},
		{Hang, JSON10, 0, "", 0},
		{DropResponse, EC2Query, 0, "", 1},
	}
	for _, tc := range cases {
		t.Run(tc.fault.String(), func(t *testing.T) {
			var upstreamHits atomic.Int32
			var leaked atomic.Bool // the Client's header reached the server
			up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				upstreamHits.Add(1)
				leaked.Store(leaked.Load() || r.Header.Get(clientHeader) != "")
				_, _ = io.WriteString(w, "upstream answer")
			}))
			t.Cleanup(up.Close)
			p := NewFaultProxy(t, tc.proto, up.URL, Always(tc.fault))

			client := p.Client(t)
			form := url.Values{"Action": {"RunInstances"}, "ClientToken": {"tok-1"}}
			req, err := http.NewRequest(http.MethodPost, p.URL+"/", strings.NewReader(form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Amz-Target", "DynamoDB_20120810.PutItem")
			resp, err := client.Do(req)

			if tc.wantStatus == 0 {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				body, _ := io.ReadAll(resp.Body)
				_ = resp.Body.Close()
				require.Equal(t, tc.wantStatus, resp.StatusCode)
				require.Contains(t, string(body), tc.wantBody)
			}
			require.False(t, leaked.Load(), "the proxy forwarded %s", clientHeader)
			require.Equal(t, tc.forwarded, p.Forwarded())
			require.EqualValues(t, tc.forwarded, upstreamHits.Load())
			require.Equal(t, 1, p.Seen())
			got := p.Requests()[0]
			require.Equal(t, tc.fault, got.Fault)
			if tc.proto == EC2Query {
				require.Equal(t, "RunInstances", got.Operation)
				require.Equal(t, "tok-1", got.Params.Get("ClientToken"))
			} else {
				require.Equal(t, "PutItem", got.Operation)
			}
		})
	}
}

func TestSequenceThenPass(t *testing.T) {
	s := Sequence(Throttle, Reset)
	var got []Fault
	for n := 1; n <= 4; n++ {
		got = append(got, s(n, &Request{N: n}))
	}
	require.Equal(t, []Fault{Throttle, Reset, Pass, Pass}, got)
}
