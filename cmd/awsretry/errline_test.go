package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestErrorLine(t *testing.T) {
	cases := []struct {
		name       string
		stderr     string
		code       string
		connection string
		transient  bool
	}{
		{"CLI v1", "\nAn error occurred (InvalidInstanceID.NotFound) when calling the DescribeInstances operation: The instance ID 'i-1' does not exist\n",
			"InvalidInstanceID.NotFound", "", false},
		{"CLI v1 after its own retries", "\nAn error occurred (RequestLimitExceeded) when calling the DescribeInstances operation (reached max retries: 4): Request limit exceeded.\n",
			"RequestLimitExceeded", "", false},
		{"CLI v2 with its prefix", "\naws: [ERROR]: An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation.\n",
			"UnauthorizedOperation", "", false},
		{"an answer with no code: its status", "\nAn error occurred (503) when calling the DescribeInstances operation: Service Unavailable\n",
			"503", "", true},
		{"a 4xx status is not transient", "An error occurred (403) when calling the HeadObject operation: Forbidden\n",
			"403", "", false},
		{"no newline at the end", "An error occurred (Throttling) when calling the GetQueue operation: Rate exceeded",
			"Throttling", "", false},
		{"the last code wins", "An error occurred (A.NotFound) when calling the X operation: x\nAn error occurred (UnauthorizedOperation) when calling the Y operation: y\n",
			"UnauthorizedOperation", "", false},
		{"CRLF", "An error occurred (InternalError) when calling the X operation: x\r\n", "InternalError", "", false},
		{"could not connect", "\nCould not connect to the endpoint URL: \"http://127.0.0.1:1/\"\n",
			"", "Could not connect to the endpoint URL", true},
		{"read timeout", "\nRead timeout on endpoint URL: \"https://ec2.us-east-1.amazonaws.com/\"\n",
			"", "Read timeout on endpoint URL", true},
		{"connect timeout", "Connect timeout on endpoint URL: \"https://ec2.us-east-1.amazonaws.com/\"\n",
			"", "Connect timeout on endpoint URL", true},
		{"connection closed", "\nConnection was closed before we received a valid response from endpoint URL: \"https://x/\".\n",
			"", "Connection was closed before we received a valid response", true},
		{"not the CLI's line", "error: An error occurred while reading from response stream\n", "", "", false},
		{"a code with spaces is not a code", "An error occurred (not a code) when calling the X operation: x\n", "", "", false},
		{"the words must be the CLI's", "an error occurred (Throttling) when calling the X operation\n", "", "", false},
		{"nothing", "", "", "", false},
		{"a usage error", "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: argument --instance-ids: expected at least one argument\n", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, chunk := range []int{len(tc.stderr) + 1, 1, 7} { // whole, byte by byte, in pieces
				s := &lineScanner{}
				for rest := tc.stderr; rest != ""; {
					n := min(chunk, len(rest))
					k, err := s.Write([]byte(rest[:n]))
					require.NoError(t, err)
					require.Equal(t, n, k)
					rest = rest[n:]
				}
				got := s.result()
				require.Equal(t, tc.code, got.code, "code, in writes of %d", chunk)
				require.Equal(t, tc.connection, got.connection, "connection, in writes of %d", chunk)
				require.Equal(t, tc.transient, got.transient())
			}
		})
	}
}

// TestErrorLineCodeReachesTheClassifier checks that a failure carries its
// code as the library sees SDK errors, so that its classifier decides.
func TestErrorLineCodeReachesTheClassifier(t *testing.T) {
	f := &failure{status: 255, line: errorLine{code: "InvalidInstanceID.NotFound"}}
	require.Equal(t, "InvalidInstanceID.NotFound", awsretry.ErrorCode(f))
	require.Equal(t, "", awsretry.ErrorCode(&failure{status: 1}))
	require.Equal(t, "exit status 255, InvalidInstanceID.NotFound", f.Error())
	require.Equal(t, "exit status 1, no AWS error code", (&failure{status: 1}).Error())
}

func TestLineScannerKeepsLongLinesBounded(t *testing.T) {
	s := &lineScanner{}
	long := strings.Repeat("x", 3*maxLine)
	_, _ = s.Write([]byte(long))
	require.LessOrEqual(t, len(s.partial), maxLine)
	_, _ = s.Write([]byte("\nAn error occurred (Unavailable) when calling the X operation: x\n"))
	require.Equal(t, "Unavailable", s.result().code, "a line after a long one is read")
}
