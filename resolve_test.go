package awsretry_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
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

// BenchmarkResolveUnknown is the cost of Resolve's error for a name the
// client lacks, n bytes long, on *ec2.Client's hundreds of methods: the
// "did you mean" hint must not grow with the name's length times theirs.
func BenchmarkResolveUnknown(b *testing.B) {
	p := awsretry.MustDecorate(&ec2.Client{})
	for _, n := range []int{16, 1 << 10, 100 << 10} {
		name := strings.Repeat("Q", n)
		b.Run(fmt.Sprintf("%dB", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Resolve(name); err == nil {
					b.Fatal("no error")
				}
			}
		})
	}
}

// TestUnknownLongName sends a 100 KB method name through every entry point
// that takes one: each error wraps ErrUnknownMethod, shows a short prefix
// of the name with its length, and stays small.
func TestUnknownLongName(t *testing.T) {
	p := awsretry.MustDecorate(&ec2.Client{})
	name := strings.Repeat("Q", 100<<10)
	entries := map[string]func() error{
		"Resolve":  func() error { _, err := p.Resolve(name); return err },
		"Call":     func() error { _, err := p.Call(name, t.Context(), &ec2.DescribeInstancesInput{}); return err },
		"NewInput": func() error { _, err := p.NewInput(name); return err },
		"Invoke": func() error {
			_, err := awsretry.Invoke[*ec2.DescribeInstancesOutput](p, name, t.Context(), &ec2.DescribeInstancesInput{})
			return err
		},
		"Pages": func() error {
			for _, err := range p.Pages(name, t.Context(), &ec2.DescribeInstancesInput{}) {
				return err
			}
			return nil
		},
		"Method": func() error {
			_, err := awsretry.Method[*ec2.DescribeInstancesInput, *ec2.DescribeInstancesOutput, func(*ec2.Options)](p, name)
			return err
		},
	}
	for entry, fn := range entries {
		t.Run(entry, func(t *testing.T) {
			err := fn()
			require.ErrorIs(t, err, awsretry.ErrUnknownMethod)
			require.Contains(t, err.Error(), `QQQQ…" (102400 bytes)`)
			require.Less(t, len(err.Error()), 300, "the error repeats the name")
		})
	}
	// A name near a real one still gets its hint.
	_, err := p.Resolve("DescribeInstancesX")
	require.ErrorContains(t, err, "did you mean DescribeInstances")
}
