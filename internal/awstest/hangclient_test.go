package awstest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestClientGivesUpOnAHangAsOnATimeout(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "upstream answer")
	}))
	t.Cleanup(up.Close)
	p := NewFaultProxy(t, EC2Query, up.URL, Sequence(Hang, Hang))
	client := p.Client(t)
	post := func() (string, error) {
		resp, err := client.Post(p.URL+"/", "application/x-www-form-urlencoded", strings.NewReader("Action=DescribeInstances"))
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return string(body), err
	}

	for range 2 {
		_, err := post()
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var ne net.Error
		require.ErrorAs(t, err, &ne)
		require.True(t, ne.Timeout(), "%v", err)
	}
	body, err := post()
	require.NoError(t, err)
	require.Equal(t, "upstream answer", body)

	require.True(t, p.WaitIdle(time.Minute), "the proxy still holds a hung request")
	require.Equal(t, []Fault{Hang, Hang, Pass}, faults(p.Requests()))
	p.mu.Lock()
	defer p.mu.Unlock()
	require.Empty(t, p.giveUp, "requests the proxy still watches")
}

func faults(reqs []Request) []Fault {
	var out []Fault
	for _, r := range reqs {
		out = append(out, r.Fault)
	}
	return out
}

func TestClientReportsOtherErrorsAsTheyAre(t *testing.T) {
	p := NewFaultProxy(t, EC2Query, "http://127.0.0.1:1", Always(Reset))
	_, err := p.Client(t).Post(p.URL+"/", "text/plain", strings.NewReader("x"))
	require.Error(t, err)
	require.False(t, errors.Is(err, errHung), "a reset is not a hang: %v", err)
}
