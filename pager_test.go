package awsretry_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
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
