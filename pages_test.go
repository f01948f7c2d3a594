package awsretry_test

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	dtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

// Inputs and outputs shaped like the SDK's, one per token pair.
type (
	PgNextIn struct {
		NextToken   *string
		MaxResults  *int32
		ClientToken *string // written by the fake when nil, as the SDK does
		Filters     []string
	}
	PgNextOut struct {
		Items     []string
		NextToken *string
	}
	PgStringIn  struct{ NextToken string }
	PgStringOut struct {
		Items     []string
		NextToken string
	}
	PgMarkerIn      struct{ Marker *string }
	PgNextMarkerIn  struct{ Marker *string }
	PgNextMarkerOut struct {
		Items      []string
		Marker     *string // echoes the request's, as S3 ListObjects does
		NextMarker *string
	}
	PgIAMOut struct {
		Items       []string
		IsTruncated bool
		Marker      *string
	}
	PgContIn  struct{ ContinuationToken *string }
	PgContOut struct {
		Items                 []string
		ContinuationToken     *string
		NextContinuationToken *string
		IsTruncated           *bool
	}
	PgScanIn struct {
		TableName         *string
		ExclusiveStartKey map[string]dtypes.AttributeValue
	}
	PgScanOut struct {
		Items            []string
		LastEvaluatedKey map[string]dtypes.AttributeValue
	}
	PgOptions struct{ Region string }
)

// pgFake is a fake paginated client: pages of items, page i (from 0) asked
// for with the token "tok-i" ("" for page 0). It records the token of every
// call and fails the calls numbered in fail (from 1).
type pgFake struct {
	pages [][]string
	fail  map[int]error

	mu     sync.Mutex
	tokens []string // the token of each call, in order
}

func newPgFake(n int) *pgFake {
	f := &pgFake{fail: map[int]error{}}
	for i := range n {
		f.pages = append(f.pages, []string{fmt.Sprintf("item-%d-a", i), fmt.Sprintf("item-%d-b", i)})
	}
	return f
}

// page serves the page for tok: its items, the next page's token ("" after
// the last page) and the scripted error.
func (f *pgFake) page(tok string) ([]string, string, error) {
	f.mu.Lock()
	f.tokens = append(f.tokens, tok)
	n := len(f.tokens)
	f.mu.Unlock()
	if err := f.fail[n]; err != nil {
		return nil, "", err
	}
	i := 0
	if tok != "" {
		i, _ = strconv.Atoi(strings.TrimPrefix(tok, "tok-"))
	}
	if i >= len(f.pages) {
		return nil, "", nil
	}
	next := ""
	if i+1 < len(f.pages) {
		next = fmt.Sprintf("tok-%d", i+1)
	}
	return f.pages[i], next, nil
}

func (f *pgFake) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.tokens...)
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (f *pgFake) ListNext(ctx context.Context, in *PgNextIn, optFns ...func(*PgOptions)) (*PgNextOut, error) {
	if in == nil {
		in = &PgNextIn{}
	}
	if in.ClientToken == nil { // what the SDK's idempotency middleware does
		in.ClientToken = aws.String("generated-client-token")
	}
	items, next, err := f.page(aws.ToString(in.NextToken))
	if err != nil {
		return nil, err
	}
	return &PgNextOut{Items: items, NextToken: strOrNil(next)}, nil
}

// ListRepeat answers every page with the token it was asked for, or tok-1.
func (f *pgFake) ListRepeat(ctx context.Context, in *PgNextIn) (*PgNextOut, error) {
	items, _, err := f.page(aws.ToString(in.NextToken))
	if err != nil {
		return nil, err
	}
	return &PgNextOut{Items: items, NextToken: aws.String("tok-1")}, nil
}

