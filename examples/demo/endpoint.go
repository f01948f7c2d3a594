package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"

	"github.com/awsretry/awsretry/internal/awstest"
)

// The one instance the fake endpoint knows.
const (
	instanceID   = "i-0123456789abcdef0"
	instanceType = "t3.micro"
	instanceName = "web-1"
)

// failure is one scripted error answer, as real EC2 sends it.
type failure struct {
	status  int
	code    string
	message string
}

// script is what the endpoint answers to DescribeInstances, in order; every
// request after these gets the reservation.
var script = []failure{
	{http.StatusBadRequest, "InvalidInstanceID.NotFound", "The instance ID '" + instanceID + "' does not exist"},
	{http.StatusBadRequest, "InvalidInstanceID.NotFound", "The instance ID '" + instanceID + "' does not exist"},
	{http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded."},
}

// scriptCodes returns script's error codes, comma-separated.
func scriptCodes() string {
	codes := make([]string, len(script))
	for i, f := range script {
		codes[i] = f.code
	}
	return strings.Join(codes, ", ")
}

// reservationXML is a DescribeInstances answer in the EC2 query protocol:
// one reservation holding one running instance with a Name tag.
var reservationXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>demo-ok</requestId>
  <reservationSet>
    <item>
      <reservationId>r-0fedcba9876543210</reservationId>
      <ownerId>123456789012</ownerId>
      <instancesSet>
        <item>
          <instanceId>` + instanceID + `</instanceId>
          <instanceType>` + instanceType + `</instanceType>
          <instanceState><code>16</code><name>running</name></instanceState>
          <tagSet>
            <item><key>Name</key><value>` + instanceName + `</value></item>
          </tagSet>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
</DescribeInstancesResponse>`

// startEndpoint starts an EC2-compatible HTTP endpoint on 127.0.0.1. It
// answers DescribeInstances with script's errors, in the EC2 query
// protocol's XML error format, then with reservationXML. Any other action
// gets InvalidAction. Close the server when done.
func startEndpoint() *httptest.Server {
	var calls atomic.Int32
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The EC2 query protocol POSTs a form: Action=DescribeInstances&Version=…
		if err := r.ParseForm(); err != nil || r.PostForm.Get("Action") != "DescribeInstances" {
			awstest.WriteEC2Error(w, http.StatusBadRequest, "InvalidAction",
				fmt.Sprintf("The action %q is not valid for this demo endpoint", r.PostForm.Get("Action")))
			return
		}
		if i := int(calls.Add(1)) - 1; i < len(script) {
			f := script[i]
			awstest.WriteEC2Error(w, f.status, f.code, f.message)
			return
		}
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		fmt.Fprint(w, reservationXML)
	}))
}
