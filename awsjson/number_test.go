package awsjson_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/awsjson"
)

// integers has an integer of each size and sign.
type integers struct {
	I8  *int8
	I32 *int32
	I64 *int64
	U8  *uint8
	U32 *uint32
	U64 *uint64
}

// TestDecodeIntegers: an integer member takes a JSON number whose value is
// whole, in any notation (5.0, 5e0, 50e-1), computed exactly in decimal;
// -0 is 0 for signed and unsigned alike; a fraction, a negative number for
// an unsigned member, and a value out of range are errors that say which.
func TestDecodeIntegers(t *testing.T) {
	tests := []struct {
		member, num string
		want        int64 // when err is ""
		err         string
	}{
		{"I32", "5", 5, ""},
		{"I32", "5.0", 5, ""},
		{"I32", "5e0", 5, ""},
		{"I32", "5E+0", 5, ""},
		{"I32", "50e-1", 5, ""},
		{"I32", "0.5e1", 5, ""},
		{"I32", "0.05e2", 5, ""},
		{"I32", "500.000e-2", 5, ""},
		{"I32", "-5.0", -5, ""},
		{"I32", "2147483647.0", 2147483647, ""},
		{"I32", "-2147483648e0", -2147483648, ""},
		{"I32", "-0", 0, ""},
		{"I32", "-0.0", 0, ""},
		{"I32", "0e999999999999999999999", 0, ""},
		{"I32", "-0.000e-5", 0, ""},
		{"I64", "9.223372036854775807e18", 9223372036854775807, ""},
		{"I64", "-9223372036854775808", -9223372036854775808, ""},
		{"I8", "1.27e2", 127, ""},
		{"U8", "-0", 0, ""},
		{"U8", "-0.0e3", 0, ""},
		{"U8", "2.55e2", 255, ""},
		{"U32", "4294967295", 4294967295, ""},
		{"I32", "5.5", 0, "want a whole number for int32"},
		{"I32", "5.0000000000000000001", 0, "want a whole number for int32"}, // 5 as a float64: exact here
		{"I32", "1e-400", 0, "want a whole number for int32"},
		{"I32", "5e-1", 0, "want a whole number for int32"},
		{"I32", "1e-99999999999999999999", 0, "want a whole number for int32"},
		{"I32", "2147483648", 0, "the number overflows int32"},
		{"I32", "2.147483648e9", 0, "the number overflows int32"},
		{"I32", "-2147483649.0", 0, "the number overflows int32"},
		{"I32", "1e400", 0, "the number overflows int32"},
		{"I32", "1e99999999999999999999", 0, "the number overflows int32"},
		{"I64", "9223372036854775808", 0, "the number overflows int64"},
		{"I64", "1e20", 0, "the number overflows int64"},
		{"I8", "128.0", 0, "the number overflows int8"},
		{"U8", "256", 0, "the number overflows uint8"},
		{"U8", "-1", 0, "the number is negative, and uint8 is unsigned"},
		{"U32", "-1e0", 0, "the number is negative, and uint32 is unsigned"},
		{"U64", "1e20", 0, "the number overflows uint64"},
		{"U64", "18446744073709551616", 0, "the number overflows uint64"},
	}
	for _, tt := range tests {
		t.Run(tt.member+"="+tt.num, func(t *testing.T) {
			var in integers
			err := awsjson.Decode([]byte(`{"`+tt.member+`":`+tt.num+`}`), &in)
			if tt.err != "" {
				require.ErrorIs(t, err, awsretry.ErrInvalidArguments)
				require.ErrorContains(t, err, "at /"+tt.member+": "+tt.err)
				return
			}
			require.NoError(t, err)
			got := map[string]func() int64{
				"I8": func() int64 { return int64(*in.I8) }, "I32": func() int64 { return int64(*in.I32) },
				"I64": func() int64 { return *in.I64 }, "U8": func() int64 { return int64(*in.U8) },
				"U32": func() int64 { return int64(*in.U32) },
			}[tt.member]()
			require.Equal(t, tt.want, got)
		})
	}
	var in integers // past int64, so not in the table
	require.NoError(t, awsjson.Decode([]byte(`{"U64":1e19}`), &in))
	require.Equal(t, uint64(10000000000000000000), *in.U64)
	require.NoError(t, awsjson.Decode([]byte(`{"U64":18446744073709551615.000}`), &in))
	require.Equal(t, uint64(18446744073709551615), *in.U64)
}
