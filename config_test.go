package awsretry_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/matryer/is"

	"github.com/awsretry/awsretry"
)

func TestDecorateRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*awsretry.Options)
		want string
	}{
		{"zero tries", func(o *awsretry.Options) { o.Tries = 0 }, "Tries is 0"},
		{"negative delay", func(o *awsretry.Options) { o.Delay = -time.Second }, "Delay is -1s"},
		{"zero backoff", func(o *awsretry.Options) { o.Backoff = 0 }, "Backoff is 0"},
		{"negative backoff", func(o *awsretry.Options) { o.Backoff = -2 }, "Backoff is -2"},
		{"NaN backoff", func(o *awsretry.Options) { o.Backoff = math.NaN() }, "Backoff is NaN"},
		{"infinite backoff", func(o *awsretry.Options) { o.Backoff = math.Inf(1) }, "Backoff is +Inf"},
		{"negative cap", func(o *awsretry.Options) { o.MaxDelay = -1 }, "MaxDelay is -1ns"},
		{"delay in Python's seconds", func(o *awsretry.Options) { o.Delay = 2 }, "Delay is 2ns; awsretry's delay is in seconds: did you mean 2 * time.Second?"},
		{"cap in Python's seconds", func(o *awsretry.Options) { o.MaxDelay = 30 }, "MaxDelay is 30ns; awsretry's delay is in seconds: did you mean 30 * time.Second?"},
		{"delay below a millisecond", func(o *awsretry.Options) { o.Delay = 500 * time.Microsecond }, "Delay is 500µs, want 0 or at least 1ms"},
		{"unknown jitter", func(o *awsretry.Options) { o.Jitter = 9 }, "Jitter is Jitter(9)"},
		{"nil option", nil, "option function 0 is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := is.New(t)
			s := newScripted()
			_, err := awsretry.Decorate(s, tt.fn)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.True(strings.Contains(err.Error(), tt.want))

			p := awsretry.MustDecorate(s)
			q, err := p.With(tt.fn)
			is.True(q == nil)
			is.True(errors.Is(err, awsretry.ErrInvalidOptions))
			is.Equal(s.Calls(), 0) // nothing called
		})
	}
}
