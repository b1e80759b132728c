//go:build unix

package credentials

import (
	"errors"
	"os/exec"
	"syscall"
)

// runInOwnGroup starts cmd as the leader of a new process group and makes
// cancelling it (the timeout) kill the whole group, so that programs the
// shell started do not outlive it.
func runInOwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// A negative pid names the process group whose id is the leader's
		// pid.
		err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if errors.Is(err, syscall.ESRCH) {
			return nil
		}
		return err
	}
}
