//go:build !unix

package credentials

import "os/exec"

// runInOwnGroup does nothing outside Unix: there, on timeout, only the
// command itself is killed (exec.Cmd's default), not programs it started.
func runInOwnGroup(*exec.Cmd) {}
