//go:build unix

package credentials_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/credentials"
)

// readPID reads the pid a script wrote to path and, at cleanup, kills that
// process if it is still there.
func readPID(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	require.Greater(t, pid, 1)
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	return pid
}

// running reports whether pid is a live process. On Linux a zombie
// waiting to be reaped (by an init that may never reap it) is not; without
// /proc, the signal-0 probe alone decides.
func running(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	switch {
	case errors.Is(err, os.ErrNotExist) && procMounted():
		return false
	case err != nil:
		return true
	}
	// The state follows "pid (comm)"; Z is a zombie.
	rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
	return !strings.HasPrefix(strings.TrimSpace(rest), "Z")
}

// procMounted reports whether /proc describes processes (Linux).
func procMounted() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// TestProcessProviderCutShortKillsTheWholeGroup: a program the shell
// started in the background dies with it when the run is cut short. The
// context ends once the script has written its child's pid (an event, where
// a 500 ms Timeout raced the shell's start on a loaded machine and sometimes
// won before the child existed); a Timeout ends the same context, and the
// "timeout" case of TestProcessProvider checks its message.
func TestProcessProviderCutShortKillsTheWholeGroup(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	script := "sleep 300 &\necho $! > " + pidFile + ".tmp && mv " + pidFile + ".tmp " + pidFile + "\nsleep 300"
	p := credentials.NewProcessProvider(writeScript(t, dir, "p.sh", script))
	p.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := p.Retrieve(ctx)
		errc <- err
	}()
	require.Eventually(t, func() bool { _, err := os.Stat(pidFile); return err == nil }, 30*time.Second, 10*time.Millisecond,
		"the script wrote its child's pid")
	pid := readPID(t, pidFile)
	cancel()
	err := <-errc
	require.Error(t, err)
	assert.Contains(t, err.Error(), "credential_process cancelled")
	// SIGKILL is delivered at once, but the exit is asynchronous.
	deadline := time.Now().Add(10 * time.Second)
	for running(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	assert.False(t, running(pid), "the background child %d outlived the run", pid)
}

// TestProcessProviderBackgroundChildHoldingStdout: the command prints valid
// JSON and exits 0, leaving a background child with stdout open; the run
// succeeds with what was printed.
func TestProcessProviderBackgroundChildHoldingStdout(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	script := "sleep 300 &\necho $! > " + pidFile + "\n" +
		`printf '{"Version":1,"AccessKeyId":"PROCKEY","SecretAccessKey":"S"}'`
	p := credentials.NewProcessProvider(writeScript(t, dir, "p.sh", script))
	p.Timeout = 20 * time.Second
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "PROCKEY", got.AccessKeyID)
	assert.True(t, running(readPID(t, pidFile)), "a successful run leaves the helper's background work alone")
}

// TestProcessProviderStdinIsTheNullDevice: the command reads end of input
// from stdin at once (a closed descriptor would make cat fail, a terminal
// would make it wait).
func TestProcessProviderStdinIsTheNullDevice(t *testing.T) {
	script := "if cat >/dev/null; then printf '{\"Version\":1,\"AccessKeyId\":\"PROCKEY\",\"SecretAccessKey\":\"S\"}'; else exit 9; fi"
	p := credentials.NewProcessProvider(writeScript(t, t.TempDir(), "p.sh", script))
	p.Timeout = 20 * time.Second
	got, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "PROCKEY", got.AccessKeyID)
}
