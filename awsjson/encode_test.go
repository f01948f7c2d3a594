package awsjson_test

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// valueTyped has the value-typed members that some shapes have.
type valueTyped struct {
	Count   int32
	Enabled bool
	Ratio   float64
	State   types.InstanceStateName
	Name    *string
}

// floats are printed as the AWS CLI (Python's json) prints them.
type floats struct{ A, B, C, D, E, F, G, H float64 }

// closeRecorder is a stream that records whether it was closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestEncode(t *testing.T) {
	launch := time.Date(2024, 3, 1, 12, 30, 15, 0, time.FixedZone("x", 3600))
	var md middleware.Metadata
	md.Set("k", "v")
	tests := []struct {
		name string
		out  any
		opts []awsjson.Option
		want string
	}{
		{"leaves out nil, empty enums and ResultMetadata; writes ISO 8601 times",
			&ec2.DescribeInstancesOutput{ResultMetadata: md, Reservations: []types.Reservation{{
				ReservationId: aws.String("r-1"),
				Instances: []types.Instance{{
					InstanceId: aws.String("i-1"), LaunchTime: &launch,
					State: &types.InstanceState{Code: aws.Int32(16), Name: types.InstanceStateNameRunning},
					Tags:  []types.Tag{{Key: aws.String("k"), Value: aws.String("")}},
				}},
			}}},
			nil,
			`{"Reservations":[{"Instances":[{"InstanceId":"i-1","LaunchTime":"2024-03-01T11:30:15+00:00","State":{"Code":16,"Name":"running"},"Tags":[{"Key":"k","Value":""}]}],"ReservationId":"r-1"}]}`},
		{"keeps value-typed zero numbers and bools", valueTyped{}, nil, `{"Count":0,"Enabled":false,"Ratio":0.0}`},
		{"leaves out an unset union", unionHolder{L: []shape{}}, nil, `{"L":[]}`},
		{"keeps empty non-nil lists", &ec2.DescribeInstancesOutput{Reservations: []types.Reservation{}}, nil, `{"Reservations":[]}`},
		{"tags unions and sorts map keys",
			&dynamodb.GetItemOutput{Item: map[string]ddb.AttributeValue{
				"z": &ddb.AttributeValueMemberBOOL{Value: false},
				"a": &ddb.AttributeValueMemberM{Value: map[string]ddb.AttributeValue{"y": &ddb.AttributeValueMemberN{Value: "1"}, "b": &ddb.AttributeValueMemberNULL{Value: true}}},
				"m": &ddb.AttributeValueMemberB{Value: []byte("hi")},
				"u": &ddb.UnknownUnionMember{Tag: "NEW", Value: []byte{1}},
			}},
			nil,
			`{"Item":{"a":{"M":{"b":{"NULL":true},"y":{"N":"1"}}},"m":{"B":"aGk="},"u":{"NEW":"AQ=="},"z":{"BOOL":false}}}`},
		{"raw blobs", &dynamodb.GetItemOutput{Item: map[string]ddb.AttributeValue{"m": &ddb.AttributeValueMemberB{Value: []byte("hi")}}},
			[]awsjson.Option{awsjson.Blobs(awsjson.Raw)}, `{"Item":{"m":{"B":"hi"}}}`},
		{"raw blobs that are not text stay base64", &dynamodb.GetItemOutput{Item: map[string]ddb.AttributeValue{"m": &ddb.AttributeValueMemberB{Value: []byte{0xff}}}},
			[]awsjson.Option{awsjson.Blobs(awsjson.Raw)}, `{"Item":{"m":{"B":"/w=="}}}`},
		{"escapes strings as encoding/json does", valueTyped{Name: aws.String("a\"b\\c\n\x01<é>\u2028\xff")}, nil,
			`{"Count":0,"Enabled":false,"Ratio":0.0,"Name":"a\"b\\c\n\u0001<é>\u2028\ufffd"}`},
		{"floats as Python prints them", floats{1e-7, 0.0001, 0.5, 42, 1e16, 123456789012345.6, -2.5e-5, 0}, nil,
			`{"A":1e-07,"B":0.0001,"C":0.5,"D":42.0,"E":1e+16,"F":123456789012345.6,"G":-2.5e-05,"H":0.0}`},
		{"nil", nil, nil, `null`},
		{"indented", valueTyped{Count: 1}, []awsjson.Option{awsjson.Indent("    ")}, "{\n    \"Count\": 1,\n    \"Enabled\": false,\n    \"Ratio\": 0.0\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := awsjson.Encode(tt.out, tt.opts...)
			require.NoError(t, err)
			require.Equal(t, tt.want, string(got))
			require.True(t, json.Valid(got))
		})
	}
}

func TestEncodeStreams(t *testing.T) {
	t.Run("no hook: an error naming SaveStream, and the body closed", func(t *testing.T) {
		body := &closeRecorder{Reader: strings.NewReader(secret)}
		_, err := awsjson.Encode(&s3.GetObjectOutput{Body: body, ContentLength: aws.Int64(12)})
		require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
		require.Contains(t, err.Error(), "at /Body: a streaming member")
		require.Contains(t, err.Error(), "awsjson.SaveStream")
		require.NotContains(t, err.Error(), secret)
		require.True(t, body.closed)
	})
	t.Run("the hook reads it; it is left out", func(t *testing.T) {
		body := &closeRecorder{Reader: strings.NewReader("data")}
		var got, path string
		out, err := awsjson.Encode(&s3.GetObjectOutput{Body: body, ContentLength: aws.Int64(4)}, awsjson.SaveStream(func(p string, r io.Reader) error {
			b, err := io.ReadAll(r)
			got, path = string(b), p
			return err
		}))
		require.NoError(t, err)
		require.Equal(t, `{"ContentLength":4}`, string(out))
		require.Equal(t, "data", got)
		require.Equal(t, "/Body", path)
		require.True(t, body.closed)
	})
	t.Run("the hook fails", func(t *testing.T) {
		boom := errors.New("disk full")
		_, err := awsjson.Encode(&s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader("x"))}, awsjson.SaveStream(func(string, io.Reader) error { return boom }))
		require.ErrorIs(t, err, boom)
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	})
}

func TestEncodeErrors(t *testing.T) {
	_, err := awsjson.Encode(valueTyped{Ratio: math.NaN()})
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	require.Contains(t, err.Error(), "at /Ratio: a NaN")
	_, err = awsjson.Encode(map[int]string{1: "a"})
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	type node struct{ Next *node }
	loop := &node{}
	loop.Next = loop
	_, err = awsjson.Encode(loop)
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	require.Contains(t, err.Error(), "nested deeper than 512 levels")
	_, err = awsjson.Encode(valueTyped{}, nil)
	require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
}

// TestRoundTrip decodes what Encode wrote and gets the same value back.
func TestRoundTrip(t *testing.T) {
	start := time.Date(2024, 3, 1, 12, 30, 15, 123456000, time.UTC)
	in := &ec2.DescribeSpotPriceHistoryInput{
		StartTime: &start, InstanceTypes: []types.InstanceType{types.InstanceTypeT3Micro},
		Filters: []types.Filter{{Name: aws.String("n"), Values: []string{"a", "b"}}}, MaxResults: aws.Int32(0),
	}
	data, err := awsjson.Encode(in)
	require.NoError(t, err)
	var back ec2.DescribeSpotPriceHistoryInput
	require.NoError(t, awsjson.Decode(data, &back))
	require.Equal(t, in, &back)
}
