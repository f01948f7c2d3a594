package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestChildEnv(t *testing.T) {
	base := []string{"PATH=/bin", "AWS_REGION=us-east-1"}
	cases := []struct {
		name    string
		env     []string
		keepCLI bool
		want    []string
	}{
		{"one layer by default", base, false,
			[]string{"PATH=/bin", "AWS_REGION=us-east-1", "AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard"}},
		{"the caller's attempts stay", []string{"AWS_MAX_ATTEMPTS=3"}, false,
			[]string{"AWS_MAX_ATTEMPTS=3", "AWS_RETRY_MODE=standard"}},
		{"the caller's mode stays", []string{"AWS_RETRY_MODE=adaptive"}, false,
			[]string{"AWS_RETRY_MODE=adaptive", "AWS_MAX_ATTEMPTS=1"}},
		{"set to empty is set", []string{"AWS_MAX_ATTEMPTS=", "AWS_RETRY_MODE="}, false,
			[]string{"AWS_MAX_ATTEMPTS=", "AWS_RETRY_MODE="}},
		{"a longer name is another variable", []string{"AWS_MAX_ATTEMPTS_X=9"}, false,
			[]string{"AWS_MAX_ATTEMPTS_X=9", "AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard"}},
		{"--keep-cli-retries", base, true, base},
		{"empty", nil, false, []string{"AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]string(nil), tc.env...)
			require.Equal(t, tc.want, childEnv(in, tc.keepCLI))
			require.Equal(t, tc.env, in, "the caller's slice is not changed")
		})
	}
}
