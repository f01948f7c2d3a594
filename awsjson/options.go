package awsjson

import (
	"io"
	"reflect"
	"strings"
)

// Option changes how Decode, DecodeMap, Encode and Call work. The zero set
// of options is the AWS CLI v2's behaviour: blobs are base64, streaming
// members are an error until a hook is set, and the output is compact.
type Option func(*options)

// BlobMode says how a blob member ([]byte) is written in JSON.
type BlobMode int

const (
	// Base64 blobs are standard base64 text, as the AWS CLI v2 reads and
	// prints them. It is the default. Text meant raw may be valid base64
	// too ("test" is 3 bytes as base64), and no error can tell: input
	// written for boto3 wants Raw.
	Base64 BlobMode = iota
	// Raw blobs are the JSON string's own bytes, as boto3 takes a str for a
	// bytes parameter. Encode writes a blob that is not valid UTF-8 as
	// base64 even in this mode, so that no byte is lost.
	Raw
)

// Blobs sets the blob mode. Default: Base64.
func Blobs(mode BlobMode) Option { return func(o *options) { o.blobs = mode } }

// OpenStream sets the hook that gives a streaming input member, such as S3
// PutObject's Body (an io.Reader), its content. The JSON value must be a
// string; open gets the member's JSON path ("/Body") and that string, such as
// a file name, and returns the reader. awsjson does not close it: open
// returns something the caller owns, such as a file closed after Call.
//
// Default: none, and a streaming member in the input is an error that names
// this option. TextStreams is a hook that sends the string itself.
func OpenStream(open func(path, value string) (io.Reader, error)) Option {
	return func(o *options) { o.open = open }
}

// TextStreams is an OpenStream hook that sends the JSON string itself as the
// body, as boto3 does with Body="text".
func TextStreams(_, value string) (io.Reader, error) { return strings.NewReader(value), nil }

// SaveStream sets the hook that takes a streaming output member, such as S3
// GetObject's Body. save gets the member's JSON path ("/Body") and the
// stream, and must read what it needs before it returns; Encode closes the
// stream afterwards and leaves the member out of the JSON, as the AWS CLI
// writes the body to a file and prints the rest.
//
// Default: none, and a streaming member in the output is an error that names
// this option (the stream is closed then too). A streaming body is never
// silently dropped.
func SaveStream(save func(path string, body io.Reader) error) Option {
	return func(o *options) { o.save = save }
}

// Indent makes Encode write one member per line, indented by indent per
// level, as the AWS CLI prints (it uses four spaces). Default: compact.
func Indent(indent string) Option { return func(o *options) { o.indent = indent } }

// UnionsFrom lets Decode find the members of a union that has not been
// registered in the output types of client's methods, where the service
// ships Deserialize methods (DynamoDB's AttributeValue, for example). Call
// does this with the proxy's client. client is an SDK client, such as a
// *dynamodb.Client; what is found is registered, once per client type.
// Default: only registered members are known.
func UnionsFrom(client any) Option {
	return func(o *options) { o.client = reflect.TypeOf(client) }
}

type options struct {
	client reflect.Type
	blobs  BlobMode
	open   func(path, value string) (io.Reader, error)
	save   func(path string, body io.Reader) error
	indent string
}

func buildOptions(opts []Option) (options, error) {
	var o options
	for i, fn := range opts {
		if fn == nil {
			return o, invalidOptions("option %d is nil", i)
		}
		fn(&o)
	}
	if o.blobs != Base64 && o.blobs != Raw {
		return o, invalidOptions("blob mode %d is neither Base64 nor Raw", int(o.blobs))
	}
	return o, nil
}
