package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/matryer/is"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// lists has names at several distances from "Lis".
type lists struct{}

func (lists) ListD()     {}
func (lists) ListC()     {}
func (lists) ListB()     {}
func (lists) ListA()     {}
func (lists) List()      {}
func (lists) Unrelated() {}

// TestSuggestionsNearestFirst: at most three names, the nearest first,
// alphabetical among equals; none when nothing is near.
func TestSuggestionsNearestFirst(t *testing.T) {
	p := awsretry.MustDecorate(lists{})
	tests := []struct{ name, want, not string }{
		{"Lis", `has no exported method "Lis"; did you mean List, ListA, ListB?`, "ListC"},
		{"listb", "did you mean ListB, List, ListA?", "ListC"},
		{"Zzzzzzzz", `has no exported method "Zzzzzzzz"`, "did you mean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Call(tt.name)
			require.ErrorIs(t, err, awsretry.ErrUnknownMethod)
			assert.True(t, strings.HasSuffix(err.Error(), tt.want), err.Error())
			assert.NotContains(t, err.Error(), tt.not)
		})
	}
}
