package awsjson_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// badTokens are not JSON values, or begin like one and break off. None of
// them may be reported as a value of some type.
var badTokens = []string{
	`xyz`, `NaN`, `Infinity`, `-Infinity`, `+1`, `.5`, `-`, `--1`, `1.`, `1e`, `1e+`, `0x10`, `01`, `-01`,
	`tru`, `nul`, `falsey`, `'x'`, `"abc`, `"a\x"`, `"a\u12"`, `[1,]`, `[,1]`, `[1 2]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`,
	`}`, `,`, `:`, ``,
}

// syntaxMembers are members of every kind, each with its input type, the
// options it needs, and its JSON path.
var syntaxMembers = []struct {
	key  string
	in   func() any
	opts []awsjson.Option
}{
	{"MaxResults", func() any { return &ec2.DescribeInstancesInput{} }, nil},
	{"NextToken", func() any { return &ec2.DescribeInstancesInput{} }, nil},
	{"DryRun", func() any { return &ec2.DescribeInstancesInput{} }, nil},
	{"InstanceIds", func() any { return &ec2.DescribeInstancesInput{} }, nil},
	{"Filters", func() any { return &ec2.DescribeInstancesInput{} }, nil},
	{"StartTime", func() any { return &ec2.DescribeSpotPriceHistoryInput{} }, nil},
	{"PublicKeyMaterial", func() any { return &ec2.ImportKeyPairInput{} }, nil},
	{"Item", func() any { return &dynamodb.PutItemInput{} }, []awsjson.Option{awsjson.UnionsFrom(&dynamodb.Client{})}},
	{"Body", func() any { return &s3.PutObjectInput{} }, []awsjson.Option{awsjson.OpenStream(awsjson.TextStreams)}},
	{"Config", func() any { return &docInput{} }, nil},
}

// TestDecodeSyntaxErrors puts each bad token at each kind of member, in an
// element of a list, in a union and in a map, and wants invalid JSON, with
// an offset, for every one: never "got a JSON number" or a type.
func TestDecodeSyntaxErrors(t *testing.T) {
	awsjson.RegisterDocument(newLazyDoc)
	unions := awsjson.UnionsFrom(&dynamodb.Client{})
	type place struct {
		name string
		json func(tok string) string
		in   func() any
		opts []awsjson.Option
	}
	var places []place
	for _, m := range syntaxMembers {
		places = append(places, place{m.key, func(tok string) string { return `{"` + m.key + `":` + tok + `}` }, m.in, m.opts})
	}
	places = append(places,
		place{"list element", func(tok string) string { return `{"InstanceIds":["i-1",` + tok + `]}` }, syntaxMembers[0].in, nil},
		place{"struct in a list", func(tok string) string { return `{"Filters":[{"Name":` + tok + `}]}` }, syntaxMembers[0].in, nil},
		place{"union member", func(tok string) string { return `{"Item":{"k":{"S":` + tok + `}}}` }, syntaxMembers[7].in, []awsjson.Option{unions}},
		place{"map value", func(tok string) string { return `{"Item":{"k":` + tok + `}}` }, syntaxMembers[7].in, []awsjson.Option{unions}},
		place{"after a wrong type", func(tok string) string { return `{"MaxResults":"5","NextToken":` + tok + `}` }, syntaxMembers[0].in, nil},
		place{"after an unknown key", func(tok string) string { return `{"Filter":1,"NextToken":` + tok + `}` }, syntaxMembers[0].in, nil},
		place{"top level", func(tok string) string { return tok }, syntaxMembers[0].in, nil},
	)
	for _, p := range places {
		for _, tok := range badTokens {
			data := p.json(tok)
			t.Run(p.name+"/"+tok, func(t *testing.T) {
				err := awsjson.Decode([]byte(data), p.in(), p.opts...)
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments, "%s", data)
				require.Contains(t, err.Error(), "invalid JSON at offset", "%s", data)
				require.NotContains(t, err.Error(), "got a JSON", "%s", data)
			})
		}
	}
}

