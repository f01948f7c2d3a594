package awsjson_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// secret is a value that no error may repeat.
const secret = "s3cr3t-Value"

// camelInput is shaped like ECS's inputs, whose API members are camelCase
// ("cluster", "nextToken") while the Go fields are capitalized, and which
// have a schema, as the current SDK generates it.
type camelInput struct {
	Cluster   *string
	NextToken *string
}

var camelSchema = func() *smithy.Schema {
	s := smithy.NewSchema(smithy.ShapeID{Namespace: "test", Name: "CamelInput"}, smithy.ShapeTypeStructure, 2)
	str := smithy.NewSchema(smithy.ShapeID{Namespace: "smithy.api", Name: "String"}, smithy.ShapeTypeString, 0)
	s.AddMember("cluster", str)
	s.AddMember("nextToken", str)
	return s
}()

func (v *camelInput) Serialize(s smithy.ShapeSerializer) {
	s.WriteStruct(camelSchema)
	if v.Cluster != nil {
		s.WriteString(camelSchema.Member("cluster"), *v.Cluster)
	}
	if v.NextToken != nil {
		s.WriteString(camelSchema.Member("nextToken"), *v.NextToken)
	}
	s.CloseStruct()
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   any
		json string
		opts []awsjson.Option
		want []string // substrings of the message
		sent error    // the sentinel; ErrInvalidArguments when nil
	}{
		{"unknown key names the closest member", &ec2.DescribeInstancesInput{}, `{"Filter":[{"Name":"` + secret + `"}]}`, nil,
			[]string{`"Filter" at /: did you mean "Filters"?`}, nil},
		{"unknown key deep down", &ec2.DescribeInstancesInput{}, `{"Filters":[{"Name":"n","Value":["` + secret + `"]}]}`, nil,
			[]string{`"Value" at /Filters/0: did you mean "Values"?`}, nil},
		{"unknown key far from any member", &ec2.DescribeInstancesInput{}, `{"Zzzzzzzzzz":1}`, nil,
			[]string{`"Zzzzzzzzzz" at /: no such member in ec2.DescribeInstancesInput`}, nil},
		{"case looser than the first letter", &ec2.DescribeInstancesInput{}, `{"maxresults":5}`, nil,
			[]string{`"maxresults" at /`, `did you mean "MaxResults"`}, nil},
		{"two keys for one member", &ec2.DescribeInstancesInput{}, `{"MaxResults":5,"maxResults":1000}`, nil,
			[]string{`"maxResults" at /: a second key for member MaxResults`}, nil},
		{"one key twice", &ec2.DescribeInstancesInput{}, `{"MaxResults":5,"MaxResults":1000}`, nil,
			[]string{`"MaxResults" at /: a second key`}, nil},
		{"one map key twice", &dynamodb.PutItemInput{}, `{"Item":{"k":{"S":"a"},"k":{"S":"` + secret + `"}}}`, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})},
			[]string{`"k" at /Item: the key appears twice`}, nil},
		{"wrong type names both", &ec2.DescribeInstancesInput{}, `{"MaxResults":"` + secret + `"}`, nil,
			[]string{"at /MaxResults: got a JSON string, want a number (int32)"}, nil},
		{"array for a string", &ec2.DescribeInstancesInput{}, `{"NextToken":["` + secret + `"]}`, nil,
			[]string{"at /NextToken: got a JSON array, want a string (string)"}, nil},
		{"object for a list", &ec2.DescribeInstancesInput{}, `{"InstanceIds":{"a":"` + secret + `"}}`, nil,
			[]string{"at /InstanceIds: got a JSON object, want an array ([]string)"}, nil},
		{"string for a bool", &ec2.DescribeInstancesInput{}, `{"DryRun":"true"}`, nil,
			[]string{"at /DryRun: got a JSON string, want a boolean (bool)"}, nil},
		{"int32 overflow", &ec2.DescribeInstancesInput{}, `{"MaxResults":2147483648}`, nil,
			[]string{"at /MaxResults: the number overflows int32"}, nil},
		{"int32 underflow", &ec2.DescribeInstancesInput{}, `{"MaxResults":-2147483649}`, nil,
			[]string{"overflows int32"}, nil},
		{"fraction for an integer", &ec2.DescribeInstancesInput{}, `{"MaxResults":5.5}`, nil,
			[]string{"want a whole number for int32"}, nil},
		{"not an object", &ec2.DescribeInstancesInput{}, `["` + secret + `"]`, nil,
			[]string{"the input must be a JSON object"}, nil},
		{"trailing data", &ec2.DescribeInstancesInput{}, `{} {"` + secret + `":1}`, nil,
			[]string{"data after the top-level value"}, nil},
		{"truncated", &ec2.DescribeInstancesInput{}, `{"Filters":[{"Name":"` + secret, nil,
			[]string{"unterminated string"}, nil},
		{"bad literal", &ec2.DescribeInstancesInput{}, `{"DryRun":tru}`, nil,
			[]string{"invalid literal"}, nil},
		{"bad number", &ec2.DescribeInstancesInput{}, `{"MaxResults":01}`, nil,
			[]string{"invalid JSON at offset 15"}, nil},
		{"bad timestamp", &ec2.DescribeSpotPriceHistoryInput{}, `{"StartTime":"` + secret + `"}`, nil,
			[]string{"at /StartTime: want a timestamp"}, nil},
		{"bad base64", &ec2.ImportKeyPairInput{}, `{"PublicKeyMaterial":"` + secret + `!"}`, nil,
			[]string{"at /PublicKeyMaterial: want base64 text", "awsjson.Raw"}, nil},
		{"union with an unknown tag", &dynamodb.PutItemInput{}, `{"Item":{"k":{"Q":"` + secret + `"}}}`, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})},
			[]string{`"Q" at /Item/k: no such member in types.AttributeValue`}, nil},
		{"union with a near tag", &dynamodb.PutItemInput{}, `{"Item":{"k":{"SSS":["` + secret + `"]}}}`, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})},
			[]string{`"SSS" at /Item/k: did you mean "SS"?`}, nil},
		{"union with two members", &dynamodb.PutItemInput{}, `{"Item":{"k":{"S":"a","N":"1"}}}`, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})},
			[]string{`"N" at /Item/k: a second member for union types.AttributeValue`}, nil},
		{"union with none", &dynamodb.PutItemInput{}, `{"Item":{"k":{}}}`, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})},
			[]string{"at /Item/k: union types.AttributeValue needs one member, one of B, BOOL, BS, L, M, N, NS, NULL, S, SS"}, nil},
		{"stream with no hook", &s3.PutObjectInput{}, `{"Body":"` + secret + `"}`, nil,
			[]string{"at /Body: a streaming member", "awsjson.OpenStream"}, awsretry.ErrInvalidOptions},
		{"stream hook fails", &s3.PutObjectInput{}, `{"Body":"` + secret + `"}`,
			[]awsjson.Option{awsjson.OpenStream(func(_, v string) (io.Reader, error) { return nil, errors.New("open " + v + ": no such file") })},
			[]string{"at /Body: the OpenStream hook failed"}, nil},
		{"nil option", &ec2.DescribeInstancesInput{}, `{}`, []awsjson.Option{nil},
			[]string{"option 0 is nil"}, awsretry.ErrInvalidOptions},
		{"bad blob mode", &ec2.DescribeInstancesInput{}, `{}`, []awsjson.Option{awsjson.Blobs(7)},
			[]string{"blob mode 7"}, awsretry.ErrInvalidOptions},
		{"input not a pointer", ec2.DescribeInstancesInput{}, `{}`, nil,
			[]string{"non-nil pointer to an SDK input struct, not ec2.DescribeInstancesInput"}, nil},
		{"input nil", nil, `{}`, nil, []string{"not nil"}, nil},
		{"input a typed nil", (*ec2.DescribeInstancesInput)(nil), `{}`, nil, []string{"not *ec2.DescribeInstancesInput"}, nil},
		{"too deep", &dynamodb.PutItemInput{}, `{"Item":{"k":` + strings.Repeat(`{"L":[`, 300) + strings.Repeat(`]}`, 300) + `}}`, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})},
			[]string{"nested deeper than 512 levels"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == nil {
				return // a placeholder row
			}
			err := awsjson.Decode([]byte(tt.json), tt.in, tt.opts...)
			require.Error(t, err)
			sent := tt.sent
			if sent == nil {
				sent = awsretry.ErrInvalidArguments
			}
			require.ErrorIs(t, err, sent)
			var ae *awsjson.Error
			require.ErrorAs(t, err, &ae)
			for _, s := range tt.want {
				require.Contains(t, err.Error(), s)
			}
			require.NotContains(t, err.Error(), secret, "an error repeats an input value")
		})
	}
}

