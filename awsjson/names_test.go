package awsjson_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/internal/awstest"
)

// botoNames lists boto3's and the CLI's names for every operation of the
// services that the installed botocore knows, "svc op_name cli-name" a line.
const botoNames = `
import botocore.session
from botocore import xform_name
s = botocore.session.get_session()
for svc in ("ec2", "dynamodb", "s3"):
    for op in s.get_service_model(svc).operation_names:
        print(svc, op, xform_name(op), xform_name(op, "-"))
`

// TestResolveBotocoreNames resolves every boto3 and CLI operation name of
// EC2, DynamoDB and S3, as botocore makes them, to the Go method of the
// same operation. Without botocore it is skipped, or fails with CI=true.
func TestResolveBotocoreNames(t *testing.T) {
	out, err := exec.CommandContext(t.Context(), "python3", "-c", botoNames).Output()
	if err != nil {
		awstest.Unavailable(t, "python3 with botocore (the AWS CLI's) is not available: %v", err)
	}
	proxies := map[string]*awsretry.Proxy{
		"ec2":      awsretry.MustDecorate(&ec2.Client{}),
		"dynamodb": awsretry.MustDecorate(&dynamodb.Client{}),
		"s3":       awsretry.MustDecorate(&s3.Client{}),
	}
	n, missing := 0, 0
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		require.Len(t, f, 4)
		p := proxies[f[0]]
		if _, err := p.NewInput(f[1]); err != nil {
			missing++ // an operation newer or older than the Go SDK in go.mod
			continue
		}
		for _, name := range f[2:] {
			got, err := p.Resolve(name)
			require.NoError(t, err, "%s %s", f[0], name)
			require.Equal(t, f[1], got, "%s %s", f[0], name)
		}
		n++
	}
	t.Logf("%d operations resolved from boto3 and CLI names; %d botocore operations not in the Go SDK", n, missing)
	require.Greater(t, n, 800)
}