// ListEmptyPtr ends with a pointer to "" rather than nil.
func (f *pgFake) ListEmptyPtr(ctx context.Context, in *PgNextIn) (*PgNextOut, error) {
	items, next, err := f.page(aws.ToString(in.NextToken))
	if err != nil {
		return nil, err
	}
	return &PgNextOut{Items: items, NextToken: &next}, nil
}

func (f *pgFake) ListString(ctx context.Context, in *PgStringIn) (PgStringOut, error) {
	items, next, err := f.page(in.NextToken)
	return PgStringOut{Items: items, NextToken: next}, err
}

func (f *pgFake) ListMarker(ctx context.Context, in *PgNextMarkerIn) (*PgNextMarkerOut, error) {
	items, next, err := f.page(aws.ToString(in.Marker))
	if err != nil {
		return nil, err
	}
	return &PgNextMarkerOut{Items: items, Marker: in.Marker, NextMarker: strOrNil(next)}, nil
}

// ListIAM keeps a Marker on its last page too: only IsTruncated says it is
// the last.
func (f *pgFake) ListIAM(ctx context.Context, in *PgMarkerIn) (*PgIAMOut, error) {
	items, next, err := f.page(aws.ToString(in.Marker))
	if err != nil {
		return nil, err
	}
	out := &PgIAMOut{Items: items, IsTruncated: next != "", Marker: aws.String(next)}
	if next == "" {
		out.Marker = aws.String("stale-marker")
	}
	return out, nil
}

func (f *pgFake) ListV2(ctx context.Context, in *PgContIn) (*PgContOut, error) {
	items, next, err := f.page(aws.ToString(in.ContinuationToken))
	if err != nil {
		return nil, err
	}
	return &PgContOut{Items: items, ContinuationToken: in.ContinuationToken,
		NextContinuationToken: strOrNil(next), IsTruncated: aws.Bool(next != "")}, nil
}

func (f *pgFake) Scan(ctx context.Context, in *PgScanIn, optFns ...func(*dynamodb.Options)) (*PgScanOut, error) {
	tok := ""
	if v, ok := in.ExclusiveStartKey["pk"].(*dtypes.AttributeValueMemberS); ok {
		tok = v.Value
	}
	items, next, err := f.page(tok)
	if err != nil {
		return nil, err
	}
	out := &PgScanOut{Items: items, LastEvaluatedKey: map[string]dtypes.AttributeValue{}} // empty, not nil, at the end
	if next != "" {
		out.LastEvaluatedKey["pk"] = &dtypes.AttributeValueMemberS{Value: next}
	}
	return out, nil
}

// NoPair has an input and an output but no token pair between them.
func (f *pgFake) NoPair(ctx context.Context, in *PgNextIn) (*PgScanOut, error) {
	_, _, err := f.page("")
	return &PgScanOut{}, err
}

// Ping has neither input nor output.
func (f *pgFake) Ping(ctx context.Context) error {
	_, _, err := f.page("")
	return err
}

// items returns the items of every page of a range over seq, and the error
// that ended it.
func items(seq iter.Seq2[any, error]) ([]string, int, error) {
	var all []string
	pages := 0
	for out, err := range seq {
		if err != nil {
			return all, pages, err
		}
		pages++
		switch o := out.(type) {
		case *PgNextOut:
			all = append(all, o.Items...)
		case PgStringOut:
			all = append(all, o.Items...)
		case *PgNextMarkerOut:
			all = append(all, o.Items...)
		case *PgIAMOut:
			all = append(all, o.Items...)
		case *PgContOut:
			all = append(all, o.Items...)
		case *PgScanOut:
			all = append(all, o.Items...)
		default:
			panic(fmt.Sprintf("unexpected page %T", out))
		}
	}
	return all, pages, nil
}

func pgItems(n int) []string {
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("item-%d-a", i), fmt.Sprintf("item-%d-b", i))
	}
	return want
}

func pgTokens(n int) []string {
	toks := []string{""}
	for i := 1; i < n; i++ {
		toks = append(toks, fmt.Sprintf("tok-%d", i))
	}
	return toks
}

