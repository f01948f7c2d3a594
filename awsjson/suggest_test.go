package awsjson_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// TestLongNames checks that a long unknown or repeated name, in a key, a
// union tag, a map key on the path or an operation, gives a small error that
// shows a prefix and the length, and that a near name still gets its hint.
// The hint's cost is measured by BenchmarkErrorCost, not asserted here.
func TestLongNames(t *testing.T) {
	mb := strings.Repeat("Q", 1<<20)
	prefix := strings.Repeat("Q", 64) + "…"
	unions := []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})}
	tests := []struct {
		name string
		in   any
		json string
		opts []awsjson.Option
		want []string
	}{
		{"unknown member", &ec2.RunInstancesInput{}, `{"MinCount":1,"` + mb + `":1}`, nil,
			[]string{`"` + prefix + `" (1048576 bytes) at /: no such member in ec2.RunInstancesInput`}},
		{"unknown member deep down", &ec2.RunInstancesInput{}, `{"TagSpecifications":[{"Tags":[{"` + mb + `":"v"}]}]}`, nil,
			[]string{`(1048576 bytes) at /TagSpecifications/0/Tags/0: no such member in types.Tag`}},
		{"unknown union tag", &dynamodb.PutItemInput{}, `{"Item":{"k":{"` + mb + `":"x"}}}`, unions,
			[]string{`(1048576 bytes) at /Item/k: no such member in types.AttributeValue`}},
		{"a long map key on the path", &dynamodb.PutItemInput{}, `{"Item":{"` + mb + `":{"Q":"x"}}}`, unions,
			[]string{`"Q" at /Item/` + prefix + `: no such member`}},
		{"a long map key twice", &dynamodb.PutItemInput{}, `{"Item":{"` + mb + `":{"S":"a"},"` + mb + `":{"S":"b"}}}`, unions,
			[]string{`(1048576 bytes) at /Item: the key appears twice`}},
		{"65 bytes are cut", &ec2.RunInstancesInput{}, `{"` + strings.Repeat("Q", 65) + `":1}`, nil,
			[]string{`"` + prefix + `" (65 bytes) at /`}},
		{"64 bytes are not", &ec2.RunInstancesInput{}, `{"` + strings.Repeat("Q", 64) + `":1}`, nil,
			[]string{`"` + strings.Repeat("Q", 64) + `" at /`}},
		{"a near name keeps its hint", &ec2.RunInstancesInput{}, `{"TagSpecification":[]}`, nil,
			[]string{`did you mean "TagSpecifications"?`}},
		{"a deep path shows its ends", &dynamodb.PutItemInput{}, `{"Item":{"k":` + strings.Repeat(`{"L":[`, 100) + `{"Q":1}` + strings.Repeat(`]}`, 100) + `}}`, unions,
			[]string{`"Q" at /Item/k/L/0/L/0/L/0/…/L/0/L/0: no such member`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := awsjson.Decode([]byte(tt.json), tt.in, tt.opts...)
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
			for _, s := range tt.want {
				require.Contains(t, err.Error(), s)
			}
			require.Less(t, len(err.Error()), 400, "the error repeats a long name")
			var ae *awsjson.Error
			require.ErrorAs(t, err, &ae)
			require.LessOrEqual(t, len(ae.Key), 64+len("…"), "Error.Key holds a long name")
		})
	}
	t.Run("DecodeMap", func(t *testing.T) {
		err := awsjson.DecodeMap(map[string]any{mb: 1}, &ec2.RunInstancesInput{})
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
		require.Contains(t, err.Error(), `(1048576 bytes) at /: no such member`)
		require.Less(t, len(err.Error()), 400)
	})
	t.Run("Call with a long operation", func(t *testing.T) {
		p := awsretry.MustDecorate(&ec2.Client{})
		_, err := awsjson.Call(t.Context(), p, strings.Repeat("q", 100<<10), []byte(`{}`))
		require.ErrorIs(t, err, awsretry.ErrUnknownMethod)
		require.Contains(t, err.Error(), `(102400 bytes)`)
		require.Less(t, len(err.Error()), 400)
	})
}
