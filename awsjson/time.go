package awsjson

import (
	"reflect"
	"time"
)

// zoneless are the ISO 8601 forms with no zone that Decode reads as UTC.
var zoneless = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// The times Decode takes are those Encode writes and Decode reads back:
// years 1 to 9999 in UTC, four digits, as Python's datetime holds them.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

const timeRange = "the timestamp is out of range: want 0001-01-01 to 9999-12-31 (UTC), as Python's datetime holds"

// time decodes a timestamp: RFC 3339, ISO 8601 with no zone (UTC), a date,
// or epoch seconds as a number or a numeric string, in [minTime, maxTime].
func (d *decoder) time(v reflect.Value) error {
	var text []byte
	var err error
	switch d.peek() {
	case '"':
		text, err = d.str()
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		text, err = d.scanner.number()
	default:
		return d.mismatch(v.Type())
	}
	if err != nil {
		return err
	}
	t, ok := parseTime(text)
	switch {
	case !ok:
		return d.fail("want a timestamp: RFC 3339, ISO 8601, a date (2006-01-02) or epoch seconds")
	case t.Before(minTime) || t.After(maxTime):
		return d.fail(timeRange)
	}
	*v.Addr().Interface().(*time.Time) = t // v is a field or element: addressable
	return nil
}

// parseTime reads text in any form Decode takes, as a time in UTC. The
// time may be out of range; ok is false when text is in no form.
func parseTime(text []byte) (time.Time, bool) {
	if isNumber(text) {
		return epoch(text), true
	}
	s := string(text)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range zoneless {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// isNumber reports whether text is exactly a JSON number, as an epoch in a
// string must be: not " 5", "+5", "0x10" or "Inf", which strconv would take.
func isNumber(text []byte) bool {
	if len(text) == 0 || text[0] != '-' && (text[0] < '0' || text[0] > '9') {
		return false
	}
	s := scanner{data: text}
	_, err := s.number()
	return err == nil && s.i == len(text)
}

// epoch returns the time text, a JSON number of seconds since 1970, names,
// read in decimal to the nanosecond (rounded half up): 1709296215.123456789
// keeps its nanoseconds, which a float64 would not. A value far out of
// range gives a time past maxTime or before minTime.
func epoch(text []byte) time.Time {
	neg, m, exp := decimal(text)
	point := len(m) + exp // digits of m before the decimal point
	if point > 12 {       // past maxTime, 253402300799, whatever the digits
		if neg {
			return minTime.Add(-time.Nanosecond)
		}
		return maxTime.Add(time.Nanosecond)
	}
	digit := func(i int) int64 {
		if i < 0 || i >= len(m) {
			return 0
		}
		return int64(m[i] - '0')
	}
	var sec, ns int64
	for i := range point {
		sec = sec*10 + digit(i)
	}
	for i := range 9 {
		ns = ns*10 + digit(point+i)
	}
	if digit(point+9) >= 5 {
		ns++
	}
	if neg {
		sec, ns = -sec, -ns
	}
	return time.Unix(sec, ns).UTC()
}