// TestDecodeSyntaxErrorMessages checks the offset, the path and the words.
func TestDecodeSyntaxErrorMessages(t *testing.T) {
	tests := []struct{ json, want string }{
		{`{"MaxResults":xyz}`, "at /MaxResults: invalid JSON at offset 14: want a JSON value"},
		{`{"MaxResults":`, "at /MaxResults: invalid JSON at offset 14: want a JSON value (unexpected end of input)"},
		{`{"InstanceIds":["x",]}`, "at /InstanceIds/1: invalid JSON at offset 20: want a JSON value"},
		{`{"MaxResults":NaN}`, "at /MaxResults: invalid JSON at offset 14"},
		{`{"MaxResults":+1}`, "at /MaxResults: invalid JSON at offset 14"},
		{`{"MaxResults":.5}`, "at /MaxResults: invalid JSON at offset 14"},
		{`{"MaxResults":1.}`, "at /MaxResults: invalid JSON at offset 14: invalid number"},
		{`{"DryRun":"true}`, "at /DryRun: invalid JSON at offset 10: unterminated string"},
		{`{"MaxResults":"5","DryRun":tru}`, "at /DryRun: invalid JSON at offset 27: invalid literal"},
		{`{"MaxResults":5} x`, "at /: invalid JSON at offset 17: data after the top-level value"},
		{``, "at /: invalid JSON at offset 0: want a JSON object (unexpected end of input)"},
		// Past 512 levels the check stops, and that is the error, not the unknown key before it.
		{`{"Filter":1,"NextToken":` + strings.Repeat("[", 600) + `x}`, "nested deeper than 512 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			err := awsjson.Decode([]byte(tt.json), &ec2.DescribeInstancesInput{})
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// TestDecodeTopLevel: a top-level value that is valid JSON but not an
// object says what it is, and never that it is invalid JSON.
func TestDecodeTopLevel(t *testing.T) {
	tests := []struct{ json, want string }{
		{`null`, "the input must be a JSON object, not a JSON null"},
		{`"{}"`, "the input must be a JSON object, not a JSON string (JSON text in a string: decode the string first)"},
		{`"x"`, "the input must be a JSON object, not a JSON string"},
		{` [] `, "the input must be a JSON object, not a JSON array"},
		{`[{"MaxResults":5}]`, "the input must be a JSON object, not a JSON array"},
		{`5`, "the input must be a JSON object, not a JSON number"},
		{`true`, "the input must be a JSON object, not a JSON boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			err := awsjson.Decode([]byte(tt.json), &ec2.DescribeInstancesInput{})
			require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
			require.ErrorContains(t, err, "at /: "+tt.want)
			require.NotContains(t, err.Error(), "invalid JSON")
		})
	}
}

// TestDecodeStreamTakesAString: a stream member wants a string, the
// OpenStream hook's argument, and says so.
func TestDecodeStreamTakesAString(t *testing.T) {
	for _, tok := range []string{`5`, `true`, `{"a":1}`, `["x"]`} {
		err := awsjson.Decode([]byte(`{"Body":`+tok+`}`), &s3.PutObjectInput{}, awsjson.OpenStream(awsjson.TextStreams))
		require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
		require.ErrorContains(t, err, "at /Body: got a JSON ")
		require.ErrorContains(t, err, ", want a string (io.Reader), which the OpenStream hook opens")
	}
}

// TestDecodeUTF8 checks that invalid UTF-8 and lone surrogates are errors
// with the path wherever a string is: a member, a key, a blob in either
// mode, a union, a map key, a document. Pairs and valid text still decode.
func TestDecodeUTF8(t *testing.T) {
	awsjson.RegisterDocument(newLazyDoc)
	raw := awsjson.Blobs(awsjson.Raw)
	unions := awsjson.UnionsFrom(&dynamodb.Client{})
	bad := []struct{ name, text, want string }{
		{"invalid byte", "a\xffb", "invalid UTF-8 in a string"},
		{"truncated sequence", "a\xe2\x82", "invalid UTF-8 in a string"},
		{"overlong encoding", "\xc0\xaf", "invalid UTF-8 in a string"},
		{"UTF-8 of a surrogate", "\xed\xa0\x80", "invalid UTF-8 in a string"},
		{"invalid byte after an escape", `\n` + "\xff", "invalid UTF-8 in a string"},
		{"lone high surrogate", `\ud800`, "a UTF-16 surrogate that is not in a pair"},
		{"lone low surrogate", `\udc00x`, "a UTF-16 surrogate that is not in a pair"},
		{"high then not low", `\ud800\u0041`, "a UTF-16 surrogate that is not in a pair"},
		{"two highs", `\ud800\ud800`, "a UTF-16 surrogate that is not in a pair"},
		{"high at the end", `x\uD83D`, "a UTF-16 surrogate that is not in a pair"},
	}
	places := []struct {
		name, before, after, path string
		in                        func() any
		opts                      []awsjson.Option
	}{
		{"string member", `{"NextToken":"`, `"}`, "/NextToken", func() any { return &ec2.DescribeInstancesInput{} }, nil},
		{"list element", `{"InstanceIds":["i-1","`, `"]}`, "/InstanceIds/1", func() any { return &ec2.DescribeInstancesInput{} }, nil},
		{"key", `{"Filters":[{"`, `":1}]}`, "/Filters/0", func() any { return &ec2.DescribeInstancesInput{} }, nil},
		{"base64 blob", `{"PublicKeyMaterial":"`, `"}`, "/PublicKeyMaterial", func() any { return &ec2.ImportKeyPairInput{} }, nil},
		{"raw blob", `{"PublicKeyMaterial":"`, `"}`, "/PublicKeyMaterial", func() any { return &ec2.ImportKeyPairInput{} }, []awsjson.Option{raw}},
		{"raw blob in a union", `{"Item":{"k":{"B":"`, `"}}}`, "/Item/k/B", func() any { return &dynamodb.PutItemInput{} }, []awsjson.Option{raw, unions}},
		{"map key", `{"Item":{"`, `":{"S":"a"}}}`, "/Item", func() any { return &dynamodb.PutItemInput{} }, []awsjson.Option{unions}},
		{"document", `{"Config":{"a":["`, `"]}}`, "/Config/a/0", func() any { return &docInput{} }, nil},
		{"timestamp", `{"StartTime":"`, `"}`, "/StartTime", func() any { return &ec2.DescribeSpotPriceHistoryInput{} }, nil},
	}
	for _, p := range places {
		for _, b := range bad {
			t.Run(p.name+"/"+b.name, func(t *testing.T) {
				err := awsjson.Decode([]byte(p.before+b.text+p.after), p.in(), p.opts...)
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
				require.ErrorContains(t, err, b.want)
				require.ErrorContains(t, err, "offset")
				require.ErrorContains(t, err, " at "+p.path+": ")
			})
		}
	}
	t.Run("valid text and pairs", func(t *testing.T) {
		var in ec2.ImportKeyPairInput
		require.NoError(t, awsjson.Decode([]byte(`{"KeyName":"é€😀 \ud83d\ude00 \u00e9 \/\b\f\n\r\t\"\\","PublicKeyMaterial":"é\ud83d\ude00"}`), &in, raw))
		require.Equal(t, "é€😀 😀 é /\b\f\n\r\t\"\\", *in.KeyName)
		require.Equal(t, "é😀", string(in.PublicKeyMaterial))
	})
}

// TestDecodeUTF8Offsets checks that the offset is the byte at fault.
func TestDecodeUTF8Offsets(t *testing.T) {
	err := awsjson.Decode([]byte("{\"NextToken\":\"ab\xff\"}"), &ec2.DescribeInstancesInput{})
	require.ErrorContains(t, err, "at /NextToken: invalid JSON at offset 16: invalid UTF-8 in a string")
	err = awsjson.Decode([]byte(`{"NextToken":"ab\ud800"}`), &ec2.DescribeInstancesInput{})
	require.ErrorContains(t, err, `at /NextToken: a string holds a UTF-16 surrogate that is not in a pair (\u escape at offset 16)`)
	require.False(t, strings.Contains(err.Error(), "invalid JSON"), "a lone surrogate is valid JSON, but not I-JSON")
}
