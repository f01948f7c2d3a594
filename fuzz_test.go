package awsretry_test

import (
	"context"
	"errors"
	"testing"

	"github.com/awsretry/awsretry"
)

// FuzzCall feeds Call random method names and argument lists, built from a
// byte string, and checks that it never panics and that a rejected call
// wraps a sentinel and calls nothing.
func FuzzCall(f *testing.F) {
	f.Add("Op", []byte{0, 1, 2})
	f.Add("Pair", []byte{3, 4})
	f.Add("Nilables", []byte{5, 5, 5, 5, 5})
	f.Add("Op", []byte{0, 1, 6, 6, 7})
	f.Add("op", []byte{})
	pool := []any{
		context.Background(), &OpInput{}, func(*OpOptions) {}, 7, "s", nil,
		[]func(*OpOptions){}, 3.5, OpInput{}, map[string]int{}, []int{1}, func() {},
		make(chan int), (*OpInput)(nil), errors.New("x"), struct{}{},
	}
	f.Fuzz(func(t *testing.T, method string, picks []byte) {
		args := make([]any, 0, len(picks))
		for _, b := range picks {
			args = append(args, pool[int(b)%len(pool)])
		}
		if method == "Boom" {
			return // the client's own panic propagates, by design
		}
		s := newScripted()
		p := awsretry.MustDecorate(s, func(o *awsretry.Options) { o.Tries = 1 })
		_, err := p.Call(method, args...)
		if err == nil {
			return
		}
		if errors.Is(err, awsretry.ErrUnknownMethod) || errors.Is(err, awsretry.ErrInvalidArguments) {
			if s.Calls() != 0 {
				t.Fatalf("rejected call %q ran the method: %v", method, err)
			}
		}
	})
}
