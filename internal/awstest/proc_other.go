//go:build !linux

package awstest

import "os/exec"

// isolate does nothing where process groups are not Linux's.
func isolate(*exec.Cmd) {}

// killGroup kills cmd's process.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
