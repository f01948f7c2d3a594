package awsretry_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// boundPtr has a pointer receiver, like every SDK client: Method binds it
// without reflect, calling the method's code with the receiver's pointer.
type boundPtr struct {
	id      int
	regions []string
}

func (c *boundPtr) Get(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	var o OpOptions
	for _, fn := range optFns {
		fn(&o)
	}
	c.regions = append(c.regions, o.Region)
	return &OpOutput{N: c.id}, nil
}

// boundValue has a value receiver: Method binds it through reflect.
type boundValue struct{ id int }

func (c boundValue) Get(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	return &OpOutput{N: c.id}, nil
}

// TestMethodBindsItsOwnReceiver: the function Method returns calls the
// method on the proxy's client and on no other one of its type, and passes
// the option functions through, whichever way it was bound.
func TestMethodBindsItsOwnReceiver(t *testing.T) {
	a, b := &boundPtr{id: 1}, &boundPtr{id: 2}
	tests := []struct {
		name   string
		client any
		want   int
	}{
		{"pointer receiver a", a, 1},
		{"pointer receiver b", b, 2},
		{"value receiver", boundValue{id: 3}, 3},
	}
	region := func(o *OpOptions) { o.Region = "eu-west-1" }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := awsretry.MustDecorate(tt.client)
			get, err := awsretry.Method[*OpInput, *OpOutput, func(*OpOptions)](p, "Get")
			require.NoError(t, err)
			out, err := get(context.Background(), &OpInput{}, region)
			require.NoError(t, err)
			assert.Equal(t, tt.want, out.N)
		})
	}
	assert.Equal(t, []string{"eu-west-1"}, a.regions, "a called once, with the option")
	assert.Equal(t, []string{"eu-west-1"}, b.regions, "b called once, with the option")
}