// TestCamelCaseMembers checks that a key may be the member name with its
// first letter's case changed, and nothing looser.
func TestCamelCaseMembers(t *testing.T) {
	tests := []struct {
		json    string
		wantErr bool
	}{
		{`{"cluster":"c","nextToken":"t"}`, false},
		{`{"Cluster":"c","NextToken":"t"}`, false},
		{`{"CLUSTER":"c"}`, true},
		{`{"nexttoken":"t"}`, true},
		{`{"next_token":"t"}`, true},
		{`{"cluster":"c","Cluster":"d"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var in camelInput
			err := awsjson.Decode([]byte(tt.json), &in)
			if tt.wantErr {
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
				return
			}
			require.NoError(t, err)
			require.Equal(t, camelInput{Cluster: aws.String("c"), NextToken: aws.String("t")}, in)
			out, err := awsjson.Encode(&in)
			require.NoError(t, err)
			require.Equal(t, `{"cluster":"c","nextToken":"t"}`, string(out), "Encode writes the model's names")
		})
	}
	err := awsjson.Decode([]byte(`{"clustr":"c"}`), &camelInput{})
	require.ErrorContains(t, err, `"clustr" at /: did you mean "cluster"?`)
	err = awsjson.Decode([]byte(`{"Cluster":"c","cluster":"d"}`), &camelInput{})
	require.ErrorContains(t, err, `"cluster" at /: a second key for member cluster`)
}

func TestDecodeTimestamps(t *testing.T) {
	want := time.Date(2024, 3, 1, 12, 30, 15, 0, time.UTC)
	tests := []struct {
		json string
		want time.Time
	}{
		{`"2024-03-01T12:30:15Z"`, want},
		{`"2024-03-01T14:30:15+02:00"`, want},
		{`"2024-03-01T12:30:15.5Z"`, want.Add(500 * time.Millisecond)},
		{`"2024-03-01T12:30:15"`, want},
		{`"2024-03-01 12:30:15"`, want},
		{`"2024-03-01T12:30"`, want.Add(-15 * time.Second)},
		{`"2024-03-01"`, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{`1709296215`, want},
		{`1709296215.25`, want.Add(250 * time.Millisecond)},
		{`"1709296215"`, want},
		{`0`, time.Unix(0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var in ec2.DescribeSpotPriceHistoryInput
			require.NoError(t, awsjson.Decode([]byte(`{"StartTime":`+tt.json+`}`), &in))
			require.True(t, tt.want.Equal(*in.StartTime), "got %v, want %v", *in.StartTime, tt.want)
		})
	}
}

func TestDecodeBlobs(t *testing.T) {
	tests := []struct {
		name string
		json string
		opts []awsjson.Option
		want string
	}{
		{"base64 by default", `"dGVzdA=="`, nil, "test"},
		{"raw as boto3", `"test"`, []awsjson.Option{awsjson.Blobs(awsjson.Raw)}, "test"},
		{"raw keeps escapes' text", `"a\u00e9\n"`, []awsjson.Option{awsjson.Blobs(awsjson.Raw)}, "aé\n"},
		{"base64 explicitly", `"AAEC"`, []awsjson.Option{awsjson.Blobs(awsjson.Base64)}, "\x00\x01\x02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in ec2.ImportKeyPairInput
			require.NoError(t, awsjson.Decode([]byte(`{"PublicKeyMaterial":`+tt.json+`}`), &in, tt.opts...))
			require.Equal(t, tt.want, string(in.PublicKeyMaterial))
		})
	}
}

// TestDecodeShapes decodes every kind of member and checks the struct.
func TestDecodeShapes(t *testing.T) {
	t.Run("EC2 lists, structures, enums and nulls", func(t *testing.T) {
		var in ec2.RunInstancesInput
		require.NoError(t, awsjson.Decode([]byte(`{
			"ImageId": "ami-1", "MinCount": 1, "MaxCount": 2, "InstanceType": "t3.micro",
			"TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "k", "Value": "v"}]}],
			"KeyName": null, "DryRun": false, "UserData": "IyEvYmluL3No"}`), &in))
		require.Equal(t, ec2.RunInstancesInput{
			ImageId: aws.String("ami-1"), MinCount: aws.Int32(1), MaxCount: aws.Int32(2), InstanceType: types.InstanceTypeT3Micro,
			TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeInstance, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}},
			DryRun:            aws.Bool(false), UserData: aws.String("IyEvYmluL3No"),
		}, in)
	})
	t.Run("DynamoDB unions, found through Deserialize", func(t *testing.T) {
		var in dynamodb.PutItemInput
		require.NoError(t, awsjson.Decode([]byte(`{"TableName":"t","Item":{
			"s":{"S":"a"},"n":{"N":"1.5"},"b":{"B":"AAE="},"t":{"BOOL":true},"z":{"NULL":true},
			"ss":{"SS":["x","y"]},"ns":{"NS":["1"]},"bs":{"BS":["AA=="]},
			"l":{"L":[{"S":"in"},{"M":{"deep":{"N":"2"}}}]}}}`), &in, awsjson.UnionsFrom(&dynamodb.Client{})))
		require.Equal(t, map[string]ddb.AttributeValue{
			"s": &ddb.AttributeValueMemberS{Value: "a"}, "n": &ddb.AttributeValueMemberN{Value: "1.5"},
			"b": &ddb.AttributeValueMemberB{Value: []byte{0, 1}}, "t": &ddb.AttributeValueMemberBOOL{Value: true},
			"z": &ddb.AttributeValueMemberNULL{Value: true}, "ss": &ddb.AttributeValueMemberSS{Value: []string{"x", "y"}},
			"ns": &ddb.AttributeValueMemberNS{Value: []string{"1"}}, "bs": &ddb.AttributeValueMemberBS{Value: [][]byte{{0}}},
			"l": &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{
				&ddb.AttributeValueMemberS{Value: "in"},
				&ddb.AttributeValueMemberM{Value: map[string]ddb.AttributeValue{"deep": &ddb.AttributeValueMemberN{Value: "2"}}},
			}},
		}, in.Item)
	})
	t.Run("a stream through the hook", func(t *testing.T) {
		var paths []string
		open := awsjson.OpenStream(func(path, v string) (io.Reader, error) {
			paths = append(paths, path)
			return strings.NewReader("content of " + v), nil
		})
		var in s3.PutObjectInput
		require.NoError(t, awsjson.Decode([]byte(`{"Bucket":"b","Key":"k","Body":"file.txt"}`), &in, open))
		body, err := io.ReadAll(in.Body)
		require.NoError(t, err)
		require.Equal(t, "content of file.txt", string(body))
		require.Equal(t, []string{"/Body"}, paths)

		require.NoError(t, awsjson.Decode([]byte(`{"Body":"hello"}`), &in, awsjson.OpenStream(awsjson.TextStreams)))
		body, _ = io.ReadAll(in.Body)
		require.Equal(t, "hello", string(body))
	})
	t.Run("DecodeMap", func(t *testing.T) {
		var in ec2.DescribeInstancesInput
		require.NoError(t, awsjson.DecodeMap(map[string]any{
			"Filters":    []any{map[string]any{"Name": "tag:k", "Values": []string{"v"}}},
			"MaxResults": 5,
		}, &in))
		require.Equal(t, ec2.DescribeInstancesInput{
			Filters:    []types.Filter{{Name: aws.String("tag:k"), Values: []string{"v"}}},
			MaxResults: aws.Int32(5),
		}, in)
		err := awsjson.DecodeMap(map[string]any{"Filter": []any{}}, &in)
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
		require.Contains(t, err.Error(), `did you mean "Filters"`)
		err = awsjson.DecodeMap(map[string]any{"MaxResults": make(chan int)}, &in)
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
		require.Contains(t, err.Error(), "chan int")
	})
}

// TestRegisterUnion checks the registry: a union decodes once its members
// are registered, and bad registrations panic.
func TestRegisterUnion(t *testing.T) {
	var never struct{ V interface{ isNever() } } // never registered
	err := awsjson.Decode([]byte(`{"V":{"Text":"a"}}`), &never)
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	require.Contains(t, err.Error(), "at /V: the members of union interface { awsjson_test.isNever() } are unknown: register them with awsjson.RegisterUnion")

	var in unionHolder

	awsjson.RegisterUnion[shape](&shapeMemberText{})
	awsjson.RegisterUnion[shape](&shapeMemberSize{}) // adds, keeps Text
	require.NoError(t, awsjson.Decode([]byte(`{"V":{"Text":"a"},"L":[{"Size":3}]}`), &in))
	require.Equal(t, unionHolder{V: &shapeMemberText{Value: "a"}, L: []shape{&shapeMemberSize{Value: 3}}}, in)
	out, err := awsjson.Encode(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"V":{"Text":"a"},"L":[{"Size":3}]}`, string(out))

	for name, fn := range map[string]func(){
		"not an interface": func() { awsjson.RegisterUnion[shapeMemberText]() },
		"nil member":       func() { awsjson.RegisterUnion[shape](nil) },
		"no Member":        func() { awsjson.RegisterUnion[shape](&plainShape{}) },
	} {
		require.Panics(t, fn, name)
	}
}

type shape interface{ isShape() }
type shapeMemberText struct{ Value string }
type shapeMemberSize struct{ Value int32 }
type plainShape struct{ Value int32 }

func (*shapeMemberText) isShape() {}
func (*shapeMemberSize) isShape() {}
func (*plainShape) isShape()      {}

type unionHolder struct {
	V shape
	L []shape
}

// TestDecodeNulls: a null structure member is left out, anywhere; a null
// in a list, as a map's value or as a union's member is an error at its
// path, since the SDK would send it malformed ({"pk":}), as "" or not at
// all. A document takes null as a value. DecodeMap follows the same rules.
func TestDecodeNulls(t *testing.T) {
	awsjson.RegisterDocument(newLazyDoc)
	unions := awsjson.UnionsFrom(&dynamodb.Client{})
	ec2In := func() any { return &ec2.DescribeInstancesInput{} }
	putIn := func() any { return &dynamodb.PutItemInput{} }
	bad := []struct {
		json string
		in   func() any
		path string
	}{
		{`{"TableName":"t","Item":{"pk":null}}`, putIn, "/Item/pk"},
		{`{"Item":{"m":{"M":{"x":null}}}}`, putIn, "/Item/m/M/x"},
		{`{"Item":{"l":{"L":[null,{"S":"b"}]}}}`, putIn, "/Item/l/L/0"},
		{`{"Item":{"l":{"L":[{"NULL":true},null]}}}`, putIn, "/Item/l/L/1"},
		{`{"Item":{"s":{"SS":[null]}}}`, putIn, "/Item/s/SS/0"},
		{`{"Item":{"b":{"BS":["AA==",null]}}}`, putIn, "/Item/b/BS/1"},
		{`{"Item":{"s":{"S":null}}}`, putIn, "/Item/s/S"},
		{`{"Item":{"s":{"NULL":null}}}`, putIn, "/Item/s/NULL"},
		{`{"Item":{"s":{"M":null}}}`, putIn, "/Item/s/M"},
		{`{"Key":{"pk":null}}`, func() any { return &dynamodb.GetItemInput{} }, "/Key/pk"},
		{`{"InstanceIds":[null,"i-1"]}`, ec2In, "/InstanceIds/0"},
		{`{"Filters":[null]}`, ec2In, "/Filters/0"},
		{`{"Filters":[{"Name":"n","Values":["a",null]}]}`, ec2In, "/Filters/0/Values/1"},
		{`{"TagSpecifications":[{"Tags":[null]}]}`, func() any { return &ec2.RunInstancesInput{} }, "/TagSpecifications/0/Tags/0"},
		{`{"Metadata":{"a":null}}`, func() any { return &s3.PutObjectInput{} }, "/Metadata/a"},
	}
	for _, tt := range bad {
		t.Run(tt.json, func(t *testing.T) {
			err := awsjson.Decode([]byte(tt.json), tt.in(), unions)
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
			require.ErrorContains(t, err, "at "+tt.path+": got a JSON null, want ")
			require.ErrorContains(t, err, "only a structure member may be null")
		})
	}
	t.Run("a null member is left out", func(t *testing.T) {
		var in ec2.DescribeInstancesInput
		require.NoError(t, awsjson.Decode([]byte(`{"InstanceIds":null,"Filters":[{"Name":null,"Values":null}],"MaxResults":null,"DryRun":null,"NextToken":null}`), &in))
		require.Equal(t, ec2.DescribeInstancesInput{Filters: []types.Filter{{}}}, in)
	})
	t.Run("a document takes null", func(t *testing.T) {
		var in docInput
		require.NoError(t, awsjson.Decode([]byte(`{"Config":{"a":null,"b":[null,1]}}`), &in))
		out, err := awsjson.Encode(&in)
		require.NoError(t, err)
		require.JSONEq(t, `{"Config":{"a":null,"b":[null,1]}}`, string(out))
	})
	t.Run("DecodeMap", func(t *testing.T) {
		for name, m := range map[string]map[string]any{
			"/InstanceIds/0": {"InstanceIds": []any{nil, "i-1"}},
			"/InstanceIds/1": {"InstanceIds": []*string{aws.String("i-1"), nil}},
			"/Filters/0":     {"Filters": []any{nil}},
		} {
			err := awsjson.DecodeMap(m, &ec2.DescribeInstancesInput{})
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments, name)
			require.ErrorContains(t, err, "at "+name+": got a JSON null")
		}
		err := awsjson.DecodeMap(map[string]any{"Item": map[string]any{"pk": nil}}, &dynamodb.PutItemInput{}, unions)
		require.ErrorContains(t, err, "at /Item/pk: got a JSON null")
		var in ec2.DescribeInstancesInput
		require.NoError(t, awsjson.DecodeMap(map[string]any{"InstanceIds": nil, "Filters": []any(nil), "NextToken": (*string)(nil)}, &in))
		require.Equal(t, ec2.DescribeInstancesInput{}, in)
	})
}

