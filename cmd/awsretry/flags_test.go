package main

import (
	"context"
	"errors"
	"flag"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestParseFlags(t *testing.T) {
	def := awsretry.DefaultOptions()
	cases := []struct {
		name  string
		args  []string
		check func(t *testing.T, c config)
	}{
		{"defaults are the library's", []string{"aws", "ec2"}, func(t *testing.T, c config) {
			require.Equal(t, def, c.opts)
			require.Equal(t, []string{"aws", "ec2"}, c.command)
			require.Zero(t, c.timeout)
			require.False(t, c.transient || c.verbose || c.keepCLI)
		}},
		{"every flag", []string{"--tries", "20", "--delay", "2s", "--backoff", "1.5", "--max-delay", "1m",
			"--jitter", "decorrelated", "--added-exceptions", "ConcurrentTagAccess", "--excluded-exceptions", "InvalidGroup.NotFound",
			"--timeout", "90s", "--transient", "--keep-cli-retries", "-v", "--", "aws", "--debug"}, func(t *testing.T, c config) {
			o := c.opts
			require.Equal(t, 20, o.Tries)
			require.Equal(t, 2*time.Second, o.Delay)
			require.Equal(t, 1.5, o.Backoff)
			require.Equal(t, time.Minute, o.MaxDelay)
			require.Equal(t, awsretry.DecorrelatedJitter, o.Jitter)
			require.Equal(t, []string{"ConcurrentTagAccess"}, o.AddedExceptions)
			require.Equal(t, []string{"InvalidGroup.NotFound"}, o.ExcludedExceptions)
			require.Equal(t, 90*time.Second, c.timeout)
			require.True(t, c.transient && c.keepCLI && c.verbose)
			require.Equal(t, []string{"aws", "--debug"}, c.command, "flags after -- are the command's")
		}},
		{"a bare number is seconds, as in Python", []string{"--delay", "2", "--max-delay", "0.5", "--timeout", "30", "aws"}, func(t *testing.T, c config) {
			require.Equal(t, 2*time.Second, c.opts.Delay)
			require.Equal(t, 500*time.Millisecond, c.opts.MaxDelay)
			require.Equal(t, 30*time.Second, c.timeout)
		}},
		{"codes are comma-separated and repeatable", []string{"--added-exceptions", "A, B,,", "--added-exceptions=C", "aws"}, func(t *testing.T, c config) {
			require.Equal(t, []string{"A", "B", "C"}, c.opts.AddedExceptions)
		}},
		{"the command's own flags are its own, without --", []string{"-v", "aws", "-v", "--tries", "x"}, func(t *testing.T, c config) {
			require.True(t, c.verbose)
			require.Equal(t, []string{"aws", "-v", "--tries", "x"}, c.command)
		}},
		{"zero sleeps and no deadline", []string{"--delay", "0", "--max-delay", "0s", "--timeout", "0", "aws"}, func(t *testing.T, c config) {
			require.Zero(t, c.opts.Delay)
			require.Zero(t, c.opts.MaxDelay)
			require.Zero(t, c.timeout)
		}},
		{"each jitter", []string{"--jitter", "none", "--jitter", "full", "aws"}, func(t *testing.T, c config) {
			require.Equal(t, awsretry.FullJitter, c.opts.Jitter)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseFlags(tc.args)
			require.NoError(t, err)
			tc.check(t, c)
		})
	}
}

func TestParseFlagsRejectsBadFlagsNamingThem(t *testing.T) {
	cases := []struct {
		args []string
		flag string // the flag the message must name
	}{
		{[]string{"--tries", "0", "aws"}, "-tries"},
		{[]string{"--tries", "2.5", "aws"}, "-tries"},
		{[]string{"--tries", "many", "aws"}, "-tries"},
		{[]string{"--delay", "-1s", "aws"}, "-delay"},
		{[]string{"--delay", "-2", "aws"}, "-delay"},
		{[]string{"--delay", "2x", "aws"}, "-delay"},
		{[]string{"--delay", "500us", "aws"}, "-delay"},
		{[]string{"--delay", "NaN", "aws"}, "-delay"},
		{[]string{"--delay", "1e300", "aws"}, "-delay"},
		{[]string{"--max-delay", "0.0001", "aws"}, "-max-delay"},
		{[]string{"--timeout", "soon", "aws"}, "-timeout"},
		{[]string{"--backoff", "0", "aws"}, "-backoff"},
		{[]string{"--backoff", "-1.1", "aws"}, "-backoff"},
		{[]string{"--backoff", "Inf", "aws"}, "-backoff"},
		{[]string{"--jitter", "wobbly", "aws"}, "-jitter"},
		{[]string{"--added-exceptions", " , ", "aws"}, "-added-exceptions"},
		{[]string{"--excluded-exceptions", "", "aws"}, "-excluded-exceptions"},
		{[]string{"--retries", "3", "aws"}, "-retries"},
		{[]string{"--tries"}, "-tries"},
		{[]string{"--transient=maybe", "aws"}, "-transient"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, err := parseFlags(tc.args)
			require.ErrorIs(t, err, errUsage)
			require.Regexp(t, ` `+regexp.QuoteMeta(tc.flag)+`(:|$)`, err.Error(), "the message names the flag")
		})
	}
	t.Run("no command", func(t *testing.T) {
		_, err := parseFlags([]string{"--tries", "3"})
		require.ErrorIs(t, err, errUsage)
		require.Contains(t, err.Error(), "no command")
	})
	for _, h := range []string{"-h", "--help"} {
		_, err := parseFlags([]string{h})
		require.ErrorIs(t, err, flag.ErrHelp, h)
	}
}

