package awsretry

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackoffSchedule(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		opts func(*Options)
		want []time.Duration // sleeps before attempts 2, 3, ...
	}{
		{"awsretry defaults", func(*Options) {}, []time.Duration{
			3 * time.Second, 3300 * ms, 3630 * ms, 3993 * ms, 4392300 * time.Microsecond,
			4831530 * time.Microsecond, 5314683 * time.Microsecond, 5846151300, 6430766430,
		}},
		{"doubling", func(o *Options) { o.Delay, o.Backoff = 100*ms, 2 }, []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms}},
		{"capped", func(o *Options) { o.Delay, o.Backoff, o.MaxDelay = 100*ms, 2, 250*ms }, []time.Duration{100 * ms, 200 * ms, 250 * ms, 250 * ms}},
		{"shrinking", func(o *Options) { o.Delay, o.Backoff = 100*ms, 0.5 }, []time.Duration{100 * ms, 50 * ms, 25 * ms}},
		{"zero delay", func(o *Options) { o.Delay = 0 }, []time.Duration{0, 0, 0}},
		{"saturates", func(o *Options) { o.Delay, o.Backoff = time.Hour, 1e300 }, []time.Duration{time.Hour, math.MaxInt64, math.MaxInt64}},
		{"saturates under a cap", func(o *Options) { o.Delay, o.Backoff, o.MaxDelay = time.Hour, 1e300, 2*time.Hour }, []time.Duration{time.Hour, 2 * time.Hour, 2 * time.Hour}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := buildOptions(DefaultOptions(), []func(*Options){tt.opts})
			require.NoError(t, err)
			for k, want := range tt.want {
				assert.Equal(t, want, o.backoff(k), "sleep before attempt %d", k+2)
				assert.Equal(t, want, o.sleepFor(k, 0, nil), "NoJitter never asks for randomness")
			}
		})
	}
}

func TestDefaultScheduleTotal(t *testing.T) {
	o := DefaultOptions()
	var total time.Duration
	for k := range o.Tries - 1 {
		total += o.backoff(k)
	}
	assert.Equal(t, 40738430730*time.Nanosecond, total, "9 sleeps of awsretry's defaults")
}

// TestScheduleTableInTheDocs: the table in Options' doc comment is the
// schedule that DefaultOptions makes, row by row, and DefaultOptions is
// made of the exported constants.
func TestScheduleTableInTheDocs(t *testing.T) {
	src, err := os.ReadFile("config.go")
	require.NoError(t, err)
	rows := regexp.MustCompile(`(?m)^//\t(\d+)\s+(\S+)\s+(\S+)$`).FindAllStringSubmatch(string(src), -1)
	o := DefaultOptions()
	require.Len(t, rows, o.Tries-1, "one row per retry")
	var total time.Duration
	for k, row := range rows {
		total += o.backoff(k)
		assert.Equal(t, strconv.Itoa(k+1), row[1])
		assert.Equal(t, o.backoff(k).String(), row[2], "retry %d's sleep", k+1)
		assert.Equal(t, total.String(), row[3], "slept before retry %d", k+1)
	}
	assert.Equal(t, Options{Tries: DefaultTries, Delay: DefaultDelay, Backoff: DefaultBackoff}, o)
}
