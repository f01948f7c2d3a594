// Package awstest holds the helpers that awsretry's real-server tests share:
// starting moto and dynalite on loopback ports, building real AWS SDK clients
// pointed at them, a scriptable fault-injecting reverse proxy, and writers of
// protocol-correct AWS error responses.
//
// Nothing here talks to real AWS: every address is on 127.0.0.1.
package awstest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
)

// jsonErrorPrefix is the shape namespace that DynamoDB puts before an error
// code in the __type field of an awsJson1.0 error body.
const jsonErrorPrefix = "com.amazonaws.dynamodb.v20120810#"

var requestSeq atomic.Uint64

// newRequestID returns a request id that is unique within the process.
func newRequestID() string {
	return "awstest-" + strconv.FormatUint(requestSeq.Add(1), 10)
}

type ec2ErrorBody struct {
	XMLName   xml.Name `xml:"Response"`
	Code      string   `xml:"Errors>Error>Code"`
	Message   string   `xml:"Errors>Error>Message"`
	RequestID string   `xml:"RequestID"`
}

type s3ErrorBody struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	RequestID string   `xml:"RequestId"`
}

// WriteEC2Error writes an error response in the EC2 query protocol:
// <Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors>
// <RequestID>…</RequestID></Response>, with Content-Type text/xml.
func WriteEC2Error(w http.ResponseWriter, status int, code, message string) {
	writeXML(w, status, ec2ErrorBody{Code: code, Message: message, RequestID: newRequestID()})
}

// WriteS3Error writes an error response in the REST-XML protocol that S3 uses:
// <Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>.
func WriteS3Error(w http.ResponseWriter, status int, code, message string) {
	id := newRequestID()
	w.Header().Set("X-Amz-Request-Id", id)
	writeXML(w, status, s3ErrorBody{Code: code, Message: message, RequestID: id})
}

// WriteJSONError writes an error response in the awsJson1.0 protocol that
// DynamoDB uses: {"__type":"com.amazonaws.dynamodb.v20120810#CODE",
// "message":"…"}, with Content-Type application/x-amz-json-1.0 and the code in
// the X-Amzn-ErrorType header.
func WriteJSONError(w http.ResponseWriter, status int, code, message string) {
	body, err := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{jsonErrorPrefix + code, message})
	if err != nil { // cannot happen for two strings
		panic(fmt.Sprintf("awstest: encode JSON error: %v", err))
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("X-Amzn-ErrorType", code)
	h.Set("X-Amzn-RequestId", newRequestID())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeXML writes v, XML-escaped, after the XML declaration.
func writeXML(w http.ResponseWriter, status int, v any) {
	body, err := xml.Marshal(v)
	if err != nil { // cannot happen for these string-only structs
		panic(fmt.Sprintf("awstest: encode XML error: %v", err))
	}
	body = append([]byte(xml.Header), body...)
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
