package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLinksNoServicePackage keeps the command small: it links the standard
// library and the root package, never an SDK service package (a CLI that
// links 12 of them is 76 MB and builds in minutes).
func TestLinksNoServicePackage(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/awsretry/awsretry")
	for _, d := range deps {
		require.NotContains(t, d, "aws-sdk-go-v2/service/", "cmd/awsretry links a service package")
		require.NotContains(t, d, "aws-sdk-go-v2/config", "cmd/awsretry links the SDK's config loader")
	}
}