// nested returns a map nested n deep: {"a":{"a":...{"a":"x"}}}.
func nested(n int) map[string]any {
	m := map[string]any{"a": "x"}
	for range n - 1 {
		m = map[string]any{"a": m}
	}
	return m
}

// TestDecodeMapDepth: DecodeMap applies Decode's limit of 512 levels before
// anything recurses, with the same path as Decode gives for the same JSON,
// and a map nested a million deep is an error, not a stack overflow.
func TestDecodeMapDepth(t *testing.T) {
	var doc docInput
	awsjson.RegisterDocument(newLazyDoc)
	for _, n := range []int{510, 511, 512, 600} {
		m := map[string]any{"Config": nested(n - 1)} // n levels with the top
		data, err := json.Marshal(m)
		require.NoError(t, err)
		want := awsjson.Decode(data, &doc)
		got := awsjson.DecodeMap(m, &doc)
		if n <= 512 {
			require.NoError(t, want, "%d levels", n)
			require.NoError(t, got, "%d levels", n)
			continue
		}
		require.ErrorIs(t, got, awsretry.ErrInvalidArguments)
		require.ErrorContains(t, got, "nested deeper than 512 levels")
		require.Equal(t, want.(*awsjson.Error).Path, got.(*awsjson.Error).Path, "%d levels", n)
	}
	deep := []struct {
		name string
		v    any
		path string
	}{
		{"maps", nested(1_000_000), "/Config/a/a/a/a/a/a/a/…/a/a/a/a"},
		{"lists", func() any {
			var v any = "x"
			for range 1_000_000 {
				v = []any{v}
			}
			return v
		}(), "/Config/0/0/0/0/0/0/0/…/0/0/0/0"},
		{"pointers", func() any {
			var v any = "x"
			for range 1_000_000 {
				p := new(any)
				*p = v
				v = p
			}
			return v
		}(), "/Config"},
		{"a cycle", func() any {
			m := map[string]any{}
			m["a"] = m
			return m
		}(), "/Config/a/a/a/a/a/a/a/…/a/a/a/a"},
		{"structs", func() any {
			type node struct{ Next *node }
			n := &node{}
			for range 1_000_000 {
				n = &node{Next: n}
			}
			return n
		}(), "/Config/Next/Next/Next/Next/Next/Next/Next/…/Next/Next/Next/Next"},
	}
	for _, tt := range deep {
		t.Run(tt.name, func(t *testing.T) {
			err := awsjson.DecodeMap(map[string]any{"Config": tt.v}, &doc)
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
			require.ErrorContains(t, err, "nested deeper than 512 levels")
			require.ErrorContains(t, err, "at "+tt.path+":")
		})
	}
}

