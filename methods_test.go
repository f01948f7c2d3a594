package awsretry_test

import (
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

func TestMethodsAndClient(t *testing.T) {
	is := is.New(t)
	s := newScripted()
	p := awsretry.MustDecorate(s)
	is.Equal(p.Methods(), []string{"Boom", "Calls", "Nilables", "NoErr", "Nothing", "OnlyErr", "Op", "OpNoAlloc", "Pair"})
	p.Methods()[0] = "changed"
	is.Equal(p.Methods()[0], "Boom") // a copy
	is.Equal(p.Client(), any(s))

	c := ec2.New(ec2.Options{Region: "us-east-1"})
	ms := awsretry.MustDecorate(c).Methods()
	is.True(len(ms) > 500)
}

func TestConcurrentCallsOfDifferentMethods(t *testing.T) {
	is := is.New(t)
	p := awsretry.MustDecorate(newScripted())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if (g+i)%2 == 0 {
					out, err := p.Call("Pair", i, "x")
					is.NoErr(err)
					is.Equal(out, []any{2 * i, "xx"})
					continue
				}
				out, err := p.Call("NoErr", &OpInput{})
				is.NoErr(err)
				_, ok := out.(*OpOutput)
				is.True(ok) // never another method's result
			}
		}()
	}
	wg.Wait()
}
