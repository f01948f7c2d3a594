package main

import "strings"

// oneLayer is the environment that makes the AWS CLI (v1 and v2) send one
// request per attempt, so that its retries do not multiply awsretry's: the
// CLI's form of Options.DisableSDKRetries.
var oneLayer = []string{"AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard"}

// childEnv returns the command's environment: env, plus each setting of
// oneLayer whose variable env does not set, unless keepCLI. A variable the
// caller set, even to "", is the caller's.
func childEnv(env []string, keepCLI bool) []string {
	out := append([]string(nil), env...)
	if keepCLI {
		return out
	}
	for _, kv := range oneLayer {
		if !hasVar(env, kv[:strings.IndexByte(kv, '=')+1]) {
			out = append(out, kv)
		}
	}
	return out
}

// hasVar reports whether env sets the variable whose "NAME=" is prefix.
func hasVar(env []string, prefix string) bool {
	for _, kv := range env {
		if strings.HasPrefix(kv, prefix) {
			return true
		}
	}
	return false
}