// TestDecodeMapUTF8: a Go string or map key that is not UTF-8 is an error
// at its path, where encoding/json would write U+FFFD in its place.
func TestDecodeMapUTF8(t *testing.T) {
	unions := awsjson.UnionsFrom(&dynamodb.Client{})
	tests := []struct {
		m    map[string]any
		in   any
		want string
	}{
		{map[string]any{"NextToken": "a\xffb"}, &ec2.DescribeInstancesInput{}, "at /NextToken: a string is not valid UTF-8"},
		{map[string]any{"InstanceIds": []string{"i-1", "\xed\xa0\x80"}}, &ec2.DescribeInstancesInput{}, "at /InstanceIds/1: a string is not valid UTF-8"},
		{map[string]any{"Item": map[string]any{"k\xff": map[string]any{"S": "a"}}}, &dynamodb.PutItemInput{}, "at /Item: a map key is not valid UTF-8"},
		{map[string]any{"Item": map[string]any{"k": map[string]any{"B": "\xff"}}}, &dynamodb.PutItemInput{}, "at /Item/k/B: a string is not valid UTF-8"},
	}
	for _, tt := range tests {
		err := awsjson.DecodeMap(tt.m, tt.in, unions)
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
		require.ErrorContains(t, err, tt.want)
	}
	var in dynamodb.PutItemInput // a []byte is base64, whatever its bytes
	require.NoError(t, awsjson.DecodeMap(map[string]any{"Item": map[string]any{"k": map[string]any{"B": []byte{0xff}}}}, &in, unions))
	require.Equal(t, []byte{0xff}, in.Item["k"].(*ddb.AttributeValueMemberB).Value)
}