func TestPagesLeavesTheCallersInputAlone(t *testing.T) {
	f := newPgFake(3)
	p := awsretry.MustDecorate(f, (&sleeps{}).fast)
	in := &PgNextIn{MaxResults: aws.Int32(2), Filters: []string{"a"}}
	want := *in
	args := []any{context.Background(), in}

	for range 2 { // a second range starts again from the caller's input
		got, pages, err := items(p.Pages("ListNext", args...))
		require.NoError(t, err)
		assert.Equal(t, 3, pages)
		assert.Equal(t, pgItems(3), got)
	}
	assert.Equal(t, want, *in)
	assert.Nil(t, in.NextToken, "no token written into the caller's input")
	assert.Nil(t, in.ClientToken, "no idempotency token written into the caller's input")
	assert.Same(t, in, args[1], "the caller's argument slice is unchanged")
	assert.Equal(t, append(pgTokens(3), pgTokens(3)...), f.calls())
}

func TestPagesNilInput(t *testing.T) {
	for name, args := range map[string][]any{
		"untyped nil":    {context.Background(), nil},
		"typed nil":      {context.Background(), (*PgNextIn)(nil)},
		"with an option": {context.Background(), nil, func(*PgOptions) {}},
	} {
		t.Run(name, func(t *testing.T) {
			f := newPgFake(3)
			p := awsretry.MustDecorate(f, (&sleeps{}).fast)
			got, pages, err := items(p.Pages("ListNext", args...))
			require.NoError(t, err)
			assert.Equal(t, 3, pages)
			assert.Equal(t, pgItems(3), got)
		})
	}
}

// TestPagesRejectsANilOption: a nil option function, which the SDK would
// call, is rejected before the first page, as through Call.
func TestPagesRejectsANilOption(t *testing.T) {
	f := newPgFake(3)
	p := awsretry.MustDecorate(f, (&sleeps{}).fast)
	_, pages, err := items(p.Pages("ListNext", context.Background(), nil, nil, func(*PgOptions) {}))
	require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
	assert.Contains(t, err.Error(), "ListNext: argument 3 is a nil func(*awsretry_test.PgOptions)")
	assert.Zero(t, pages)
	assert.Empty(t, f.calls(), "nothing called")
}

func TestPagesConcurrentRanges(t *testing.T) {
	f := newPgFake(4)
	p := awsretry.MustDecorate(f, (&sleeps{}).fast)
	in := &PgNextIn{}
	seq := p.Pages("ListNext", context.Background(), in)
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _, _ = items(seq)
		}()
	}
	wg.Wait()
	for _, g := range got {
		assert.Equal(t, pgItems(4), g)
	}
	assert.Len(t, f.calls(), 16)
	assert.Equal(t, PgNextIn{}, *in)
}

func TestPagesErrorsBeforeAnyCall(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		method string
		args   []any
		is     error
		says   []string
	}{
		{"unknown method", "ListNxt", []any{ctx, &PgNextIn{}}, awsretry.ErrUnknownMethod, []string{"ListNxt"}},
		{"no token pair", "NoPair", []any{ctx, &PgNextIn{}}, awsretry.ErrInvalidArguments,
			[]string{"NoPair", "NextToken/NextToken", "Marker/NextMarker", "Marker/Marker", "IsTruncated",
				"ContinuationToken/NextContinuationToken", "ExclusiveStartKey/LastEvaluatedKey"}},
		{"no input at all", "Ping", []any{ctx}, awsretry.ErrInvalidArguments, []string{"Ping"}},
		{"too few arguments", "ListNext", []any{ctx}, awsretry.ErrInvalidArguments, []string{"ListNext"}},
		{"wrong input type", "ListNext", []any{ctx, &PgContIn{}}, awsretry.ErrInvalidArguments, []string{"ListNext", "PgContIn"}},
		{"input by value", "ListNext", []any{ctx, PgNextIn{}}, awsretry.ErrInvalidArguments, []string{"ListNext"}},
		{"not a context", "ListNext", []any{"ctx", &PgNextIn{}}, awsretry.ErrInvalidArguments, []string{"ListNext"}},
		{"wrong option", "ListNext", []any{ctx, &PgNextIn{}, 42}, awsretry.ErrInvalidArguments, []string{"ListNext"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newPgFake(3)
			p := awsretry.MustDecorate(f, (&sleeps{}).fast)
			n := 0
			for out, err := range p.Pages(tc.method, tc.args...) {
				n++
				assert.Nil(t, out)
				require.ErrorIs(t, err, tc.is)
				for _, s := range tc.says {
					assert.Contains(t, err.Error(), s)
				}
			}
			assert.Equal(t, 1, n, "one (nil, err)")
			assert.Empty(t, f.calls(), "nothing called")
		})
	}
}

