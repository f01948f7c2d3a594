package awsretry_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

type noMethods struct{}

func TestDecorateRejectsBadClients(t *testing.T) {
	var nilPtr *scripted
	var nilMap map[string]int
	tests := []struct {
		name   string
		client any
		want   string
	}{
		{"nil", nil, "client is nil"},
		{"typed nil", nilPtr, "client is a nil *awsretry_test.scripted"},
		{"nil map", nilMap, "client is a nil map[string]int"},
		{"no methods", noMethods{}, "awsretry_test.noMethods has no exported methods"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			p, err := awsretry.Decorate(tt.client)
			is.True(p == nil)
			is.True(errors.Is(err, awsretry.ErrInvalidClient))
			is.True(strings.Contains(err.Error(), tt.want)) // names what was wrong
		})
	}
}

func TestMustDecoratePanicsOnError(t *testing.T) {
	is := is.New(t)
	defer func() {
		err, ok := recover().(error)
		is.True(ok)
		is.True(errors.Is(err, awsretry.ErrInvalidClient))
	}()
	awsretry.MustDecorate(nil)
}

func TestPanicInTheClientPropagates(t *testing.T) {
	is := is.New(t)
	defer func() { is.Equal(recover(), "boom from the client") }()
	_, _ = awsretry.MustDecorate(newScripted()).Call("Boom")
	t.Fatal("no panic")
}

func TestWithNeverChangesItsParent(t *testing.T) {
	is := is.New(t)
	var sl sleeps
	s := newScripted(repeat(apiErr("Custom"), 30)...)
	parent := awsretry.MustDecorate(s, sl.fast, func(o *awsretry.Options) {
		o.Tries = 3
		o.AddedExceptions = make([]string, 0, 8) // room that an append could write into
	})
	child, err := parent.With(func(o *awsretry.Options) {
		o.AddedExceptions = append(o.AddedExceptions, "Custom")
		o.Tries = 5
	})
	is.NoErr(err)
	is.Equal(child.Client(), parent.Client())
	is.Equal(parent.Options().Tries, 3)
	is.Equal(child.Options().Tries, 5)
	is.Equal(child.Options().AddedExceptions, []string{"Custom"})
	is.Equal(len(parent.Options().AddedExceptions), 0)

	_, _ = parent.Call("Op", context.Background(), &OpInput{})
	is.Equal(s.Calls(), 1) // Custom is not retried by the parent
	_, err = child.Call("Op", context.Background(), &OpInput{})
	var re *awsretry.RetryError
	is.True(errors.As(err, &re))
	is.Equal(re.Attempts, 5) // the child's Tries
	_, _ = parent.Call("Op", context.Background(), &OpInput{})
	is.Equal(s.Calls(), 7) // still once for the parent
}

func TestConcurrentCalls(t *testing.T) {
	is := is.New(t)
	s := newScripted(repeat(apiErr("RequestLimitExceeded"), 50)...)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) { o.Tries, o.Jitter = 100, awsretry.FullJitter })
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.Call("Op", context.Background(), &OpInput{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		is.NoErr(err)
	}
	is.Equal(s.Calls(), 70) // 50 throttled attempts, 20 successes
}
