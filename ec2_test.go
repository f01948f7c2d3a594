package awsretry_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

const reservationXML = `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>req-1</requestId>
  <reservationSet><item>
    <reservationId>r-0abc</reservationId><ownerId>123456789012</ownerId>
    <instancesSet><item>
      <instanceId>i-0123456789abcdef0</instanceId>
      <instanceState><code>16</code><name>running</name></instanceState>
    </item></instancesSet>
  </item></reservationSet>
</DescribeInstancesResponse>`

// ec2Server is ec2Endpoint with a client for it whose own retries are off.
func ec2Server(t *testing.T, codes ...string) (*ec2.Client, *atomic.Int32) {
	url, requests := ec2Endpoint(t, codes...)
	return awstest.EC2(t, url, func(o *ec2.Options) { o.RetryMaxAttempts = 1 }), requests
}

// ec2Endpoint is a scriptedEC2 that is closed when t ends.
func ec2Endpoint(t *testing.T, codes ...string) (string, *atomic.Int32) {
	t.Helper()
	srv := newScriptedEC2(codes...)
	t.Cleanup(srv.Close)
	return srv.URL, &srv.requests
}

// scriptedEC2 is a loopback endpoint that answers with the EC2 query
// protocol's error XML for each code in codes, in order, then with a
// reservation. It counts the requests.
type scriptedEC2 struct {
	*httptest.Server
	requests atomic.Int32
}

func newScriptedEC2(codes ...string) *scriptedEC2 {
	s := &scriptedEC2{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(s.requests.Add(1)) - 1
		if i < len(codes) {
			awstest.WriteEC2Error(w, http.StatusBadRequest, codes[i], "scripted "+codes[i])
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(reservationXML))
	}))
	return s
}

func TestRealEC2ClientThroughTheProxy(t *testing.T) {
	c, requests := ec2Server(t, "InvalidInstanceID.NotFound", "InvalidInstanceID.NotFound", "RequestLimitExceeded")
	var sl sleeps
	var codes []string
	p, err := awsretry.Decorate(c, sl.fast, func(o *awsretry.Options) {
		o.OnRetry = func(ev awsretry.RetryEvent) { codes = append(codes, ev.Code) }
	})
	require.NoError(t, err)

	out, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, "DescribeInstances", context.Background(),
		&ec2.DescribeInstancesInput{InstanceIds: []string{"i-0123456789abcdef0"}})
	require.NoError(t, err)
	require.Len(t, out.Reservations, 1)
	assert.Equal(t, "i-0123456789abcdef0", aws.ToString(out.Reservations[0].Instances[0].InstanceId))
	assert.Equal(t, []string{"InvalidInstanceID.NotFound", "InvalidInstanceID.NotFound", "RequestLimitExceeded"}, codes,
		"codes read through the SDK's own deserializers")
	assert.EqualValues(t, 4, requests.Load())
	assert.Len(t, sl.got(), 3)
}

func TestRealEC2ErrorsThatAreNotRetried(t *testing.T) {
	for _, code := range []string{"AuthFailure", "InvalidParameterValue", "UnauthorizedOperation"} {
		t.Run(code, func(t *testing.T) {
			c, requests := ec2Server(t, code)
			p := awsretry.MustDecorate(c, (&sleeps{}).fast)
			_, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
			var oe *smithy.OperationError
			require.True(t, errors.As(err, &oe), "the SDK's error comes back as the SDK made it")
			var re *awsretry.RetryError
			assert.False(t, errors.As(err, &re))
			assert.Equal(t, code, awsretry.ErrorCode(err))
			assert.EqualValues(t, 1, requests.Load())
		})
	}
}

func TestRealEC2ExhaustionKeepsTheAPIError(t *testing.T) {
	c, requests := ec2Server(t, repeat("InvalidInstanceID.NotFound", 10)...)
	p := awsretry.MustDecorate(c, (&sleeps{}).fast, func(o *awsretry.Options) { o.Tries = 4 })
	_, err := p.Call("DescribeInstances", context.Background(), &ec2.DescribeInstancesInput{})
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 4, re.Attempts)
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "InvalidInstanceID.NotFound", ae.ErrorCode())
	assert.EqualValues(t, 4, requests.Load())
}