func TestPagesFailingPage(t *testing.T) {
	ctx := context.Background()
	t.Run("an error that is not retried ends the pages", func(t *testing.T) {
		f := newPgFake(5)
		f.fail[3] = errPlain
		p := awsretry.MustDecorate(f, (&sleeps{}).fast)
		var outs []any
		var errs []error
		for out, err := range p.Pages("ListNext", ctx, &PgNextIn{}) {
			outs, errs = append(outs, out), append(errs, err)
		}
		require.Len(t, errs, 3)
		assert.NoError(t, errs[0])
		assert.NoError(t, errs[1])
		assert.Nil(t, outs[2])
		assert.ErrorIs(t, errs[2], errPlain)
		assert.Equal(t, pgTokens(3), f.calls(), "nothing after the failing page")
	})
	t.Run("a throttled page is retried with its own token", func(t *testing.T) {
		f := newPgFake(5)
		f.fail[3] = apiErr("RequestLimitExceeded")
		var sl sleeps
		p := awsretry.MustDecorate(f, sl.fast)
		got, pages, err := items(p.Pages("ListNext", ctx, &PgNextIn{}))
		require.NoError(t, err)
		assert.Equal(t, 5, pages)
		assert.Equal(t, pgItems(5), got)
		assert.Equal(t, []string{"", "tok-1", "tok-2", "tok-2", "tok-3", "tok-4"}, f.calls())
		assert.Len(t, sl.got(), 1)
		assert.EqualValues(t, 5, p.Stats().Calls, "one Call per page")
	})
	t.Run("a page that outlasts the tries gives a RetryError", func(t *testing.T) {
		f := newPgFake(5)
		for n := 2; n < 20; n++ {
			f.fail[n] = apiErr("RequestLimitExceeded")
		}
		p := awsretry.MustDecorate(f, (&sleeps{}).fast, func(o *awsretry.Options) { o.Tries = 3 })
		_, pages, err := items(p.Pages("ListNext", ctx, &PgNextIn{}))
		var re *awsretry.RetryError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "ListNext", re.Method)
		assert.Equal(t, 3, re.Attempts)
		assert.Equal(t, 1, pages)
		assert.Equal(t, []string{"", "tok-1", "tok-1", "tok-1"}, f.calls())
	})
	t.Run("a cancelled context stops before the next page", func(t *testing.T) {
		f := newPgFake(5)
		p := awsretry.MustDecorate(f, (&sleeps{}).fast)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var errs []error
		for _, err := range p.Pages("ListNext", ctx, &PgNextIn{}) {
			errs = append(errs, err)
			cancel()
		}
		require.Len(t, errs, 2)
		assert.ErrorIs(t, errs[1], context.Canceled)
		assert.Equal(t, []string{""}, f.calls())
	})
}

// pgList is the example's client: three pages of names, the second page
// throttled once.
type pgList struct{ calls int }

type ListInput struct {
	Prefix    *string
	NextToken *string
}

