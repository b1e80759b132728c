//go:build unix

package credentials

import (
	"context"
	"io"
	"os"
	"syscall"
	"time"
)

// runCommand runs command with /bin/sh -c as the leader of a new process
// group, stdin from the null device and stdout and stderr copied into the
// given writers, and returns how the shell exited. When ctx is done it
// kills the whole group, so that programs the command started in the
// background die with it. Once the shell has exited, the writers get
// processPipeGrace to drain the pipes; a background child still holding
// them open after that is left alone and no longer read.
//
// It starts the shell with os.StartProcess rather than os/exec: the shell
// is an absolute path, so exec's path lookup is not needed, and leaving
// os/exec out keeps about 50 KB out of every binary linking this package.
func runCommand(ctx context.Context, command string, stdout, stderr io.Writer) (*os.ProcessState, error) {
	stdin, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer stdin.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer outR.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		outW.Close()
		return nil, err
	}
	defer errR.Close()
	proc, err := os.StartProcess("/bin/sh", []string{"/bin/sh", "-c", command}, &os.ProcAttr{
		Files: []*os.File{stdin, outW, errW},
		Sys:   &syscall.SysProcAttr{Setpgid: true},
	})
	outW.Close()
	errW.Close()
	if err != nil {
		return nil, err
	}
	copied := make(chan struct{}, 2)
	go copyPipe(stdout, outR, copied)
	go copyPipe(stderr, errR, copied)
	exited := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			// The group's id is the shell's pid (Setpgid). ESRCH (the
			// group is gone already) needs no handling.
			_ = syscall.Kill(-proc.Pid, syscall.SIGKILL)
		case <-exited:
		}
	}()
	state, err := proc.Wait()
	close(exited)
	grace := time.NewTimer(processPipeGrace)
	defer grace.Stop()
	for pending := 2; pending > 0; pending-- {
		select {
		case <-copied:
		case <-grace.C:
			// Closing the read ends ends the copies.
			outR.Close()
			errR.Close()
			for ; pending > 0; pending-- {
				<-copied
			}
			return state, err
		}
	}
	return state, err
}

// copyPipe copies r into w until r ends or is closed, then signals done.
func copyPipe(w io.Writer, r *os.File, done chan<- struct{}) {
	_, _ = io.Copy(w, r)
	done <- struct{}{}
}
