package awsretry

import (
	"errors"
	"strconv"
	"time"
)

// The controller's state in StoreRate.Data: numbers only, in text, apart
// by spaces, the first one the format (dataFormat). A Limiter reads the
// state of another format (a fleet in a rolling deploy) as the bare rate
// of its Interval (controlOf).

// dataFormat is the first number of StoreRate.Data.
const dataFormat = 1

// fields returns pointers to every field of c, in the order of Data.
func (c *limControl) fields() []any {
	f := []any{&c.limited, &c.rate, &c.bw, &c.noise, &c.phase, &c.cruised, &c.probes, &c.cruiseStart, &c.calm, &c.samples, &c.version}
	for i := range c.hist {
		h := &c.hist[i]
		f = append(f, &h.rate, &h.n, &h.thr)
	}
	return f
}

// encodeControl returns c as StoreRate.Data.
func encodeControl(c limControl) []byte {
	b := strconv.AppendInt(make([]byte, 0, 256), dataFormat, 10)
	for _, f := range c.fields() {
		b = append(b, ' ')
		switch p := f.(type) {
		case *bool:
			b = strconv.AppendBool(b, *p)
		case *float64:
			b = strconv.AppendFloat(b, *p, 'g', -1, 64)
		case *int:
			b = strconv.AppendInt(b, int64(*p), 10)
		case *uint64:
			b = strconv.AppendUint(b, *p, 10)
		case *limPhase:
			b = strconv.AppendUint(b, uint64(*p), 10)
		case *time.Time:
			var ns int64
			if !p.IsZero() {
				ns = p.UnixNano()
			}
			b = strconv.AppendInt(b, ns, 10)
		}
	}
	return b
}

// errData is a StoreRate.Data that is not of this format.
var errData = errors.New("awsretry: the store's limiter state is not of this version")

// decodeControl reads Data into a state, or returns errData.
func decodeControl(data []byte) (limControl, error) {
	var c limControl
	fields := c.fields()
	i, n := 0, -1 // the byte and the field read; -1 is the format
	for i < len(data) {
		j := i
		for j < len(data) && data[j] != ' ' {
			j++
		}
		tok := string(data[i:j])
		i = j + 1
		if n == -1 {
			if tok != strconv.Itoa(dataFormat) {
				return limControl{}, errData
			}
			n++
			continue
		}
		if n >= len(fields) || !setField(fields[n], tok) {
			return limControl{}, errData
		}
		n++
	}
	if n != len(fields) {
		return limControl{}, errData
	}
	return c, nil
}

// setField parses tok into the field f points to, and reports whether
// it could.
func setField(f any, tok string) bool {
	var err error
	switch p := f.(type) {
	case *bool:
		*p, err = strconv.ParseBool(tok)
	case *float64:
		*p, err = strconv.ParseFloat(tok, 64)
	case *int:
		*p, err = strconv.Atoi(tok)
	case *uint64:
		*p, err = strconv.ParseUint(tok, 10, 64)
	case *limPhase:
		var u uint64
		u, err = strconv.ParseUint(tok, 10, 8)
		*p = limPhase(u)
	case *time.Time:
		var ns int64
		if ns, err = strconv.ParseInt(tok, 10, 64); ns != 0 {
			*p = time.Unix(0, ns)
		}
	}
	return err == nil
}

// controlOf returns the state of a store's rate: its Data, or, when the
// Data is of another format or missing, a limited scope at the rate of its
// Interval (open without one) that has learnt nothing else.
func controlOf(r StoreRate) limControl {
	if c, err := decodeControl(r.Data); err == nil {
		return c
	}
	if r.Interval <= 0 {
		return limControl{}
	}
	return limControl{limited: true, rate: float64(time.Second) / float64(r.Interval)}
}

// interval returns the slot spacing of c: 1/(rate × gain) while limited,
// 0 while open.
func (c *limControl) interval() time.Duration {
	if !c.limited || c.rate <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / (c.rate * c.gain()))
}

// scaled returns c with its rates (the rate, the limit and the windows'
// samples) times f, and its times moved by shift: a fleet's state as one
// process's share of it, on the process's clock, or back.
func (c limControl) scaled(f float64, shift time.Duration) limControl {
	c.rate *= f
	c.bw *= f
	for i := range c.hist {
		c.hist[i].rate *= f
	}
	if !c.cruiseStart.IsZero() {
		c.cruiseStart = c.cruiseStart.Add(shift)
	}
	return c
}
