package realserver_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// TestDynamoDBPortKeepsEveryWrite is a batch job ported from Python: 300
// PutItems to dynalite behind a proxy that throttles 30% of requests with
// ThrottlingException. awsretry 1.0.2's defaults do not retry that code, so
// a port that leaves the SDK's 3 attempts to it loses writes; RetryThrottles
// with one retry layer keeps every one. The faults are seeded, and the
// writes sequential, so the counts replay.
func TestDynamoDBPortKeepsEveryWrite(t *testing.T) {
	const writes, seed = 300, 19
	tests := []struct {
		name     string
		opts     []func(*awsretry.Options)
		sdkTries int // the client's own attempts
		wantLost func(t *testing.T, lost int)
	}{
		{"awsretry defaults, SDK retries on", nil, 3, func(t *testing.T, lost int) {
			assert.Positive(t, lost, "ThrottlingException is left to the SDK's 3 attempts")
		}},
		{"RetryThrottles, one layer", []func(*awsretry.Options){awsretry.RetryThrottles, func(o *awsretry.Options) { o.DisableSDKRetries = true }}, 3, func(t *testing.T, lost int) {
			assert.Zero(t, lost)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := awstest.StartDynalite(t, 0)
			faults, err := awstest.NewRandomFaults(seed, awstest.Chance{Fault: awstest.Throttle, P: 0.3})
			require.NoError(t, err)
			fp := awstest.NewFaultProxy(t, awstest.JSON10, srv.URL, nil)
			db := awstest.DynamoDB(t, fp.URL, func(o *dynamodb.Options) {
				o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
					so.MaxAttempts = tt.sdkTries
					so.Backoff = noBackoff{} // the SDK's sleeps, not the point here, stay out of the test's time
					so.RateLimiter = noRateLimit{}
				})
			})
			ctx := t.Context()
			table := createTable(t, ctx, db)
			fp.SetScript(faults.Script(0)) // from here on, 30% throttled

			put, err := awsretry.WrapOp(db.PutItem, append(tt.opts, func(o *awsretry.Options) {
				o.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
			})...)
			require.NoError(t, err)
			lost := 0
			for i := range writes {
				_, err := put(ctx, &dynamodb.PutItemInput{
					TableName: table,
					Item:      map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: fmt.Sprintf("job-%03d", i)}},
				})
				if err != nil {
					require.Equal(t, "ThrottlingException", awsretry.ErrorCode(err), "only throttles are injected")
					lost++
				}
			}
			fp.SetScript(awstest.Always(awstest.Pass))
			out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: table, Select: types.SelectCount})
			require.NoError(t, err)
			assert.EqualValues(t, writes-lost, out.Count, "every write that returned nil is stored, and no other")
			t.Logf("seed %d: %d of %d writes lost; faults %v", seed, lost, writes, faults.Counts())
			tt.wantLost(t, lost)
		})
	}
}

// createTable makes a table with a string hash key pk, ACTIVE at once.
func createTable(t *testing.T, ctx context.Context, db *dynamodb.Client) *string {
	t.Helper()
	name := aws.String("jobs")
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            name,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	require.NoError(t, err)
	return name
}

// noBackoff is an SDK retry backoff that never sleeps.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

// noRateLimit is an SDK retry rate limiter that never runs out.
type noRateLimit struct{}

func (noRateLimit) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noRateLimit) AddTokens(uint) error { return nil }
