package awstest

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Region is the region of every client made here.
const Region = "us-east-1"

// HTTPClient returns an HTTP client of its own, with no proxy from the
// environment and, when timeout > 0, that timeout on each request. Its idle
// connections are closed when t ends, so that goroutine leak checks pass.
func HTTPClient(t testing.TB, timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: timeout}
}

// Config returns an SDK config for a server at endpoint, a loopback URL:
// region us-east-1, static test credentials, and an HTTPClient of its own.
// The SDK's retryer is left as the SDK makes it.
func Config(t testing.TB, endpoint string) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDAWSTEST", "awstest-secret", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   HTTPClient(t, 0),
	}
}

// EC2 returns a real EC2 client for the server at endpoint; optFns change
// its options after Config's.
func EC2(t testing.TB, endpoint string, optFns ...func(*ec2.Options)) *ec2.Client {
	return ec2.NewFromConfig(Config(t, endpoint), optFns...)
}

// DynamoDB returns a real DynamoDB client for the server at endpoint; optFns
// change its options after Config's.
func DynamoDB(t testing.TB, endpoint string, optFns ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.NewFromConfig(Config(t, endpoint), optFns...)
}

// S3 returns a real S3 client for the server at endpoint, with path-style
// addressing so that bucket names never become host names; optFns change its
// options after that.
func S3(t testing.TB, endpoint string, optFns ...func(*s3.Options)) *s3.Client {
	pathStyle := func(o *s3.Options) { o.UsePathStyle = true }
	return s3.NewFromConfig(Config(t, endpoint), append([]func(*s3.Options){pathStyle}, optFns...)...)
}
