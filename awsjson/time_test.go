package awsjson_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// TestDecodeTimestampRange: a time is taken when Encode can write it and
// Decode read it back, years 1 to 9999 in UTC, and is otherwise a range
// error, in every form a timestamp takes.
func TestDecodeTimestampRange(t *testing.T) {
	const outOfRange = true
	tests := []struct {
		json string
		want time.Time
		bad  bool // the range error
	}{
		{`253402300799`, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), false},
		{`253402300799.999999999`, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), false},
		{`-62135596800`, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{`"9999-12-31T23:59:59.999999999Z"`, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), false},
		{`"0001-01-01T00:00:00Z"`, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{`"0001-01-01T01:00:00+01:00"`, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{`253402300800`, time.Time{}, outOfRange},
		{`253402300799.9999999995`, time.Time{}, outOfRange}, // rounds up to year 10000
		{`2.534023008e11`, time.Time{}, outOfRange},
		{`"253402300800"`, time.Time{}, outOfRange},
		{`-62135596801`, time.Time{}, outOfRange},
		{`-62135596800.000000001`, time.Time{}, outOfRange},
		{`9007199254740993`, time.Time{}, outOfRange},
		{`-9007199254740993`, time.Time{}, outOfRange},
		{`1e300`, time.Time{}, outOfRange},
		{`-1e999999999999`, time.Time{}, outOfRange},
		{`"9999-12-31T23:59:59-01:00"`, time.Time{}, outOfRange}, // year 10000 in UTC
		{`"0001-01-01T00:00:00+01:00"`, time.Time{}, outOfRange}, // year 0 in UTC
		{`"0000-06-01"`, time.Time{}, outOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var in ec2.DescribeSpotPriceHistoryInput
			err := awsjson.Decode([]byte(`{"StartTime":`+tt.json+`}`), &in)
			if tt.bad {
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
				require.ErrorContains(t, err, "at /StartTime: the timestamp is out of range: want 0001-01-01 to 9999-12-31 (UTC)")
				return
			}
			require.NoError(t, err)
			require.True(t, tt.want.Equal(*in.StartTime), "got %v, want %v", *in.StartTime, tt.want)
			roundTrip(t, &in)
		})
	}
}

// TestDecodeEpochDigits: epoch seconds are read in decimal, so that a
// number keeps the nanoseconds it names, and a numeric string must be a
// JSON number.
func TestDecodeEpochDigits(t *testing.T) {
	base := time.Unix(1709296215, 0).UTC()
	tests := []struct {
		json string
		want time.Time
	}{
		{`1709296215.123456789`, base.Add(123456789)},
		{`"1709296215.123456789"`, base.Add(123456789)},
		{`1.709296215123456789e9`, base.Add(123456789)},
		{`1709296215.1234567894`, base.Add(123456789)},
		{`1709296215.1234567895`, base.Add(123456790)},
		{`-1.5`, time.Unix(-2, 500000000).UTC()},
		{`-0.0000000005`, time.Unix(0, -1).UTC()},
		{`0.0000000004`, time.Unix(0, 0).UTC()},
		{`1e-999999999`, time.Unix(0, 0).UTC()},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var in ec2.DescribeSpotPriceHistoryInput
			require.NoError(t, awsjson.Decode([]byte(`{"StartTime":`+tt.json+`}`), &in))
			require.True(t, tt.want.Equal(*in.StartTime), "got %v, want %v", in.StartTime.Format(time.RFC3339Nano), tt.want.Format(time.RFC3339Nano))
			roundTrip(t, &in)
		})
	}
	for _, s := range []string{`" 5"`, `"+5"`, `"0x10"`, `"Inf"`, `"NaN"`, `"1_000"`, `"5."`, `""`} {
		err := awsjson.Decode([]byte(`{"StartTime":`+s+`}`), &ec2.DescribeSpotPriceHistoryInput{})
		require.ErrorContains(t, err, "at /StartTime: want a timestamp", s)
	}
}

// TestEncodeKeepsNanoseconds: Encode writes a time to the nanosecond,
// trailing zeros dropped, and Decode reads it back equal.
func TestEncodeKeepsNanoseconds(t *testing.T) {
	for ns, want := range map[int]string{
		0: `"2024-03-01T12:30:15+00:00"`, 500000000: `"2024-03-01T12:30:15.5+00:00"`,
		123000000: `"2024-03-01T12:30:15.123+00:00"`, 123456789: `"2024-03-01T12:30:15.123456789+00:00"`, 1: `"2024-03-01T12:30:15.000000001+00:00"`,
	} {
		at := time.Date(2024, 3, 1, 12, 30, 15, ns, time.UTC)
		in := &ec2.DescribeSpotPriceHistoryInput{StartTime: &at}
		out, err := awsjson.Encode(in)
		require.NoError(t, err)
		require.Equal(t, `{"StartTime":`+want+`}`, string(out))
		roundTrip(t, in)
	}
}

// roundTrip checks that Encode writes in as JSON that Decode reads back to
// the same time.
func roundTrip(t *testing.T, in *ec2.DescribeSpotPriceHistoryInput) {
	t.Helper()
	out, err := awsjson.Encode(in)
	require.NoError(t, err)
	var back ec2.DescribeSpotPriceHistoryInput
	require.NoError(t, awsjson.Decode(out, &back), "%s", out)
	require.True(t, in.StartTime.Equal(*back.StartTime), "%s gave %v", out, back.StartTime)
}
