package awsjson

import (
	"math"
	"reflect"
	"strconv"
	"time"
)

// zoneless are the ISO 8601 forms with no zone that Decode reads as UTC.
var zoneless = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// time decodes a timestamp: RFC 3339, ISO 8601 with no zone (UTC), a date,
// or epoch seconds as a number or a numeric string.
func (d *decoder) time(v reflect.Value) error {
	var text string
	switch d.peek() {
	case '"':
		s, err := d.str()
		if err != nil {
			return err
		}
		text = string(s)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		n, err := d.scanner.number()
		if err != nil {
			return err
		}
		text = string(n)
	default:
		return d.mismatch(v.Type())
	}
	t, ok := parseTime(text)
	if !ok {
		return d.fail("want a timestamp: RFC 3339, ISO 8601, a date (2006-01-02) or epoch seconds")
	}
	*v.Addr().Interface().(*time.Time) = t // v is a field or element: addressable
	return nil
}

// parseTime reads text in any form Decode takes, as a time in UTC.
func parseTime(text string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, text); err == nil {
		return t.UTC(), true
	}
	for _, layout := range zoneless {
		if t, err := time.Parse(layout, text); err == nil {
			return t.UTC(), true
		}
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1<<53 {
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), true
	}
	return time.Time{}, false
}
