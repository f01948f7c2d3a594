package awstest

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"
)

// requireStopped checks that s's process has exited and its port is closed.
func requireStopped(t *testing.T, s *Server) {
	t.Helper()
	s.Stop()
	select {
	case <-s.exited:
	default:
		t.Fatalf("%s still running after Stop", s.Name)
	}
	c := &http.Client{Timeout: time.Second}
	_, err := c.Get(s.URL + "/")
	require.Error(t, err, "%s still answers after Stop", s.Name)
}

func TestStartMotoAnswersEC2ThenStops(t *testing.T) {
	s := StartMoto(t)
	out, err := EC2(t, s.URL).DescribeRegions(t.Context(), &ec2.DescribeRegionsInput{})
	require.NoError(t, err)
	require.NotEmpty(t, out.Regions)
	requireStopped(t, s)
}

func TestStartDynaliteAnswersDynamoDBThenStops(t *testing.T) {
	s := StartDynalite(t, 0)
	out, err := DynamoDB(t, s.URL).ListTables(t.Context(), &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
	require.NoError(t, err)
	require.Empty(t, out.TableNames)
	requireStopped(t, s)
}
