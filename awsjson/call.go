package awsjson

import (
	"context"
	"fmt"
	"reflect"

	"github.com/awsretry/awsretry"
)

// Call runs one operation from data: it resolves op (a Go, boto3 or CLI
// name: "DescribeInstances", "describe_instances", "describe-instances")
// with p.Resolve, decodes input into a new input of the operation, calls it
// through p, so that the proxy's retries, Budget and Stats apply, and
// returns the output as Encode writes it. An empty input is {}.
//
// Errors: awsretry.ErrInvalidArguments for a nil ctx or p, and Decode's
// errors; awsretry.ErrUnknownMethod from Resolve; awsretry.ErrInvalidOptions
// for a bad option, or an output with a streaming member (S3 GetObject's
// Body) and no SaveStream hook. Nothing is called then.
// The call's own errors come back as p.Call returns them (a
// *awsretry.RetryError when the retries run out), and Encode's after it.
func Call(ctx context.Context, p *awsretry.Proxy, op string, input []byte, opts ...Option) ([]byte, error) {
	if ctx == nil || p == nil {
		return nil, fmt.Errorf("%w: awsjson.Call needs a context and a proxy", errInput)
	}
	name, err := p.Resolve(op)
	if err != nil {
		return nil, err
	}
	in, err := p.NewInput(name)
	if err != nil {
		return nil, err
	}
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	if o.save == nil {
		if err := checkStreams(reflect.TypeOf(p.Client()), name); err != nil {
			return nil, err
		}
	}
	if len(trimSpace(input)) > 0 {
		if err := Decode(input, in, append([]Option{UnionsFrom(p.Client())}, opts...)...); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	out, err := p.Call(name, ctx, in)
	if err != nil {
		return nil, err
	}
	return Encode(out, opts...)
}

func trimSpace(b []byte) []byte {
	s := scanner{data: b}
	s.skipSpace()
	return b[s.i:]
}
