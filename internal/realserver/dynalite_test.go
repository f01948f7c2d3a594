package realserver_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// Scenario 1: eventual consistency. dynalite keeps a new table CREATING for
// createTableMs and answers PutItem on it with ResourceNotFoundException; the
// proxy retries until the table is there, and the item is stored once.
func TestDynalitePutItemRetriedWhileTableIsCreating(t *testing.T) {
	const (
		createTableMs = 500
		delay         = 20 * time.Millisecond
		table         = "eventual"
	)
	srv := awstest.StartDynalite(t, createTableMs)
	fp := awstest.NewFaultProxy(t, awstest.JSON10, srv.URL, nil) // counts requests, passes all
	db := awstest.DynamoDB(t, fp.URL)
	ctx := t.Context()

	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:             aws.String(table),
		AttributeDefinitions:  []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:             []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)},
	})
	require.NoError(t, err)

	var log retryLog
	p := mustDecorate(t, db, fastRetries(200, delay), log.option)
	_, err = p.Call("PutItem", ctx, &dynamodb.PutItemInput{
		TableName: aws.String(table),
		Item: map[string]types.AttributeValue{
			"pk":   &types.AttributeValueMemberS{Value: "k1"},
			"data": &types.AttributeValueMemberS{Value: "hello"},
		},
	})
	require.NoError(t, err)

	codes := log.codes()
	attempts := len(codes) + 1
	t.Logf("PutItem succeeded on attempt %d", attempts)
	// Several attempts failed, and none for any other reason. Each retry
	// slept at least delay while the table was CREATING, which bounds them.
	require.GreaterOrEqual(t, attempts, 3, "retry codes: %v", codes)
	require.LessOrEqual(t, attempts, createTableMs/int(delay/time.Millisecond)+2)
	for _, c := range codes {
		require.Equal(t, "ResourceNotFoundException", c)
	}
	// Each attempt was one HTTP request, and only the last one succeeded.
	puts := requestsFor(fp, "PutItem")
	require.Len(t, puts, attempts)
	for i, r := range puts {
		want := 400
		if i == len(puts)-1 {
			want = 200
		}
		require.Equal(t, want, r.Status, "PutItem request %d", i+1)
	}

	// Read it back: exactly one item, the one written.
	out, err := awsretry.Invoke[*dynamodb.ScanOutput](p, "Scan", ctx,
		&dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	require.NoError(t, err)
	require.EqualValues(t, 1, out.Count)
	require.Equal(t, &types.AttributeValueMemberS{Value: "hello"}, out.Items[0]["data"])
}
