package awsretry

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// leaves counts the numbers in a value of type t: a time is one, an array
// its elements', a struct its fields'.
func leaves(t reflect.Type) int {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return 1
	case t.Kind() == reflect.Array:
		return t.Len() * leaves(t.Elem())
	case t.Kind() == reflect.Struct:
		n := 0
		for i := range t.NumField() {
			n += leaves(t.Field(i).Type)
		}
		return n
	}
	return 1
}

// TestControlDataHasEveryField: StoreRate.Data holds every field of the
// controller's state, so that a field added to limControl without a place
// in fields fails here, not in a fleet.
func TestControlDataHasEveryField(t *testing.T) {
	var c limControl
	if got, want := len(c.fields()), leaves(reflect.TypeFor[limControl]()); got != want {
		t.Fatalf("limControl.fields() has %d fields, limControl has %d numbers", got, want)
	}
}

// TestControlDataRoundTrip: a state read back from its Data is the same,
// and Data that is not of this format reads as the rate of the Interval.
func TestControlDataRoundTrip(t *testing.T) {
	c := limControl{limited: true, rate: 123.456, bw: math.Inf(1), noise: 0.05, phase: phaseProbe, cruised: 3, probes: 2,
		cruiseStart: time.Unix(1700000000, 123456789), calm: 1, samples: 2, version: 99}
	c.hist[0] = limSample{rate: 1e-3, n: 20, thr: 1}
	c.hist[fitWindows-1] = limSample{rate: 5e8, n: 7, thr: 7}
	data := encodeControl(c)
	for _, b := range data {
		if (b < '0' || b > '9') && b != ' ' && b != '.' && b != 'e' && b != '-' && b != '+' && b != 'I' && b != 'n' && b != 'f' && b != 't' && b != 'r' && b != 'u' && b != 'a' && b != 'l' && b != 's' {
			t.Fatalf("Data %q: byte %q is not of a number", data, b)
		}
	}
	got, err := decodeControl(data)
	if err != nil {
		t.Fatalf("decode %q: %v", data, err)
	}
	if !reflect.DeepEqual(got, c) || !got.cruiseStart.Equal(c.cruiseStart) {
		t.Errorf("decode(encode(c)) = %+v, want %+v", got, c)
	}
	if open, err := decodeControl(encodeControl(limControl{})); err != nil || !reflect.DeepEqual(open, limControl{}) {
		t.Errorf("the zero state: %+v, %v", open, err)
	}
	for _, bad := range []string{"", "2 true", "1 true 1", string(data) + " 1", "1 maybe" + string(data[6:])} {
		if _, err := decodeControl([]byte(bad)); err == nil {
			t.Errorf("decode %q: no error", bad)
		}
		r := controlOf(StoreRate{Version: 3, Interval: 20 * time.Millisecond, Data: []byte(bad)})
		if !r.limited || math.Abs(r.rate-50) > 1e-9 {
			t.Errorf("controlOf(Data %q, Interval 20ms) = limited %v at %v, want limited at 50/s", bad, r.limited, r.rate)
		}
	}
	if r := controlOf(StoreRate{Version: 3, Data: []byte("x")}); r.limited {
		t.Errorf("controlOf(Data x, Interval 0) is limited, want open")
	}
}

// TestControlInterval: the slot spacing is 1/(rate × gain) while limited.
func TestControlInterval(t *testing.T) {
	drained := 100 * drainGain
	for _, tt := range []struct {
		c    limControl
		want time.Duration
	}{
		{limControl{}, 0},
		{limControl{limited: true, rate: 100}, 10 * time.Millisecond},
		{limControl{limited: true, rate: 100, phase: phaseDrain}, time.Duration(float64(time.Second) / drained)},
	} {
		if got := tt.c.interval(); got != tt.want {
			t.Errorf("%+v.interval() = %v, want %v", tt.c, got, tt.want)
		}
	}
}
