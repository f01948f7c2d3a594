package awsretry_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/awsretry/awsretry"
)

// OpInput, OpOutput and OpOptions shape the fake client like an SDK one.
type OpInput struct{ Secret string }
type OpOutput struct{ N int }
type OpOptions struct{ Region string }

// scripted is a fake client whose Op fails with errs, in order, then succeeds.
type scripted struct {
	mu      sync.Mutex
	errs    []error
	calls   int
	regions []string // OpOptions.Region as each Op call saw it
}

func newScripted(errs ...error) *scripted { return &scripted{errs: errs} }

func (s *scripted) next() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls <= len(s.errs) {
		return s.calls, s.errs[s.calls-1]
	}
	return s.calls, nil
}

func (s *scripted) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *scripted) Op(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	var o OpOptions
	for _, fn := range optFns {
		if fn != nil {
			fn(&o)
		}
	}
	n, err := s.next()
	s.mu.Lock()
	s.regions = append(s.regions, o.Region)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return &OpOutput{N: n}, nil
}

var sharedOutput = &OpOutput{N: -1}

// OpNoAlloc succeeds without allocating, to measure what the loop adds.
func (s *scripted) OpNoAlloc(ctx context.Context, in *OpInput, optFns ...func(*OpOptions)) (*OpOutput, error) {
	return sharedOutput, nil
}

func (s *scripted) OnlyErr(ctx context.Context) error { _, err := s.next(); return err }

func (s *scripted) Pair(a int, b string) (int, string, error) {
	_, err := s.next()
	return a * 2, b + b, err
}

func (s *scripted) NoErr(in *OpInput) *OpOutput { n, _ := s.next(); return &OpOutput{N: n} }

func (s *scripted) Nothing() { s.next() }

func (s *scripted) Nilables(m map[string]int, sl []int, f func(), i any, ch chan int) error {
	_, err := s.next()
	return err
}

func (s *scripted) Boom() error { panic("boom from the client") }

// apiErr is an AWS API error wrapped the way the SDK wraps it.
func apiErr(code string) error {
	return &smithy.OperationError{
		ServiceID: "EC2", OperationName: "Op",
		Err: &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 400}},
			Err:      &smithy.GenericAPIError{Code: code, Message: "message of " + code},
		}},
	}
}

// sleeps records the Sleep hook's calls and never sleeps.
type sleeps struct {
	mu  sync.Mutex
	ds  []time.Duration
	err error // returned by every sleep when set
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ds = append(s.ds, d)
	if s.err != nil {
		return s.err
	}
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

// fast sets the Sleep hook to s and keeps everything else at its default.
func (s *sleeps) fast(o *awsretry.Options) { o.Sleep = s.sleep }

var errPlain = errors.New("plain error")

// repeat returns n copies of v.
func repeat[T any](v T, n int) []T {
	vs := make([]T, n)
	for i := range vs {
		vs[i] = v
	}
	return vs
}
