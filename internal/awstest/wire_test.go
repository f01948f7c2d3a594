package awstest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

// wireCfg is an SDK config for a loopback server, with the SDK's own retries
// off so that every call makes exactly one request.
func wireCfg(url string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func TestWireErrorsDecodeInRealSDKClients(t *testing.T) {
	const msg = `bad <input> & "quotes"`
	cases := []struct {
		name   string
		write  func(http.ResponseWriter, int, string, string)
		status int
		code   string
		call   func(ctx context.Context, cfg aws.Config) error
	}{
		{"ec2 throttle", WriteEC2Error, 503, "RequestLimitExceeded", callEC2},
		{"ec2 not found", WriteEC2Error, 400, "InvalidInstanceID.NotFound", callEC2},
		{"dynamodb throttle", WriteJSONError, 400, "ThrottlingException", callDynamoDB},
		{"dynamodb not found", WriteJSONError, 400, "ResourceNotFoundException", callDynamoDB},
		{"s3 slow down", WriteS3Error, 503, "SlowDown", callS3},
		{"s3 no such key", WriteS3Error, 404, "NoSuchKey", callS3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				tc.write(w, tc.status, tc.code, msg)
			}))
			t.Cleanup(srv.Close)

			err := tc.call(t.Context(), wireCfg(srv.URL))

			var apiErr smithy.APIError
			require.True(t, errors.As(err, &apiErr), "want a smithy.APIError, got %v", err)
			require.Equal(t, tc.code, apiErr.ErrorCode())
			require.Equal(t, msg, apiErr.ErrorMessage())
		})
	}
}

func callEC2(ctx context.Context, cfg aws.Config) error {
	_, err := ec2.NewFromConfig(cfg).DescribeInstances(ctx, &ec2.DescribeInstancesInput{
		InstanceIds: []string{"i-00000000000000000"},
	})
	return err
}

func callDynamoDB(ctx context.Context, cfg aws.Config) error {
	_, err := dynamodb.NewFromConfig(cfg).DescribeTable(ctx, &dynamodb.DescribeTableInput{
		TableName: aws.String("t"),
	})
	return err
}

func callS3(ctx context.Context, cfg aws.Config) error {
	_, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).
		GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	return err
}
