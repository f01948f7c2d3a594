package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

// ptrOnly has a value method and a pointer method.
type ptrOnly struct{}

func (ptrOnly) V()        {}
func (*ptrOnly) P() error { return nil }

func TestUnknownMethodSuggestsClosestNames(t *testing.T) {
	p := awsretry.MustDecorate(ec2.New(ec2.Options{Region: "us-east-1"}))
	tests := []struct{ name, want string }{
		{"DescribeInstance", "did you mean DescribeInstances"},
		{"describeinstances", "did you mean DescribeInstances"},
		{"DescribeInstancez", "did you mean DescribeInstances"},
		{"NoSuchThingAtAll", `*ec2.Client has no exported method "NoSuchThingAtAll"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			out, err := p.Call(tt.name, context.Background(), &ec2.DescribeInstancesInput{})
			is.True(out == nil)
			is.True(errors.Is(err, awsretry.ErrUnknownMethod))
			is.True(strings.Contains(err.Error(), tt.want))
		})
	}
	_, err := awsretry.MustDecorate(ptrOnly{}).Call("P")
	is.New(t).True(strings.Contains(err.Error(), "it is a method of *awsretry_test.ptrOnly: decorate a pointer"))
}
