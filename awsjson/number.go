package awsjson

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
)

// integer reads text, a JSON number, as an integer for t, a Go int or uint
// type. A number with a fraction or an exponent is taken when its value is
// whole (5.0, 5e0, 50e-1), as Python's int(5.0) and boto3 take it, and -0
// is 0 for an int and a uint alike. reason, when not "", says why text does
// not fit t, with no input value.
func integer(text []byte, t reflect.Type) (i int64, u uint64, reason string) {
	digits, whole, huge := wholeText(text)
	switch {
	case huge:
		return 0, 0, fmt.Sprintf("the number overflows %s", t)
	case !whole:
		return 0, 0, fmt.Sprintf("want a whole number for %s", t)
	}
	var err error
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if digits[0] == '-' {
			return 0, 0, fmt.Sprintf("the number is negative, and %s is unsigned", t)
		}
		u, err = strconv.ParseUint(string(digits), 10, t.Bits())
	default:
		i, err = strconv.ParseInt(string(digits), 10, t.Bits())
	}
	if err != nil { // the digits are valid: only the range can fail
		return 0, 0, fmt.Sprintf("the number overflows %s", t)
	}
	return i, u, ""
}

// maxDigits is the most decimal digits of a Go integer: 20, in 2^64-1.
const maxDigits = 20

// wholeText returns the value of text, a JSON number, as the decimal
// digits of an integer with a '-' when below zero: text itself when it has
// no fraction or exponent, "5" for 5.0, 5e0 or 50e-1, and "0" for -0 or
// 0e999. whole is false when the value has a fraction (5.5, 1e-400); huge
// is true when it is whole with more than maxDigits digits (1e400). The
// value is computed exactly, in decimal: 5.0000000000000000001 is not whole,
// though it is 5 as a float64.
func wholeText(text []byte) (digits []byte, whole, huge bool) {
	neg := text[0] == '-'
	body := text
	if neg {
		body = text[1:]
	}
	mark := bytes.IndexAny(body, ".eE")
	if mark < 0 {
		if neg && body[0] == '0' { // -0: JSON forbids other leading zeros
			return zeroText, true, false
		}
		return text, true, false
	}
	intPart, rest := body[:mark], body[mark:]
	var frac []byte
	if rest[0] == '.' {
		frac = rest[1:]
		if e := bytes.IndexAny(frac, "eE"); e >= 0 {
			frac, rest = frac[:e], frac[e:]
		} else {
			rest = nil
		}
	}
	shift := -len(frac) // the value is (intPart frac) × 10^shift
	if len(rest) > 0 {
		shift += exponent(rest[1:])
	}
	mantissa := make([]byte, 0, len(intPart)+len(frac))
	mantissa = append(append(mantissa, intPart...), frac...)
	mantissa = bytes.TrimLeft(mantissa, "0")
	if len(mantissa) == 0 {
		return zeroText, true, false
	}
	n := len(mantissa)
	mantissa = bytes.TrimRight(mantissa, "0")
	shift += n - len(mantissa)
	switch {
	case shift < 0:
		return nil, false, false
	case len(mantissa)+shift > maxDigits:
		return nil, true, true
	}
	digits = make([]byte, 0, 1+maxDigits)
	if neg {
		digits = append(digits, '-')
	}
	digits = append(digits, mantissa...)
	return append(digits, bytes.Repeat([]byte{'0'}, shift)...), true, false
}

var zeroText = []byte("0")

// exponent reads a JSON number's exponent after the 'e': an optional sign
// and digits. It saturates at ±2^30, far past any number an integer holds,
// so that no exponent overflows the sums it takes part in.
func exponent(text []byte) int {
	neg := false
	if text[0] == '+' || text[0] == '-' {
		neg, text = text[0] == '-', text[1:]
	}
	e := 0
	for _, c := range text {
		e = min(e*10+int(c-'0'), 1<<30)
	}
	if neg {
		return -e
	}
	return e
}
