package awsretry_test

import (
	"context"
	"testing"

	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

func TestResultShapes(t *testing.T) {
	is := is.New(t)
	p := awsretry.MustDecorate(newScripted())

	out, err := p.Call("Op", context.Background(), &OpInput{})
	is.NoErr(err)
	is.Equal(out, &OpOutput{N: 1}) // (T, error)

	out, err = p.Call("OnlyErr", context.Background())
	is.NoErr(err)
	is.True(out == nil) // (error)

	out, err = p.Call("NoErr", &OpInput{})
	is.NoErr(err)
	is.Equal(out, &OpOutput{N: 3}) // (T)

	out, err = p.Call("Pair", 21, "ab")
	is.NoErr(err)
	is.Equal(out, []any{42, "abab"}) // several

	out, err = p.Call("Nothing")
	is.NoErr(err)
	is.True(out == nil) // ()
}

func TestErrorGivesUntypedNil(t *testing.T) {
	is := is.New(t)
	p := awsretry.MustDecorate(newScripted(errPlain))
	out, err := p.Call("Op", context.Background(), &OpInput{})
	is.Equal(err, errPlain)
	is.True(out == nil) // not a (*OpOutput)(nil) inside any
}
