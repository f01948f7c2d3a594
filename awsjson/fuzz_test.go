package awsjson_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// FuzzDecode feeds Decode any bytes for four input types and checks that it
// never panics, that every error is an *awsjson.Error wrapping a sentinel,
// and that what decodes encodes to JSON that decodes to the same encoding.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"ImageId":"ami-1","MinCount":1,"MaxCount":1,"TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"k","Value":"v"}]}]}`,
		`{"Filters":[{"Name":"tag:k","Values":["v"]}],"MaxResults":5,"maxResults":6}`,
		`{"TableName":"t","Item":{"k":{"S":"a"},"l":{"L":[{"N":"1"},{"M":{"x":{"B":"AAE="}}}]},"n":{"NULL":true}}}`,
		`{"Bucket":"b","Key":"k","Body":"text","Expires":1700000000,"Metadata":{"a":"b"}}`,
		`{"StartTime":"2024-03-01T12:30:15","EndTime":"2024-03-01","MaxResults":2147483648}`,
		`{"PublicKeyMaterial":"dGVzdA==","KeyName":"\u00e9\ud800"}`,
		`{"Item":{"k":{}}}`, `[]`, `{"a":`, `{"Filter":1}`, `{"DryRun":tru}`, ``, `{} x`,
	} {
		f.Add([]byte(seed), uint8(0))
		f.Add([]byte(seed), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		newIn := []func() any{
			func() any { return &ec2.RunInstancesInput{} },
			func() any { return &ec2.DescribeSpotPriceHistoryInput{} },
			func() any { return &dynamodb.PutItemInput{} },
			func() any { return &s3.PutObjectInput{} },
			func() any { return &ec2.ImportKeyPairInput{} },
		}
		mk := newIn[int(pick)%len(newIn)]
		opts := []awsjson.Option{
			awsjson.UnionsFrom(&dynamodb.Client{}), awsjson.OpenStream(awsjson.TextStreams),
			awsjson.SaveStream(func(_ string, r io.Reader) error { _, err := io.Copy(io.Discard, r); return err }),
		}
		if pick&0x80 != 0 {
			opts = append(opts, awsjson.Blobs(awsjson.Raw))
		}
		in := mk()
		err := awsjson.Decode(data, in, opts...)
		if err != nil {
			var ae *awsjson.Error
			if !errors.As(err, &ae) || !errors.Is(err, awsretry.ErrInvalidArguments) {
				t.Fatalf("error %v is not an *awsjson.Error wrapping ErrInvalidArguments", err)
			}
			return
		}
		first, err := awsjson.Encode(in, opts...)
		if err != nil {
			t.Fatalf("Encode of a decoded input: %v", err)
		}
		again := mk()
		if err := awsjson.Decode(first, again, opts...); err != nil {
			t.Fatalf("Decode of %s: %v", first, err)
		}
		second, err := awsjson.Encode(again, opts...)
		if err != nil {
			t.Fatalf("second Encode: %v", err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("encoding is not stable:\n%s\n%s", first, second)
		}
	})
}
