package awsjson_test

import (
	"testing"

	smithydocument "github.com/aws/smithy-go/document"
	smithyjson "github.com/aws/smithy-go/document/json"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// docInterface and lazyDoc are shaped like a service's document package
// (Bedrock's, for one): an interface with the smithy document methods, and
// NewLazyDocument, which wraps any Go value.
type docInterface interface {
	smithydocument.Marshaler
	smithydocument.Unmarshaler
}

type lazyDoc struct{ v any }

func newLazyDoc(v any) docInterface { return &lazyDoc{v} }

func (d *lazyDoc) MarshalSmithyDocument() ([]byte, error) { return smithyjson.NewEncoder().Encode(d.v) }
func (d *lazyDoc) UnmarshalSmithyDocument(v any) error {
	return smithyjson.NewDecoder().DecodeJSONInterface(d.v, v)
}

type docInput struct {
	Name   *string
	Config docInterface
}

// otherDoc is a document type never registered.
type otherDoc interface {
	smithydocument.Marshaler
	smithydocument.Unmarshaler
	other()
}

func TestDocuments(t *testing.T) {
	var unregistered struct{ D otherDoc }
	err := awsjson.Decode([]byte(`{"D":{"a":1}}`), &unregistered)
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	require.Contains(t, err.Error(), "at /D: awsjson_test.otherDoc is a document: register its constructor with awsjson.RegisterDocument")

	awsjson.RegisterDocument(newLazyDoc)
	tests := []struct {
		name, json string
		want       any
		wantErr    string
	}{
		{"an object", `{"a":1,"b":[true,null,"x",1.5e3],"c":{}}`, map[string]any{
			"a": smithydocument.Number("1"), "b": []any{true, nil, "x", smithydocument.Number("1.5e3")}, "c": map[string]any{}}, ""},
		{"a scalar", `"text"`, "text", ""},
		{"a number keeps its text", `12345678901234567890`, smithydocument.Number("12345678901234567890"), ""},
		{"a duplicate key", `{"a":1,"a":2}`, nil, `"a" at /Config: the key appears twice`},
		{"bad JSON", `{"a":}`, nil, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in docInput
			err := awsjson.Decode([]byte(`{"Name":"n","Config":`+tt.json+`}`), &in)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
				require.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, in.Config.(*lazyDoc).v)
			out, err := awsjson.Encode(&in)
			require.NoError(t, err)
			require.JSONEq(t, `{"Name":"n","Config":`+tt.json+`}`, string(out), "a document encodes as plain JSON")
		})
	}
	require.Panics(t, func() { awsjson.RegisterDocument[docInterface](nil) })
}