type ListOutput struct {
	Names     []string
	NextToken *string
}

func (c *pgList) List(ctx context.Context, in *ListInput) (*ListOutput, error) {
	c.calls++
	pages := map[string]*ListOutput{
		"":   {Names: []string{"a", "b"}, NextToken: aws.String("p2")},
		"p2": {Names: []string{"c", "d"}, NextToken: aws.String("p3")},
		"p3": {Names: []string{"e"}},
	}
	if c.calls == 2 {
		return nil, apiErr("RequestLimitExceeded")
	}
	return pages[aws.ToString(in.NextToken)], nil
}

func ExampleProxy_Pages() {
	p, err := awsretry.Decorate(&pgList{}, func(o *awsretry.Options) {
		o.Delay = time.Millisecond
		o.OnRetry = func(ev awsretry.RetryEvent) { fmt.Printf("retrying %s: %s\n", ev.Method, ev.Code) }
	})
	if err != nil {
		panic(err)
	}
	for out, err := range p.Pages("List", context.Background(), &ListInput{Prefix: aws.String("x")}) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(out.(*ListOutput).Names)
	}
	// Output:
	// [a b]
	// retrying List: RequestLimitExceeded
	// [c d]
	// [e]
}

func ExamplePagesOf() {
	p := awsretry.MustDecorate(&pgList{}, func(o *awsretry.Options) { o.Delay = time.Millisecond })
	for out, err := range awsretry.PagesOf[*ListOutput](p, "List", context.Background(), &ListInput{}) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(out.Names) // no type assertion
	}
	// Output:
	// [a b]
	// [c d]
	// [e]
}

// TestPagesOf: typed pages, and a T that does not fit the output rejected
// before anything is called.
func TestPagesOf(t *testing.T) {
	t.Run("pages", func(t *testing.T) {
		c := &pgList{}
		p := awsretry.MustDecorate(c, (&sleeps{}).fast)
		var names []string
		for out, err := range awsretry.PagesOf[*ListOutput](p, "List", context.Background(), &ListInput{}) {
			require.NoError(t, err)
			names = append(names, out.Names...)
		}
		assert.Equal(t, []string{"a", "b", "c", "d", "e"}, names)
		assert.Equal(t, 4, c.calls, "three pages, one throttled once")
	})
	t.Run("an interface T", func(t *testing.T) {
		n := 0
		for out, err := range awsretry.PagesOf[any](awsretry.MustDecorate(&pgList{}, (&sleeps{}).fast), "List", context.Background(), &ListInput{}) {
			require.NoError(t, err)
			require.IsType(t, &ListOutput{}, out)
			n++
		}
		assert.Equal(t, 3, n)
	})
	errs := []struct {
		name   string
		seq    func(p *awsretry.Proxy) iter.Seq2[*ListInput, error]
		target error
		want   string
	}{
		{"wrong T", func(p *awsretry.Proxy) iter.Seq2[*ListInput, error] {
			return awsretry.PagesOf[*ListInput](p, "List", context.Background(), &ListInput{})
		}, awsretry.ErrInvalidArguments, "PagesOf[*awsretry_test.ListInput]: List returns *awsretry_test.ListOutput"},
		{"unknown method", func(p *awsretry.Proxy) iter.Seq2[*ListInput, error] {
			return awsretry.PagesOf[*ListInput](p, "Lisst", context.Background(), &ListInput{})
		}, awsretry.ErrUnknownMethod, "Lisst"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			c := &pgList{}
			n := 0
			for out, err := range tt.seq(awsretry.MustDecorate(c, (&sleeps{}).fast)) {
				n++
				assert.Nil(t, out)
				require.ErrorIs(t, err, tt.target)
				assert.Contains(t, err.Error(), tt.want)
			}
			assert.Equal(t, 1, n, "one error, then the end")
			assert.Zero(t, c.calls, "nothing called")
		})
	}
}
