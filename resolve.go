package awsretry

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/awsretry/awsretry/internal/editdist"
)

// NewInput returns a new zero input for method: a pointer to a new value of
// the type its input parameter points to, such as &ec2.DescribeInstancesInput{}
// for "DescribeInstances". The input parameter is the first pointer-to-struct
// parameter after the context. method must be exact, as for Call; see Resolve.
//
// Errors: ErrUnknownMethod, with the closest names, for a method the client
// lacks; ErrInvalidArguments for a method with no such parameter.
func (p *Proxy) NewInput(method string) (any, error) {
	m, err := p.lookup(method)
	if err != nil {
		return nil, err
	}
	for _, t := range m.in {
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
			return reflect.New(t.Elem()).Interface(), nil
		}
	}
	return nil, fmt.Errorf("%w: %s.%s has no input parameter (a pointer to a struct)", ErrInvalidArguments, p.table.typ, method)
}

// Resolve maps name to the Go name of one of the client's methods. name may
// be the Go name ("DescribeDBInstances"), a boto3 name
// ("describe_db_instances") or an AWS CLI name ("describe-db-instances"):
// an exact match wins; otherwise names are compared lowercased with every
// "_" and "-" removed. Call itself stays exact.
//
// Errors: ErrUnknownMethod when no method matches (with the closest names),
// or when several do (with all of them). A name longer than 64 bytes is
// cut short in the message, which gives its length.
func (p *Proxy) Resolve(name string) (string, error) {
	if _, ok := p.table.method(name); ok {
		return name, nil
	}
	found := p.table.folded()[foldName(name)]
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return "", p.table.unknownMethod(name)
	}
	return "", fmt.Errorf("%w: %s is ambiguous for %s: it may be %s", ErrUnknownMethod, editdist.Quote(name), p.table.typ, strings.Join(found, ", "))
}

// foldedNames maps each folded name of t's methods to the methods that fold
// to it, sorted.
func foldedNames(names []string) map[string][]string {
	m := make(map[string][]string, len(names))
	for _, n := range names {
		k := foldName(n)
		m[k] = append(m[k], n)
	}
	return m
}

// foldName lowercases name and drops every '_' and '-'.
func foldName(name string) string {
	return strings.ToLower(separators.Replace(name))
}

var separators = strings.NewReplacer("_", "", "-", "")
