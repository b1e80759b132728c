//go:build !unix

package credentials

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
)

// runCommand runs command with cmd.exe /C on Windows and /bin/sh -c
// elsewhere, stdout and stderr copied into the given writers, and returns
// how it exited. When ctx is done only the command itself is killed
// (exec.Cmd's default), not programs it started. Once it has exited, the
// writers get processPipeGrace to drain the pipes.
func runCommand(ctx context.Context, command string, stdout, stderr io.Writer) (*os.ProcessState, error) {
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd.exe", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", command)
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = processPipeGrace
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ProcessState, nil
	case err != nil && !errors.Is(err, exec.ErrWaitDelay):
		return nil, err
	}
	return cmd.ProcessState, nil
}
