package awsjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// FuzzDecode feeds Decode any bytes for five input types and checks that it
// never panics; that every error is an *awsjson.Error wrapping a sentinel,
// small whatever the input, and, for data that is not JSON, says invalid
// JSON; that what decodes encodes to JSON that decodes to the same encoding,
// with no U+FFFD that data did not hold; and that DecodeMap of the same
// JSON, parsed by encoding/json, decodes to the same encoding too. Seeds
// for the defects found so far are in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"ImageId":"ami-1","MinCount":1,"MaxCount":1,"TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"k","Value":"v"}]}]}`,
		`{"Filters":[{"Name":"tag:k","Values":["v"]}],"MaxResults":5,"maxResults":6}`,
		`{"TableName":"t","Item":{"k":{"S":"a"},"l":{"L":[{"N":"1"},{"M":{"x":{"B":"AAE="}}}]},"n":{"NULL":true}}}`,
		`{"Bucket":"b","Key":"k","Body":"text","Expires":1700000000,"Metadata":{"a":"b"}}`,
		`{"StartTime":"2024-03-01T12:30:15","EndTime":"2024-03-01","MaxResults":2147483648}`,
		`{"PublicKeyMaterial":"dGVzdA==","KeyName":"\u00e9\ud800"}`,
		`{"Item":{"k":{}}}`, `[]`, `{"a":`, `{"Filter":1}`, `{"DryRun":tru}`, ``, `{} x`,
		`{"MaxCount":5.0,"MinCount":-0,"SecurityGroupIds":[null]}`, `{"Item":{"pk":null,"l":{"L":[null]}}}`,
		`{"StartTime":253402300800}`, "{\"KeyName\":\"\xff\"}", `{"MaxCount":xyz}`, `null`, `"{}"`,
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
			if len(err.Error()) > maxError {
				t.Fatalf("an error of %d bytes: %.200s", len(err.Error()), err)
			}
			if msg := err.Error(); !json.Valid(data) && !strings.Contains(msg, "invalid JSON at offset") && !strings.Contains(msg, "nested deeper") {
				t.Fatalf("data that is not JSON gave %v", err)
			}
			return
		}
		first, err := awsjson.Encode(in, opts...)
		if err != nil {
			t.Fatalf("Encode of a decoded input: %v", err)
		}
		if bytes.Contains(first, []byte(`\ufffd`)) && !bytes.Contains(data, []byte("\uFFFD")) && !bytes.Contains(bytes.ToLower(data), []byte(`\ufffd`)) {
			t.Fatalf("a U+FFFD that the input did not hold: %s", first)
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
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // the numbers' own text, as DecodeMap's doc allows
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("encoding/json rejects what Decode took: %v", err)
		}
		fromMap := mk()
		if err := awsjson.DecodeMap(m, fromMap, opts...); err != nil {
			t.Fatalf("DecodeMap of what Decode took: %v", err)
		}
		third, err := awsjson.Encode(fromMap, opts...)
		if err != nil || !bytes.Equal(first, third) {
			t.Fatalf("DecodeMap gave another input (%v):\n%s\n%s", err, first, third)
		}
	})
}

// maxError bounds an error's message: a path of 12 steps of at most 64
// bytes, a key and a reason.
const maxError = 2048