// TestFlagBoundsAreTheLibrarys checks that a flag value is accepted exactly
// when the library accepts the option it sets, so that a bad value is
// reported by its flag's name and never reaches Wrap.
func TestFlagBoundsAreTheLibrarys(t *testing.T) {
	values := map[string][]string{
		"--tries":     {"-1", "0", "1", "2"},
		"--delay":     {"0", "1ns", "999us", "0.0009", "1ms", "0.001", "3"},
		"--max-delay": {"0", "999999ns", "1ms", "1h"},
		"--backoff":   {"0", "0.5", "1", "1e300", "1e308", "1e309"},
	}
	noop := func(context.Context) error { return nil }
	for name, vals := range values {
		for _, v := range vals {
			c, flagErr := parseFlags([]string{name, v, "aws"})
			if flagErr != nil {
				continue // the other way round is checked below
			}
			_, libErr := awsretry.Wrap(noop, func(o *awsretry.Options) { *o = c.opts })
			require.NoError(t, libErr, "%s %s: accepted by the flag, rejected by the library", name, v)
		}
	}
	for name, bad := range map[string]func(*awsretry.Options){
		"--tries 0":       func(o *awsretry.Options) { o.Tries = 0 },
		"--delay 999us":   func(o *awsretry.Options) { o.Delay = 999 * time.Microsecond },
		"--max-delay 1ns": func(o *awsretry.Options) { o.MaxDelay = 1 },
		"--backoff 0":     func(o *awsretry.Options) { o.Backoff = 0 },
	} {
		_, libErr := awsretry.Wrap(noop, bad)
		require.True(t, errors.Is(libErr, awsretry.ErrInvalidOptions), name)
		args := append(strings.Fields(name), "aws")
		_, flagErr := parseFlags(args)
		require.ErrorIs(t, flagErr, errUsage, "%s: rejected by the library, accepted by the flag", name)
	}
}

func TestParseSeconds(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{"0.25", 250 * time.Millisecond, true},
		{"1e1", 10 * time.Second, true},
		{"1m30s", 90 * time.Second, true},
		{"0", 0, true},
		{"1h", time.Hour, true},
		{"-1", 0, false},
		{"-1s", 0, false},
		{"", 0, false},
		{"3 s", 0, false},
		{"Inf", 0, false},
		{"9.3e9", 0, false}, // past the longest time.Duration
	}
	for _, tc := range cases {
		got, ok := parseSeconds(tc.in)
		require.Equal(t, tc.ok, ok, "%q", tc.in)
		if ok {
			require.Equal(t, tc.want, got, "%q", tc.in)
		}
	}
}
