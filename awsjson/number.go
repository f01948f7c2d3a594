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
	if plain(text) {
		if text[0] == '-' && text[1] == '0' { // -0: JSON forbids other leading zeros
			return zeroText, true, false
		}
		return text, true, false
	}
	neg, mantissa, exp := decimal(text)
	switch {
	case len(mantissa) == 0:
		return zeroText, true, false
	case exp < 0:
		return nil, false, false
	case len(mantissa)+exp > maxDigits:
		return nil, true, true
	}
	digits = make([]byte, 0, 1+maxDigits)
	if neg {
		digits = append(digits, '-')
	}
	digits = append(digits, mantissa...)
	return append(digits, bytes.Repeat([]byte{'0'}, exp)...), true, false
}

var zeroText = []byte("0")

// plain reports whether text, a JSON number, has no fraction or exponent.
func plain(text []byte) bool {
	for _, c := range text {
		if c == '.' || c == 'e' || c == 'E' {
			return false
		}
	}
	return true
}

// decimal splits text, a JSON number, into its sign and its value's
// significant digits and power of ten, exactly: -12.50e1 is -, "125", 0.
// mantissa has no leading or trailing zeros, and is empty for zero. exp
// saturates near ±2^30, far past any value awsjson takes.
func decimal(text []byte) (neg bool, mantissa []byte, exp int) {
	neg = text[0] == '-'
	if neg {
		text = text[1:]
	}
	intPart, frac := text, []byte(nil)
	if e := bytes.IndexAny(text, "eE"); e >= 0 {
		intPart, exp = text[:e], exponent(text[e+1:])
	}
	if dot := bytes.IndexByte(intPart, '.'); dot >= 0 {
		intPart, frac = intPart[:dot], intPart[dot+1:]
	}
	exp -= len(frac)
	mantissa = make([]byte, 0, len(intPart)+len(frac))
	mantissa = bytes.TrimLeft(append(append(mantissa, intPart...), frac...), "0")
	n := len(mantissa)
	mantissa = bytes.TrimRight(mantissa, "0")
	return neg, mantissa, exp + n - len(mantissa)
}

// exponent reads a JSON number's exponent after the 'e': an optional sign
// and digits. It saturates at ±2^30, so that no exponent overflows the sums
// it takes part in.
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
