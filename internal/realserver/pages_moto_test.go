package realserver_test

import (
	"fmt"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry/internal/awstest"
)

// eachPage ranges over seq, requiring no error and outputs of type T, calls
// fn with each, and returns the number of pages.
func eachPage[T any](t *testing.T, seq iter.Seq2[any, error], fn func(T)) int {
	t.Helper()
	pages := 0
	for out, err := range seq {
		require.NoError(t, err)
		require.IsType(t, *new(T), out)
		fn(out.(T))
		pages++
	}
	return pages
}

// The "done when": about 25 instances on moto, read 5 at a time
// through Pages, with page 3 throttled once by the fault proxy.
func TestPagesMotoDescribeInstances(t *testing.T) {
	moto := awstest.StartMoto(t)
	ctx := t.Context()

	// moto pages DescribeInstances by reservation, not by instance, so each
	// instance gets a RunInstances (a reservation) of its own.
	const instances = 25
	direct := awstest.EC2(t, moto.URL)
	launched := map[string]bool{}
	for range instances {
		run, err := direct.RunInstances(ctx, &ec2.RunInstancesInput{
			ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		})
		require.NoError(t, err)
		for _, in := range run.Instances {
			launched[aws.ToString(in.InstanceId)] = true
		}
	}
	require.Len(t, launched, instances)

	var mu sync.Mutex
	describes := 0
	fp := awstest.NewFaultProxy(t, awstest.EC2Query, moto.URL, func(_ int, req *awstest.Request) awstest.Fault {
		if req.Operation != "DescribeInstances" {
			return awstest.Pass
		}
		mu.Lock()
		defer mu.Unlock()
		if describes++; describes == 3 { // page 3's first request
			return awstest.Throttle
		}
		return awstest.Pass
	})
	client := awstest.EC2(t, fp.URL, sdkOneAttempt)
	var log retryLog
	p := mustDecorate(t, client, fastRetries(4, time.Millisecond), log.option)

	in := &ec2.DescribeInstancesInput{MaxResults: aws.Int32(5)}
	seen := map[string]int{}
	pages := eachPage(t, p.Pages("DescribeInstances", ctx, in), func(out *ec2.DescribeInstancesOutput) {
		for _, r := range out.Reservations {
			for _, inst := range r.Instances {
				seen[aws.ToString(inst.InstanceId)]++
			}
		}
	})

	for id := range launched {
		assert.Equal(t, 1, seen[id], "instance %s seen once", id)
	}
	assert.Len(t, seen, instances)
	assert.Equal(t, 5, pages)
	assert.Equal(t, []string{"RequestLimitExceeded"}, log.codes())
	assert.Nil(t, in.NextToken, "the caller's input is unchanged")

	reqs := requestsFor(fp, "DescribeInstances")
	require.Len(t, reqs, pages+1, "one request per page and one retry")
	tokens := make([]string, len(reqs))
	for i, r := range reqs {
		tokens[i] = r.Params.Get("NextToken")
		assert.Equal(t, "5", r.Params.Get("MaxResults"))
	}
	assert.Empty(t, tokens[0], "page 1 without a token")
	for i, tok := range tokens[1:] {
		assert.NotEmpty(t, tok, "request %d has a token: page 1 asked for once", i+2)
	}
	assert.Equal(t, awstest.Throttle, reqs[2].Fault)
	assert.NotEmpty(t, tokens[2])
	assert.Equal(t, tokens[2], tokens[3], "the retry asks for page 3 again, with its token")
	assert.Equal(t, awstest.Pass, reqs[3].Fault)
	distinct := map[string]bool{}
	for _, tok := range tokens {
		distinct[tok] = true
	}
	assert.Len(t, distinct, pages, "no page asked for twice but page 3")
	t.Logf("moto: %d instances, %d pages, %d DescribeInstances requests, tokens %q", len(seen), pages, len(reqs), tokens)
}

// The real SDK's S3 ListObjectsV2 (ContinuationToken, IsTruncated *bool) and
// DynamoDB Scan (ExclusiveStartKey, a map) page through Pages on moto.
func TestPagesMotoS3AndDynamoDB(t *testing.T) {
	moto := awstest.StartMoto(t)
	ctx := t.Context()

	t.Run("S3 ListObjectsV2", func(t *testing.T) {
		s3c := awstest.S3(t, moto.URL)
		_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("pages")})
		require.NoError(t, err)
		for i := range 7 {
			_, err := s3c.PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String("pages"), Key: aws.String(fmt.Sprintf("k%d", i)), Body: strings.NewReader("x"),
			})
			require.NoError(t, err)
		}
		p := mustDecorate(t, s3c, fastRetries(3, time.Millisecond))
		in := &s3.ListObjectsV2Input{Bucket: aws.String("pages"), MaxKeys: aws.Int32(3)}
		var keys []string
		pages := eachPage(t, p.Pages("ListObjectsV2", ctx, in), func(out *s3.ListObjectsV2Output) {
			for _, o := range out.Contents {
				keys = append(keys, aws.ToString(o.Key))
			}
		})
		assert.Equal(t, []string{"k0", "k1", "k2", "k3", "k4", "k5", "k6"}, keys)
		assert.Equal(t, 3, pages)
		assert.Nil(t, in.ContinuationToken)
	})

	t.Run("DynamoDB Scan", func(t *testing.T) {
		db := awstest.DynamoDB(t, moto.URL)
		_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
			TableName:            aws.String("pages"),
			AttributeDefinitions: []dtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: dtypes.ScalarAttributeTypeS}},
			KeySchema:            []dtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: dtypes.KeyTypeHash}},
			BillingMode:          dtypes.BillingModePayPerRequest,
		})
		require.NoError(t, err)
		for i := range 7 {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
				TableName: aws.String("pages"),
				Item:      map[string]dtypes.AttributeValue{"pk": &dtypes.AttributeValueMemberS{Value: fmt.Sprintf("k%d", i)}},
			})
			require.NoError(t, err)
		}
		p := mustDecorate(t, db, fastRetries(3, time.Millisecond))
		in := &dynamodb.ScanInput{TableName: aws.String("pages"), Limit: aws.Int32(3)}
		seen := map[string]int{}
		pages := eachPage(t, p.Pages("Scan", ctx, in), func(out *dynamodb.ScanOutput) {
			for _, item := range out.Items {
				seen[item["pk"].(*dtypes.AttributeValueMemberS).Value]++
			}
		})
		assert.Len(t, seen, 7)
		for k, n := range seen {
			assert.Equal(t, 1, n, k)
		}
		assert.Equal(t, 3, pages)
		assert.Nil(t, in.ExclusiveStartKey)
	})
}
