package awsretry_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// namesClient has names that fold to one key, for Resolve's ambiguity.
type namesClient struct{}

func (namesClient) DescribeDBInstances(context.Context, *OpInput) (*OpOutput, error) { return nil, nil }
func (namesClient) DescribeDbInstances(context.Context, *OpInput) (*OpOutput, error) { return nil, nil }
func (namesClient) CreateTags(context.Context, *OpInput) (*OpOutput, error)          { return nil, nil }
func (namesClient) Version() string                                                  { return "" }

func TestResolve(t *testing.T) {
	ec2p := awsretry.MustDecorate(&ec2.Client{})
	names := awsretry.MustDecorate(namesClient{})
	tests := []struct {
		name    string
		p       *awsretry.Proxy
		in      string
		want    string
		wantErr []string // substrings of the error; nil for success
	}{
		{"Go name", ec2p, "DescribeInstances", "DescribeInstances", nil},
		{"boto3 name", ec2p, "describe_instances", "DescribeInstances", nil},
		{"CLI name", ec2p, "describe-instances", "DescribeInstances", nil},
		{"initialism", ec2p, "describe_vpc_endpoint_service_configurations", "DescribeVpcEndpointServiceConfigurations", nil},
		{"exact wins over folding", names, "DescribeDbInstances", "DescribeDbInstances", nil},
		{"ambiguous", names, "describe_db_instances", "", []string{"ambiguous", "DescribeDBInstances", "DescribeDbInstances"}},
		{"boto3 name of a unique one", names, "create_tags", "CreateTags", nil},
		{"miss with a suggestion", ec2p, "DescribeInstance", "", []string{`"DescribeInstance"`, "did you mean", "DescribeInstances"}},
		{"looser than folding is a miss", ec2p, "describe instances", "", []string{"no exported method"}},
		{"empty", ec2p, "", "", []string{"no exported method"}},
		{"separators only", ec2p, "_-_", "", []string{"no exported method"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Resolve(tt.in)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
				return
			}
			require.ErrorIs(t, err, awsretry.ErrUnknownMethod)
			require.Empty(t, got)
			for _, s := range tt.wantErr {
				require.Contains(t, err.Error(), s)
			}
		})
	}
}

func TestNewInput(t *testing.T) {
	p := awsretry.MustDecorate(&ec2.Client{})
	in, err := p.NewInput("DescribeInstances")
	require.NoError(t, err)
	require.IsType(t, &ec2.DescribeInstancesInput{}, in)
	again, err := p.NewInput("DescribeInstances")
	require.NoError(t, err)
	require.NotSame(t, in, again, "each call gives a new input")

	_, err = p.NewInput("describe_instances")
	require.ErrorIs(t, err, awsretry.ErrUnknownMethod, "NewInput is exact, like Call")

	_, err = awsretry.MustDecorate(namesClient{}).NewInput("Version")
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	require.Contains(t, err.Error(), "Version")
	require.False(t, errors.Is(err, awsretry.ErrUnknownMethod))
}
