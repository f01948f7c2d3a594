package awsretry_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	dtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestPagesTokenPairs(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		method string
		input  any
	}{
		{"ListNext", &PgNextIn{MaxResults: aws.Int32(2)}},
		{"ListEmptyPtr", &PgNextIn{}},
		{"ListString", &PgStringIn{}},
		{"ListMarker", &PgNextMarkerIn{}},
		{"ListIAM", &PgMarkerIn{}},
		{"ListV2", &PgContIn{}},
		{"Scan", &PgScanIn{TableName: aws.String("t")}},
	}
	for _, tc := range cases {
		t.Run(tc.method, func(t *testing.T) {
			f := newPgFake(4)
			p := awsretry.MustDecorate(f, (&sleeps{}).fast)
			got, pages, err := items(p.Pages(tc.method, ctx, tc.input))
			require.NoError(t, err)
			assert.Equal(t, 4, pages)
			assert.Equal(t, pgItems(4), got)
			assert.Equal(t, pgTokens(4), f.calls(), "each page asked for once, with the previous page's token")
		})
	}
}

func TestPagesStops(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name       string
		pages      int // the fake's
		method     string
		input      *PgNextIn
		wantPages  int
		wantTokens []string
	}{
		{"on a repeated token", 5, "ListRepeat", &PgNextIn{}, 2, []string{"", "tok-1"}},
		{"on a first page that repeats the caller's token", 5, "ListRepeat", &PgNextIn{NextToken: aws.String("tok-1")}, 1, []string{"tok-1"}},
		{"on a single page", 1, "ListNext", &PgNextIn{}, 1, []string{""}},
		{"after starting at the caller's token", 4, "ListNext", &PgNextIn{NextToken: aws.String("tok-2")}, 2, []string{"tok-2", "tok-3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newPgFake(tc.pages)
			p := awsretry.MustDecorate(f, (&sleeps{}).fast)
			_, pages, err := items(p.Pages(tc.method, ctx, tc.input))
			require.NoError(t, err)
			assert.Equal(t, tc.wantPages, pages)
			assert.Equal(t, tc.wantTokens, f.calls())
		})
	}
	t.Run("when the consumer breaks", func(t *testing.T) {
		f := newPgFake(5)
		p := awsretry.MustDecorate(f, (&sleeps{}).fast)
		pages := 0
		for _, err := range p.Pages("ListNext", ctx, &PgNextIn{}) {
			require.NoError(t, err)
			if pages++; pages == 2 {
				break
			}
		}
		assert.Equal(t, []string{"", "tok-1"}, f.calls(), "no call after the break")
	})
}

func TestPagesConsumerChangesTheOutput(t *testing.T) {
	f := newPgFake(3)
	p := awsretry.MustDecorate(f, (&sleeps{}).fast)
	pages := 0
	for out, err := range p.Pages("ListNext", context.Background(), &PgNextIn{}) {
		require.NoError(t, err)
		pages++
		o := out.(*PgNextOut)
		if o.NextToken != nil {
			*o.NextToken = "tampered"
		}
		o.NextToken = nil
	}
	assert.Equal(t, 3, pages)
	assert.Equal(t, pgTokens(3), f.calls())
}

// truncClient answers every page with a new token and the IsTruncated of
// its script, so that only IsTruncated can end the pages.
type truncClient struct {
	truncated []*bool
	calls     int
}

type TruncIn struct{ NextToken *string }
type TruncOut struct {
	NextToken   *string
	IsTruncated *bool
}

func (c *truncClient) List(ctx context.Context, in *TruncIn) (*TruncOut, error) {
	c.calls++
	return &TruncOut{NextToken: aws.String(fmt.Sprint("tok-", c.calls)), IsTruncated: c.truncated[c.calls-1]}, nil
}

// TestPagesIsTruncated: an IsTruncated of false ends the pages even with a
// token; one that is nil says nothing, and the token decides.
func TestPagesIsTruncated(t *testing.T) {
	yes, no := aws.Bool(true), aws.Bool(false)
	tests := []struct {
		name      string
		truncated []*bool
		pages     int
	}{
		{"false on the first page", []*bool{no}, 1},
		{"true, then false", []*bool{yes, yes, no}, 3},
		{"nil, then false", []*bool{nil, nil, no}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &truncClient{truncated: tt.truncated}
			p := awsretry.MustDecorate(c, (&sleeps{}).fast)
			pages := 0
			for _, err := range p.Pages("List", context.Background(), &TruncIn{}) {
				require.NoError(t, err)
				pages++
			}
			assert.Equal(t, tt.pages, pages)
			assert.Equal(t, tt.pages, c.calls)
		})
	}
}

// TestPagesConsumerChangesAMapToken: the next page starts from a copy of
// the map token, so a consumer who writes into a page's LastEvaluatedKey
// does not move it.
func TestPagesConsumerChangesAMapToken(t *testing.T) {
	f := newPgFake(3)
	p := awsretry.MustDecorate(f, (&sleeps{}).fast)
	pages := 0
	for out, err := range p.Pages("Scan", context.Background(), &PgScanIn{}) {
		require.NoError(t, err)
		if pages++; pages > 10 {
			break // a moved token would start the scan again, and again
		}
		o := out.(*PgScanOut)
		o.LastEvaluatedKey["pk"] = &dtypes.AttributeValueMemberS{Value: "tampered"}
	}
	assert.Equal(t, 3, pages)
	assert.Equal(t, pgTokens(3), f.calls())
}
