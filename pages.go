package awsretry

import (
	"iter"
	"reflect"
	"slices"
)

// Pages calls the client's method by name again and again, one page at a
// time, moving the output's next-page token into the input, and yields each
// page's output:
//
//	for out, err := range p.Pages("DescribeInstances", ctx, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(5)}) {
//		if err != nil {
//			return err
//		}
//		for _, r := range out.(*ec2.DescribeInstancesOutput).Reservations {
//			...
//		}
//	}
//
// Arguments are Call's. The input is the argument for the method's first
// parameter that is a pointer to a struct with a known token field; a nil
// input (typed or untyped) is a new zero input, as in the SDK. A token
// already in the input is where paging starts.
//
// The token pairs Pages knows, input field / output field: NextToken /
// NextToken, Marker / NextMarker, Marker / Marker (IAM, with IsTruncated),
// ContinuationToken / NextContinuationToken (S3 ListObjectsV2) and
// ExclusiveStartKey / LastEvaluatedKey (DynamoDB Scan and Query). A token is
// a string, a *string or a map. An input with Marker pairs with the output's
// NextMarker when it has one, else with its Marker. The output is the
// method's single non-error result, a struct or a pointer to one.
//
// Each page is one Call: it runs through the retry loop on its own, with the
// proxy's options (by default 10 tries a page, the first retry after 3s), so
// a throttled page is asked for again with the same token and the same input
// value, never from the first page. There is no limit on the number of
// pages. Every page gets a shallow copy of the caller's input with the token
// set (slices and maps shared, never written), so the caller's input is
// never changed, not even by what the SDK writes into inputs (idempotency
// tokens).
// Paging stops after a page whose token is empty (a nil pointer, "", an
// empty map), equals the token that page was asked for, or whose IsTruncated,
// when the output has the field, is false. When the loop's body breaks, no
// further call is made. Ranging over the sequence again starts again from
// the caller's input, as it is then. Separate ranges may run concurrently.
//
// Errors are yielded as (nil, err), once, and end the sequence:
// ErrUnknownMethod for a method the client lacks; ErrInvalidArguments,
// naming the method and the known pairs, for one with no known token pair,
// and Call's ErrInvalidArguments for wrong arguments, with nothing called
// then; and a page's error as Call returns it (a *RetryError, or an error
// that is not retried, unchanged), after the pages before it.
func (p *Proxy) Pages(method string, args ...any) iter.Seq2[any, error] {
	m, err := p.lookup(method)
	var pg *pager
	if err == nil {
		pg, err = pagerFor(m)
	}
	return func(yield func(any, error) bool) {
		if err != nil {
			yield(nil, err)
			return
		}
		page := slices.Clone(args) // the caller's slice stays as it was
		if _, _, err := m.arguments(nil, p.recv, page); err != nil {
			yield(nil, err)
			return
		}
		first := reflect.New(pg.inType.Elem()) // a zero input for a nil one
		if a := page[pg.arg]; a != nil {
			if v := reflect.ValueOf(a); !v.IsNil() {
				first.Elem().Set(v.Elem())
			}
		}
		tok := first.Elem().Field(pg.inField)
		for {
			in := reflect.New(pg.inType.Elem())
			in.Elem().Set(first.Elem())
			in.Elem().Field(pg.inField).Set(tok)
			page[pg.arg] = in.Interface()
			out, err := p.call(m, page)
			if err != nil {
				yield(nil, err)
				return
			}
			next, more := pg.next(out, tok)
			if !yield(out, nil) || !more {
				return
			}
			tok = next
		}
	}
}

// PagesOf is Pages with typed pages, as Invoke is Call with a typed
// result:
//
//	for out, err := range awsretry.PagesOf[*ec2.DescribeInstancesOutput](p, "DescribeInstances", ctx, in) {
//		if err != nil {
//			return err
//		}
//		for _, r := range out.Reservations { ... }
//	}
//
// T must be a type the method's output can be assigned to.
//
// Errors: Pages' errors, yielded as (zero T, err), once; and
// ErrInvalidArguments when T does not fit the output, yielded before
// anything is called.
func PagesOf[T any](p *Proxy, method string, args ...any) iter.Seq2[T, error] {
	var err error
	if m, lerr := p.lookup(method); lerr == nil {
		err = resultFits[T]("PagesOf", m)
	}
	return func(yield func(T, error) bool) {
		var zero T
		if err != nil {
			yield(zero, err)
			return
		}
		for out, err := range p.Pages(method, args...) {
			if err != nil {
				yield(zero, err)
				return
			}
			page, _ := out.(T) // resultFits checked the type; a nil page is the zero T
			if !yield(page, nil) {
				return
			}
		}
	}
}
