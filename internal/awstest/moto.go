package awstest

import (
	"strconv"
	"testing"
)

// StartMoto starts moto_server, the AWS service emulator (EC2, S3, DynamoDB,
// IAM, STS, SQS), on a free 127.0.0.1 port, waits until it answers, and stops
// it when t ends. moto_server must be on PATH; when it is not, t fails under
// CI=true and is skipped otherwise.
//
// moto keeps its state in memory, so each call gives an empty AWS. env adds
// KEY=VALUE settings to moto's environment, such as
// INITIAL_NO_AUTH_ACTION_COUNT=0, which makes moto check credentials and
// answer unknown ones with AuthFailure.
func StartMoto(t testing.TB, env ...string) *Server {
	t.Helper()
	return startServer(t, serverSpec{
		name: "moto",
		command: func(port int) (string, []string) {
			return "moto_server", []string{"-H", "127.0.0.1", "-p", strconv.Itoa(port)}
		},
		env:     env,
		missing: `moto_server must be on PATH: pip install "moto[server]"`,
	})
}
